import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { moderate } from './pipeline';
import { warmUpPipeline } from './warm-up';
import type { ModerationInput, ModerationResult } from './types';

/* The moderation pipeline of new and edited comments, off the main thread. It is pure CPU (a few hundred
   µs a comment, most of it wink reading a sentence) and ran on the event loop, where every comment that
   arrived in the same turn of the loop waited for the pipelines of those before it, and the node used one
   core for everything. One worker thread per process runs it instead, started when the server gets ready,
   while the main thread goes on with HTTP, sessions and the database. The pipeline is deterministic in its
   input, which is copied to the worker, so the result is the same. Where the worker cannot start, or
   stops, the pipeline runs on the main thread as before. */

const requireHere = createRequire(import.meta.url);

/** Runs the TypeScript worker of a source checkout (tsx registered in the thread, as in the process). */
const SOURCE_BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry); });
`;

/**
 * The built server always moderates in the worker. Run from source (the tests, tsx) it does so only when
 * PARLEY_MODERATION_WORKER=1: booting tsx in a thread costs each test process about 1.3 s of CPU, and the
 * pipeline's decisions are the same on either thread (test/moderation/off-thread.test.ts checks both).
 */
function startWorker(): Worker | null {
  if (import.meta.url.endsWith('.ts')) {
    if (process.env.PARLEY_MODERATION_WORKER !== '1') return null;
    const tsx = pathToFileURL(path.join(path.dirname(requireHere.resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
    return new Worker(SOURCE_BOOT, { eval: true, workerData: { tsx, entry: new URL('./pipeline-worker.ts', import.meta.url).href } });
  }
  // The build puts the worker's bundle next to the server's (scripts/build.mjs).
  const built = new URL('./moderation-worker.js', import.meta.url);
  return fs.existsSync(built) ? new Worker(built) : null;
}

/** The worker's answer to one comment. */
export interface Answer {
  id: number;
  result?: ModerationResult;
  error?: string;
}

interface Job {
  input: ModerationInput;
  resolve(result: ModerationResult): void;
  reject(err: Error): void;
}

let worker: Worker | null = null;
let ready: Promise<void> | null = null;
let unavailable = false;
let nextId = 0;
const pending = new Map<number, Job>();

/** Runs a job here, as when there is no worker. */
function runHere(job: Job): void {
  try {
    job.resolve(moderate(job.input));
  } catch (err) {
    job.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

function start(): Worker | null {
  if (worker || unavailable) return worker;
  let w: Worker | null;
  try {
    w = startWorker();
  } catch {
    w = null;
  }
  if (!w) {
    unavailable = true;
    return null;
  }
  const started = w;
  ready = new Promise<void>((resolve) => {
    started.on('message', (m: { ready: true } | { answers: Answer[] }) => {
      // Held while it loads and while it has comments to answer: an idle worker does not keep the process alive.
      if ('ready' in m) {
        if (!pending.size) started.unref();
        return resolve();
      }
      for (const a of m.answers) {
        const job = pending.get(a.id);
        if (!job) continue;
        pending.delete(a.id);
        if (a.error !== undefined) job.reject(new Error(a.error));
        else job.resolve(a.result as ModerationResult);
      }
      if (!pending.size) started.unref();
    });
    const gone = () => {
      if (worker !== started) return;
      worker = null;
      unavailable = true;
      resolve();
      // What it had not answered is moderated here.
      const left = [...pending.values()];
      pending.clear();
      for (const job of left) runHere(job);
    };
    started.on('error', gone);
    started.on('exit', gone);
  });
  worker = started;
  return started;
}

/** Loads the pipeline before the first comment arrives: starts the worker and resolves once it has loaded it (or loads it here). */
export async function warmUpModeration(): Promise<void> {
  if (start()) await ready;
  if (unavailable) warmUpPipeline();
}

/* The comments of one turn of the event loop go to the worker in one message, and it answers them in
   one: their answers arrive together and so share the next group commit, rather than trickling in
   one by one with a commit (an fsync holding the event loop) for every few; and a copied value they
   share (the settings) is copied once. */
let outbox: Array<{ id: number; input: ModerationInput }> = [];

function send(): void {
  const jobs = outbox;
  outbox = [];
  if (worker) return worker.postMessage({ jobs });
  // the worker stopped meanwhile, and what it left unanswered (these too) was answered here then
  for (const j of jobs) {
    const job = pending.get(j.id);
    pending.delete(j.id);
    if (job) runHere(job);
  }
}

/** The pipeline's decision on `input`, made by the worker thread when there is one. */
export function moderateOffThread(input: ModerationInput): Promise<ModerationResult> {
  return new Promise<ModerationResult>((resolve, reject) => {
    const job: Job = { input, resolve, reject };
    const w = start();
    if (!w) return runHere(job);
    const id = nextId++;
    if (!pending.size) w.ref();
    pending.set(id, job);
    outbox.push({ id, input });
    if (outbox.length === 1) setImmediate(send);
  });
}

/** Where comments are moderated now: in the worker thread, or here (no worker could start, or it stopped). */
export function moderationThread(): 'worker' | 'main' {
  return worker ? 'worker' : 'main';
}
