/* Writes docs/api/openapi.json: the HTTP API's reference, generated from the route schemas
   (`npm run api-docs`). test/api/api-docs.test.ts fails when the committed file is stale. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../src/config';
import { createContext } from '../src/server/context';
import { buildApp } from '../src/server/app';
import { apiDocument } from '../src/server/api-docs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-api-docs-'));
try {
  const config = loadConfig({ PARLEY_DATABASE_URL: `sqlite:${path.join(dir, 'parley.db')}`, PARLEY_PUBLIC_URL: 'http://parley.test', PARLEY_SEED_DEMO: 'false', PARLEY_LOG_LEVEL: 'silent' });
  const ctx = await createContext(config, pino({ level: 'silent' }));
  const app = await buildApp(ctx);
  await app.ready();
  const out = path.join(import.meta.dirname, '..', 'docs', 'api', 'openapi.json');
  fs.writeFileSync(out, JSON.stringify(apiDocument(app), null, 2) + '\n');
  await app.close();
  await ctx.close();
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
