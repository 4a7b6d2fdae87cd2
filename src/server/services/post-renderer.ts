import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { POST_MARKDOWN } from '../../domain/markup';

/* Post Markdown rendered with a time limit. markdown-it is quadratic on some inputs (200 KB of "![" or
   "[a][" takes seconds of CPU) and cannot be interrupted, so it runs in a worker thread that is
   terminated when a render overruns; the next render starts a fresh one. */

export const RENDER_TIMEOUT_MS = 1500;

export class RenderTimeoutError extends Error {}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const MarkdownIt = require(workerData.markdownIt);
const md = new MarkdownIt(workerData.preset, workerData.options);
const safe = new RegExp(workerData.safeUrl, 'i');
md.validateLink = (url) => safe.test(url.trim());
parentPort.on('message', (job) => parentPort.postMessage({ id: job.id, html: md.render(job.text).trim() }));
`;

interface Pending {
  worker: Worker;
  resolve(html: string): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, Pending>();

/** Rejects the renders `w` had in hand: a fresh worker's renders are not its business. */
function failAll(w: Worker, err: Error): void {
  for (const [id, p] of pending) {
    if (p.worker !== w) continue;
    clearTimeout(p.timer);
    pending.delete(id);
    p.reject(err);
  }
}

function start(): Worker {
  const w = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { ...POST_MARKDOWN, markdownIt: createRequire(import.meta.url).resolve('markdown-it') },
    resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 },
  });
  w.unref();
  w.on('message', (m: { id: number; html: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    clearTimeout(p.timer);
    p.resolve(m.html);
  });
  const gone = (err: Error) => {
    if (worker === w) worker = null;
    failAll(w, err);
  };
  w.on('error', gone);
  w.on('exit', () => gone(new RenderTimeoutError('The Markdown renderer stopped.')));
  return w;
}

/** The post's HTML, as renderPostHtml makes it; rejects with RenderTimeoutError past `timeoutMs`. */
export function renderPostHtmlTimed(markdown: string, timeoutMs = RENDER_TIMEOUT_MS): Promise<string> {
  worker ??= start();
  const w = worker;
  const id = nextId++;
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // The render cannot be stopped from outside: the thread goes, and with it what it was doing.
      if (worker === w) worker = null;
      failAll(w, new RenderTimeoutError('This text takes too long to render.'));
      void w.terminate();
    }, timeoutMs);
    pending.set(id, { worker: w, resolve, reject, timer });
    w.postMessage({ id, text: markdown });
  });
}
