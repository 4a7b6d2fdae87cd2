/**
 * Moderation throughput: the whole pipeline on ~1 KB comments, one core.
 * Prints ONE JSON line. Run: npx tsx bench/moderation.ts
 * 500 comments of ~1 KB (10 % with disguised profanity, 4 % with a link, 40 % with words the evidence step
 * reads in context), timed in 20 rounds.
 */
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { DEFAULT_MODEL_PATH, loadAbuseModel } from '../src/moderation/classifier/model';
import { mulberry32 } from '../tools/train/civil-corpus';
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
  // a fifth of comments hold words the evidence step reads in context (a group, an insult, a threat word)
  if (i % 5 === 1) s = 'Immigrants are not the problem here, and calling them a burden is wrong. ' + s;
  if (i % 5 === 3) s = 'The minister is an idiot if he thinks this will not hurt families. ' + s;
  if (i % 25 === 0) s += ' see https://example.com/report';
  comments.push(s.slice(0, 1024));
}
const inputs = comments.map((c) => contentOnlyInput(c));

/**
 * Throughput over `rounds` timed runs of `n` calls each: per second of CPU
 * time (the target: one core), and by the wall clock the fastest and the
 * median round (the machine is shared, so those depend on its load).
 */
function perSecond(n: number, rounds: number, f: (i: number) => void): { best: number; median: number; perCpuSecond: number } {
  const rates: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    for (let i = 0; i < n; i++) f(i);
    rates.push(n / ((performance.now() - t) / 1000));
  }
  // CPU time this process used (all its threads, so GC helpers count against us):
  // what one core does when it is ours, whatever else the machine is running
  const cpu = process.cpuUsage(cpu0);
  rates.sort((a, b) => a - b);
  return { best: rates[rates.length - 1]!, median: rates[rates.length >> 1]!, perCpuSecond: (n * rounds) / ((cpu.user + cpu.system) / 1e6) };
}

for (let i = 0; i < 1000; i++) moderate(inputs[i % inputs.length]!); // warm up
let held = 0;
for (const input of inputs) if (moderate(input).decision !== 'publish') held++;
const n = 500;
const rounds = 20;
const pipeline = perSecond(n, rounds, (i) => moderate(inputs[i]!));
// same-run baseline: what the server does anyway with each comment, a JSON round trip of its body
let sink = 0;
const baseline = perSecond(n, rounds, (i) => {
  sink += (JSON.parse(JSON.stringify({ id: i, text: comments[i] })) as { text: string }).text.length;
});
console.log(
  JSON.stringify({
    bench: 'moderation-pipeline',
    comments: n,
    rounds,
    avgChars: Math.round(comments.reduce((a, c) => a + c.length, 0) / comments.length),
    commentsPerCpuSecond: Math.round(pipeline.perCpuSecond),
    commentsPerSecond: Math.round(pipeline.best),
    commentsPerSecondMedianRound: Math.round(pipeline.median),
    msCpuPerComment: +(1000 / pipeline.perCpuSecond).toFixed(3),
    target: 2000,
    baseline: 'JSON.stringify + JSON.parse of {id, text}',
    baselinePerCpuSecond: Math.round(baseline.perCpuSecond),
    ratioToBaseline: +(pipeline.perCpuSecond / baseline.perCpuSecond).toFixed(4),
    heldOrRejectedOf500: held,
    modelBytes: statSync(DEFAULT_MODEL_PATH).size,
    modelLoadMs: Math.round(loadMs),
    loadAverage: +loadavg()[0]!.toFixed(1),
    node: process.version,
    sink: sink > 0,
  }),
);
