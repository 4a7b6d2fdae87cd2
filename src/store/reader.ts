import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Store } from './db';
import { HEAVY_READS, type HeavyReadName, type HeavyReads } from './heavy-reads';

/* Heavy reads off the main thread. better-sqlite3 answers a statement synchronously, so a read of
   tens of thousands of rows holds every other request on the node for its whole length; on a SQLite
   file the reads of store/heavy-reads.ts run instead in one worker thread with its own read-only
   connection (WAL lets it read while the server writes), started at the first such read. In memory
   and on PostgreSQL (whose driver does not hold the thread) they run here. */

type Args<K extends HeavyReadName> = Parameters<HeavyReads[K]> extends [unknown, ...infer R] ? R : never;
type Result<K extends HeavyReadName> = Awaited<ReturnType<HeavyReads[K]>>;

export interface Reader {
  run<K extends HeavyReadName>(name: K, ...args: Args<K>): Promise<Result<K>>;
  close(): Promise<void>;
}

const requireHere = createRequire(import.meta.url);

/** Runs the TypeScript worker of a source checkout (tsx registered in the thread, as in the process). */
const SOURCE_BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry); });
`;

function startWorker(file: string): Worker | null {
  if (import.meta.url.endsWith('.ts')) {
    const tsx = pathToFileURL(path.join(path.dirname(requireHere.resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
    return new Worker(SOURCE_BOOT, { eval: true, workerData: { file, tsx, entry: new URL('./read-worker.ts', import.meta.url).href } });
  }
  // The build puts the worker's bundle next to the server's (scripts/build.mjs).
  const built = new URL('./read-worker.js', import.meta.url);
  return fs.existsSync(built) ? new Worker(built, { workerData: { file } }) : null;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

export function createReader(store: Store): Reader {
  const here = <K extends HeavyReadName>(name: K, args: Args<K>) => (HEAVY_READS[name] as (db: Store['db'], ...a: unknown[]) => Promise<Result<K>>)(store.db, ...(args as unknown[]));
  if (!store.sqlite || !store.file) return { run: (name, ...args) => here(name, args), close: async () => {} };
  const file = store.file;
  let worker: Worker | null = null;
  let unavailable = false;
  let nextId = 0;
  const pending = new Map<number, Pending>();
  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const start = (): Worker | null => {
    if (worker || unavailable) return worker;
    const w = startWorker(file);
    if (!w) {
      unavailable = true;
      return null;
    }
    w.on('message', (m: { id: number; value?: unknown; error?: string }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      // an idle worker does not keep the process alive
      if (!pending.size) w.unref();
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.value);
    });
    const gone = (err: Error) => {
      if (worker === w) worker = null;
      failAll(err);
    };
    w.on('error', gone);
    w.on('exit', () => gone(new Error('The read worker stopped.')));
    // after the listeners: adding a 'message' listener refs the worker again
    w.unref();
    worker = w;
    return w;
  };
  return {
    run(name, ...args) {
      const w = start();
      if (!w) return here(name, args);
      const id = nextId++;
      if (!pending.size) w.ref();
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        w.postMessage({ id, name, args });
      });
    },
    async close() {
      const w = worker;
      worker = null;
      unavailable = true;
      if (!w) return;
      const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
      w.postMessage('stop');
      await exited;
    },
  };
}
