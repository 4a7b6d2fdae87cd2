/**
 * Issue 7's moderation targets, each measured against its real target on data the model was not
 * trained on. Prints ONE JSON line. Run: npx tsx bench/moderation-targets.ts
 */
import { dataAvailable, defaultDataDir } from '../src/moderation/classifier/data';
import { moderateLine } from '../src/moderation/stream';
import { cleanFixtureFiles, fixtureLines, heldOrRejected, olidHeldOut } from './_moderation-eval';

const disguised = fixtureLines('obfuscated-profanity.tsv').map((l) => l.split('\t')[1] ?? l);
const caught = disguised.filter((t) => moderateLine(1, t).reasons.includes('profanity')).length / disguised.length;

const result: Record<string, unknown> = {
  bench: 'moderation-targets',
  disguisedProfanityCaught: { value: +caught.toFixed(4), target: 0.97, met: caught >= 0.97, n: disguised.length },
};
for (const [kind, target] of [['trap-words', 0.01], ['civil-arguments', 0.02]] as const) {
  for (const file of cleanFixtureFiles(kind)) {
    const lines = fixtureLines(file);
    const v = heldOrRejected(lines) / lines.length;
    result[file] = { heldOrRejected: +v.toFixed(4), target, met: v <= target };
  }
}
const dataDir = defaultDataDir();
if (dataAvailable(dataDir)) {
  const m = olidHeldOut(dataDir);
  result.olidHeldOut = { macroF1: +m.macroF1.toFixed(4), target: 0.78, met: m.macroF1 >= 0.78, n: m.n };
} else {
  result.olidHeldOut = { skipped: `no training data in ${dataDir}` };
}
console.log(JSON.stringify(result));
