/* A TCP proxy a test controls: `cut()` drops every connection through it and refuses new ones (as a
   dead Redis or a network blip looks to the client), `freeze()` keeps connections open but carries
   nothing (a network partition: no reset, no answer), `restore()` lets traffic through again. */
import net from 'node:net';

export interface TcpProxy {
  port: number;
  cut(): void;
  freeze(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let open = true;
  let frozen = false;
  const server = net.createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (d: Buffer) => void (frozen || upstream.write(d)));
    upstream.on('data', (d: Buffer) => void (frozen || client.write(d)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    cut() {
      open = false;
      for (const s of [...sockets]) s.destroy();
      sockets.clear();
    },
    freeze() {
      frozen = true;
    },
    restore() {
      open = true;
      frozen = false;
    },
    close() {
      open = false;
      for (const s of [...sockets]) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
