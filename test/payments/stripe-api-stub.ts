/* A local HTTP server standing in for api.stripe.com: records each request (method, path, query,
   form parameters, headers) and answers with the JSON a route handler returns. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  params: Record<string, string>;
  headers: http.IncomingHttpHeaders;
}

export type StubHandler = (req: StubRequest) => { status?: number; body: unknown; html?: boolean } | undefined;

export async function startStripeStub(handler: StubHandler) {
  const requests: StubRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const record: StubRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        params: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
        headers: req.headers,
      };
      requests.push(record);
      const answer = handler(record) ?? { status: 404, body: { error: { type: 'invalid_request_error', message: `No stub for ${record.method} ${record.path}` } } };
      res.writeHead(answer.status ?? 200, { 'content-type': answer.html ? 'text/html; charset=utf-8' : 'application/json', 'request-id': `req_stub_${requests.length}` });
      res.end(answer.html ? String(answer.body) : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
