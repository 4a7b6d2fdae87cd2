import { parentPort, workerData } from 'node:worker_threads';
import { parseWxr, type WorkerMessage } from './wxr-parse';

/* The WXR reader as a worker thread (built to dist/wxr-worker.js): it reads and renders while the
   importer's main thread writes. At most one batch waits for the writer, so memory stays bounded. */

if (!parentPort) throw new Error('wxr-worker.ts runs as a worker thread');
const port = parentPort;
const file = (workerData as { file: string }).file;
let unacked = 0;
let wake: (() => void) | null = null;
port.on('message', (m: { type: string }) => {
  if (m.type === 'ack') {
    unacked -= 1;
    wake?.();
    wake = null;
  }
});
let lastBytes = 0;
parseWxr(
  file,
  async (batch) => {
    // One batch waits for the writer while the next one is read: memory for two batches, not the file.
    while (unacked >= 1) await new Promise<void>((r) => (wake = r));
    unacked += 1;
    port.postMessage({ type: 'batch', batch } satisfies WorkerMessage);
  },
  {
    onBytes: (n) => {
      if (n - lastBytes >= 1 << 20) {
        lastBytes = n;
        port.postMessage({ type: 'bytes', n } satisfies WorkerMessage);
      }
    },
  },
).then(
  (end) => {
    port.postMessage({ type: 'end', end } satisfies WorkerMessage);
    port.close();
  },
  (err: unknown) => {
    port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies WorkerMessage);
    port.close();
  },
);
