import { parentPort } from 'node:worker_threads';
import { moderate } from './pipeline';
import { warmUpPipeline } from './warm-up';
import type { ModerationInput } from './types';

/* The worker thread of moderation/off-thread.ts: loads the pipeline, says so, then moderates each comment
   it is sent, in order, answered by its job id. */

const port = parentPort;
if (!port) throw new Error('moderation/pipeline-worker.ts runs as a worker thread.');
warmUpPipeline();
port.postMessage({ ready: true });
port.on('message', (job: { id: number; input: ModerationInput }) => {
  try {
    port.postMessage({ id: job.id, result: moderate(job.input) });
  } catch (err) {
    port.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) });
  }
});
