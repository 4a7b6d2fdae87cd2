import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from './db';
import { HEAVY_READS, type HeavyReadName } from './heavy-reads';

/* The worker thread of store/reader.ts: one read-only connection to the server's SQLite file, one
   heavy read at a time, each answered by its job id. */

interface Job {
  id: number;
  name: HeavyReadName;
  args: unknown[];
}

const port = parentPort;
if (!port) throw new Error('store/read-worker.ts runs as a worker thread.');
const store = openStore(`sqlite:${(workerData as { file: string }).file}`, { readonly: true });
let queue = Promise.resolve();
port.on('message', (job: Job | 'stop') => {
  if (job === 'stop') {
    void queue.then(() => store.close()).then(() => process.exit(0));
    return;
  }
  queue = queue.then(async () => {
    try {
      const read = HEAVY_READS[job.name] as (db: typeof store.db, ...a: unknown[]) => Promise<unknown>;
      port.postMessage({ id: job.id, value: await read(store.db, ...job.args) });
    } catch (err) {
      port.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) });
    }
  });
});
