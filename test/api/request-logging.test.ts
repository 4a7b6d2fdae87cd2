/* At the default level (info) a request that succeeds writes no log line; a failure is logged
   once with its error; at debug every request is one line. */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../../src/config';
import { createContext, type AppContext } from '../../src/server/context';
import { buildApp } from '../../src/server/app';
import { freshDatabase } from '../helpers/harness';
import type { FastifyInstance } from 'fastify';

let open: Array<{ app: FastifyInstance; ctx: AppContext; cleanup(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open) {
    await o.app.close();
    await o.ctx.close();
    await o.cleanup();
  }
  open = [];
});

async function appLoggingAt(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const database = await freshDatabase();
  const config = loadConfig({ PARLEY_DATABASE_URL: database.url, PARLEY_PUBLIC_URL: 'http://parley.test', PARLEY_SEED_DEMO: 'false', PARLEY_LOG_LEVEL: level });
  const ctx = await createContext(config, pino({ level }, sink));
  const app = await buildApp(ctx);
  app.get('/test-failure', async () => {
    throw new Error('the disk is on fire');
  });
  await app.ready();
  open.push({ app, ctx, cleanup: database.cleanup });
  return { app, lines };
}

describe('request logging', () => {
  it('writes nothing for successful requests at info, and one line for a failure', async () => {
    const { app, lines } = await appLoggingAt('info');
    for (let i = 0; i < 5; i++) expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/posts/nothing-here' })).statusCode).toBe(404);
    await new Promise((r) => setImmediate(r));
    expect(lines.filter((l) => l.reqId)).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/test-failure' })).statusCode).toBe(500);
    await new Promise((r) => setImmediate(r));
    const failures = lines.filter((l) => l.reqId);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ level: 50, msg: 'request failed', err: { message: 'the disk is on fire' } });
  });

  it('writes one line per request at debug', async () => {
    const { app, lines } = await appLoggingAt('debug');
    for (let i = 0; i < 3; i++) await app.inject({ method: 'GET', url: '/healthz' });
    await new Promise((r) => setImmediate(r));
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests).toHaveLength(3);
    expect(requests[0]).toMatchObject({ method: 'GET', url: '/healthz', status: 200 });
    expect(lines.filter((l) => l.reqId).length).toBe(3);
  });
});
