import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { createLogger } from '../../src/server/start';
import { loadConfig } from '../../src/config';

function capture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

async function logOneRequest(pretty: boolean): Promise<string[]> {
  const out = capture();
  const log = createLogger(loadConfig({ PARLEY_LOG_LEVEL: 'info' }), { pretty, destination: out.stream });
  const app = Fastify({ loggerInstance: log });
  app.get('/posts/:slug', async () => ({ ok: true }));
  await app.inject({ method: 'GET', url: '/posts/library-hours?x=1' });
  log.info('Parley demo site created');
  await app.close();
  return out.text().split('\n').filter(Boolean);
}

describe('the server log', () => {
  it('in a terminal, prints one readable line per request instead of two JSON objects', async () => {
    const lines = await logOneRequest(true);
    const requestLines = lines.filter((l) => l.includes('/posts/library-hours'));
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatch(/INFO.*GET \/posts\/library-hours\?x=1 → 200 in \d+ ms/);
    expect(lines.some((l) => l.trimStart().startsWith('{'))).toBe(false);
    expect(lines.some((l) => l.includes('incoming request'))).toBe(false);
    expect(lines.at(-1)).toContain('Parley demo site created');
  });

  it('elsewhere (a log collector), keeps JSON lines with the request and the response', async () => {
    const lines = await logOneRequest(false);
    const parsed = lines.map((l) => JSON.parse(l) as { msg: string; req?: { url: string }; res?: { statusCode: number } });
    expect(parsed.find((p) => p.msg === 'incoming request')?.req?.url).toBe('/posts/library-hours?x=1');
    expect(parsed.find((p) => p.msg === 'request completed')?.res?.statusCode).toBe(200);
  });
});
