/**
 * Issue 7's moderation targets, each measured against its real target on data the model was not
 * trained on. Prints ONE JSON line. Run: npx tsx bench/moderation-targets.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { binaryMetrics } from '../src/moderation/classifier/train';
import { dataAvailable, defaultDataDir, loadOlid } from '../src/moderation/classifier/data';
import { moderateLine } from '../src/moderation/stream';

const fixtures = path.join('test', 'fixtures', 'moderation');
const lines = (file: string) => readFileSync(path.join(fixtures, file), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const heldOrRejected = (texts: string[]) => texts.filter((t) => moderateLine(1, t).decision !== 'publish').length / texts.length;

const disguised = lines('obfuscated-profanity.tsv').map((l) => l.split('\t')[1] ?? l);
const caught = disguised.filter((t) => moderateLine(1, t).reasons.includes('profanity')).length / disguised.length;

const result: Record<string, unknown> = {
  bench: 'moderation-targets',
  disguisedProfanityCaught: { value: +caught.toFixed(4), target: 0.97, met: caught >= 0.97, n: disguised.length },
};
const files = readdirSync(fixtures).sort();
for (const file of files.filter((f) => /^trap-words.*\.txt$/.test(f))) {
  const v = heldOrRejected(lines(file));
  result[file] = { heldOrRejected: +v.toFixed(4), target: 0.01, met: v <= 0.01 };
}
for (const file of files.filter((f) => /^civil-arguments.*\.txt$/.test(f))) {
  const v = heldOrRejected(lines(file));
  result[file] = { heldOrRejected: +v.toFixed(4), target: 0.02, met: v <= 0.02 };
}
const dataDir = defaultDataDir();
if (dataAvailable(dataDir)) {
  const test = loadOlid(dataDir).filter((e) => e.split === 'test');
  const m = binaryMetrics(test.map((e) => e.label), test.map((e) => (moderateLine(e.id, e.text).abusive ? 1 : 0)));
  result.olidHeldOut = { macroF1: +m.macroF1.toFixed(4), target: 0.78, met: m.macroF1 >= 0.78, n: m.n };
} else {
  result.olidHeldOut = { skipped: `no training data in ${dataDir}` };
}
console.log(JSON.stringify(result));
