/* Heavy reads on SQLite run in a worker thread on its own connection, and answer as the same read here would. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBigDatabase } from '../../bench/make-big-db';
import { migrate, openStore, type Store } from '../../src/store/db';
import { createReader } from '../../src/store/reader';
import { moderationActivity } from '../../src/store/overview';

describe('the read worker', () => {
  let dir: string;
  let store: Store;
  const ranHere: string[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-reader-'));
    const made = await makeBigDatabase(path.join(dir, 'parley.db'), { comments: 3_000, held: 150, posts: 10, users: 100 });
    store = openStore(`sqlite:${made.file}`);
    const handle = store.sqlite!;
    const prepare = handle.prepare.bind(handle);
    handle.prepare = ((source: string) => {
      ranHere.push(source);
      return prepare(source);
    }) as typeof handle.prepare;
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("counts the dashboard's figures off the server's connection, the same as on it", async () => {
    const from = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
    const reader = createReader(store);
    try {
      const there = await reader.run('moderationActivity', from);
      expect(ranHere).toEqual([]);
      const here = await moderationActivity(store.db, from);
      expect(ranHere.length).toBeGreaterThan(0);
      expect(there).toEqual(here);
      expect(there.perDay.reduce((n, r) => n + r.n, 0)).toBeGreaterThan(0);
      expect(there.topFlagged.length).toBeGreaterThan(0);
    } finally {
      await reader.close();
    }
  }, 60_000);

  it('does not keep a process alive once its reads are answered', async () => {
    // a script that reads once and then has nothing left to do ends by itself
    const script = path.join(dir, 'one-read.mts');
    const src = (name: string) => JSON.stringify(new URL(`../../src/store/${name}`, import.meta.url).href);
    fs.writeFileSync(
      script,
      `import { openStore } from ${src('db.ts')};
import { createReader } from ${src('reader.ts')};
const store = openStore(${JSON.stringify(`sqlite:${path.join(dir, 'parley.db')}`)});
const r = await createReader(store).run('moderationActivity', '2026-01-01');
console.log(r.perDay.length > 0 ? 'read' : 'empty');
await store.close();
`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { timeout: 30_000 });
    expect(stdout.trim()).toBe('read');
  }, 40_000);

  it('reads in this thread when the database is in memory', async () => {
    const memory = openStore('sqlite:');
    const reader = createReader(memory);
    await migrate(memory);
    expect((await reader.run('moderationActivity', '2026-01-01')).perDay).toEqual([]);
    await reader.close();
    await memory.close();
  });
});
