/**
 * Trains a variant of the abuse model without writing it, then measures it as bench/moderation-targets.ts
 * measures the shipped one: OLID held-out macro-F1 and the clean-text fixtures held or rejected, at the
 * hold threshold training chose and at any others given. For comparing training options.
 *
 *   npx tsx scripts/train-experiment.ts '{"sourceWeights":{"wordnet":0.1},"cleanBudget":0.01}' [--at 0.5,0.55]
 */
import { train, type TrainOptions } from '../tools/train/train';
import { setAbuseModel } from '../src/moderation/classifier/model';
import { defaultDataDir } from '../tools/train/data';
import { DEFAULT_MODERATION_SETTINGS } from '../src/moderation/settings';
import { cleanFixtureFiles, fixtureLines, heldOrRejected, olidHeldOut } from '../bench/_moderation-eval';

const cleanFiles = [...cleanFixtureFiles('civil-arguments'), ...cleanFixtureFiles('trap-words')];

const args = process.argv.slice(2);
const atIndex = args.indexOf('--at');
const extraThresholds = atIndex >= 0 ? args[atIndex + 1]!.split(',').map(Number) : [];
const options = JSON.parse(args.find((a, i) => !a.startsWith('--') && !(atIndex >= 0 && i === atIndex + 1)) ?? '{}') as Partial<TrainOptions>;

const dataDir = defaultDataDir();
const res = await train({ dataDir, seed: 1, ...options, outFile: null });
setAbuseModel(res.model);

for (const t of [res.suggested.low, ...extraThresholds]) {
  const settings = { ...DEFAULT_MODERATION_SETTINGS, abuse: { ...DEFAULT_MODERATION_SETTINGS.abuse, holdThreshold: t, rejectThreshold: Math.max(t, 0.92) } };
  const m = olidHeldOut(dataDir, settings);
  const row: Record<string, unknown> = { options, hold: t, chosenByTraining: t === res.suggested.low, olidMacroF1: +m.macroF1.toFixed(4) };
  for (const f of cleanFiles) {
    const l = fixtureLines(f);
    row[f] = `${heldOrRejected(l, settings)}/${l.length}`;
  }
  console.log(JSON.stringify(row));
}
