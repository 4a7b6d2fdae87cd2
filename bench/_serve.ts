/* A server for a benchmark, run in its own process: `parley DATABASE_URL` (the real Parley server)
   or `bare FILE` (node:http answering every request with FILE's bytes as JSON). Prints "LISTENING url". */
import fs from 'node:fs';
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../src/config';
import { startServer } from '../src/server/start';

const [kind, arg] = process.argv.slice(2);

if (kind === 'bare') {
  const body = fs.readFileSync(arg!);
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    process.stdout.write(`LISTENING http://127.0.0.1:${port}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
} else if (kind === 'bare-sse') {
  // The baseline for SSE fan-out: streams held open; POST /publish writes FILE's bytes as one event to all.
  const data = fs.readFileSync(arg!, 'utf8');
  const clients = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    if (req.method === 'POST') {
      const frame = `event: comment.created\ndata: ${data}\n\n`;
      for (const c of clients) c.write(frame);
      res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write('retry: 3000\n: connected\n\n');
    clients.add(res);
    res.on('close', () => clients.delete(res));
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    process.stdout.write(`LISTENING http://127.0.0.1:${port}\n`);
  });
  process.on('SIGTERM', () => {
    for (const c of clients) c.end();
    server.close(() => process.exit(0));
  });
} else if (kind === 'parley') {
  // The shipped defaults (log level included), so that what is measured is what runs.
  const config = loadConfig({ ...process.env, PARLEY_DATABASE_URL: arg, PARLEY_PORT: '0', PARLEY_HOST: '127.0.0.1', PARLEY_SEED_DEMO: 'false' });
  // Event-loop delay, when asked: SIGUSR2 starts (or restarts) the measurement, and the figures go
  // to BENCH_LOOP_DELAY_FILE on SIGTERM.
  const loopFile = process.env.BENCH_LOOP_DELAY_FILE;
  let loop: ReturnType<typeof monitorEventLoopDelay> | null = null;
  if (loopFile) {
    process.on('SIGUSR2', () => {
      loop?.disable();
      loop = monitorEventLoopDelay({ resolution: 5 });
      loop.enable();
    });
  }
  const server = await startServer(config, {}, { print: () => {} });
  server.ctx.config.publicUrl = server.url;
  process.stdout.write(`LISTENING ${server.url}\n`);
  process.on('SIGTERM', () => {
    if (loopFile && loop) {
      const ms = (ns: number) => Math.round(ns / 1e5) / 10;
      fs.writeFileSync(loopFile, JSON.stringify({ p50Ms: ms(loop.percentile(50)), p99Ms: ms(loop.percentile(99)), maxMs: ms(loop.max) }));
    }
    void server.close().then(() => process.exit(0));
  });
} else {
  throw new Error('usage: _serve.ts parley DATABASE_URL | bare FILE | bare-sse FILE');
}
