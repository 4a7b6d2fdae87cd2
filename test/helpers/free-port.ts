import net from 'node:net';

/** A port nothing listens on now, chosen by the system: a fixed range can collide with the
    ephemeral ports of other tests' outgoing connections. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
