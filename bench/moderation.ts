/**
 * Moderation throughput: the whole pipeline on ~1 KB comments, one core.
 * Prints ONE JSON line. Run: npx tsx bench/moderation.ts
 */
import { statSync } from 'node:fs';
import { DEFAULT_MODEL_PATH, loadAbuseModel } from '../src/moderation/classifier/model';
import { mulberry32 } from '../src/moderation/classifier/civil-corpus';
import { moderate } from '../src/moderation/pipeline';
import { contentOnlyInput } from '../src/moderation/stream';

const t0 = performance.now();
loadAbuseModel();
const loadMs = performance.now() - t0;

const words = 'the council budget library closure minister report figures housing rent tax voters railway hospital police court inquiry evidence policy plan cost families school teachers wrong right fair unfair decision promise broken data article reporter'.split(' ');
const rng = mulberry32(42);
const comments: string[] = [];
for (let i = 0; i < 500; i++) {
  let s = '';
  while (s.length < 1000) s += words[Math.floor(rng() * words.length)] + (rng() < 0.1 ? '. ' : ' ');
  if (i % 10 === 0) s += ' what a sh1t plan';
  if (i % 25 === 0) s += ' see https://example.com/report';
  comments.push(s.slice(0, 1024));
}
const inputs = comments.map((c) => contentOnlyInput(c));
for (let i = 0; i < 500; i++) moderate(inputs[i % inputs.length]!); // warm up
const n = 5000;
const t1 = performance.now();
let held = 0;
for (let i = 0; i < n; i++) if (moderate(inputs[i % inputs.length]!).decision !== 'publish') held++;
const secs = (performance.now() - t1) / 1000;
console.log(
  JSON.stringify({
    bench: 'moderation-pipeline',
    comments: n,
    avgChars: Math.round(comments.reduce((a, c) => a + c.length, 0) / comments.length),
    commentsPerSecond: Math.round(n / secs),
    msPerComment: +((secs * 1000) / n).toFixed(3),
    heldOrRejected: held,
    modelBytes: statSync(DEFAULT_MODEL_PATH).size,
    modelLoadMs: Math.round(loadMs),
    node: process.version,
  }),
);
