import { parentPort } from 'node:worker_threads';
import { moderate } from './pipeline';
import { warmUpPipeline } from './warm-up';
import type { ModerationInput } from './types';
import type { Answer } from './off-thread';

/* The worker thread of moderation/off-thread.ts: loads the pipeline, says so, then moderates the comments
   of each message it is sent, in order, and answers them in one message, each by its job id. */

const port = parentPort;
if (!port) throw new Error('moderation/pipeline-worker.ts runs as a worker thread.');
warmUpPipeline();
port.postMessage({ ready: true });
port.on('message', ({ jobs }: { jobs: Array<{ id: number; input: ModerationInput }> }) => {
  const answers: Answer[] = jobs.map(({ id, input }) => {
    try {
      return { id, result: moderate(input) };
    } catch (err) {
      return { id, error: err instanceof Error ? err.message : String(err) };
    }
  });
  port.postMessage({ answers });
});
