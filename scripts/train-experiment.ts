/**
 * Trains a variant of the abuse model without writing it, then measures it as bench/moderation-targets.ts
 * measures the shipped one: OLID held-out macro-F1 and the clean-text fixtures held or rejected, at the
 * hold threshold training chose and at any others given. For comparing training options.
 *
 *   npx tsx scripts/train-experiment.ts '{"sourceWeights":{"wordnet":0.1},"cleanBudget":0.01}' [--at 0.5,0.55]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { train, binaryMetrics, type TrainOptions } from '../src/moderation/classifier/train';
import { setAbuseModel } from '../src/moderation/classifier/model';
import { defaultDataDir, loadOlid } from '../src/moderation/classifier/data';
import { DEFAULT_MODERATION_SETTINGS } from '../src/moderation/settings';
import { moderateLine } from '../src/moderation/stream';

const fixtures = path.join('test', 'fixtures', 'moderation');
const cleanFiles = readdirSync(fixtures).filter((f) => /^(trap-words|civil-arguments).*\.txt$/.test(f)).sort();
const lines = (file: string) => readFileSync(path.join(fixtures, file), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

const args = process.argv.slice(2);
const atIndex = args.indexOf('--at');
const extraThresholds = atIndex >= 0 ? args[atIndex + 1]!.split(',').map(Number) : [];
const options = JSON.parse(args.find((a, i) => !a.startsWith('--') && i !== atIndex + 1) ?? '{}') as Partial<TrainOptions>;

const dataDir = defaultDataDir();
const res = await train({ dataDir, seed: 1, ...options, outFile: null });
setAbuseModel(res.model);
const olid = loadOlid(dataDir).filter((e) => e.split === 'test');

for (const t of [res.suggested.low, ...extraThresholds]) {
  const settings = { ...DEFAULT_MODERATION_SETTINGS, abuse: { ...DEFAULT_MODERATION_SETTINGS.abuse, holdThreshold: t, rejectThreshold: Math.max(t, 0.92) } };
  const m = binaryMetrics(olid.map((e) => e.label), olid.map((e) => (moderateLine(e.id, e.text, settings).abusive ? 1 : 0)));
  const row: Record<string, unknown> = { options, hold: t, chosenByTraining: t === res.suggested.low, olidMacroF1: +m.macroF1.toFixed(4) };
  for (const f of cleanFiles) {
    const l = lines(f);
    row[f] = `${l.filter((x) => moderateLine(1, x, settings).decision !== 'publish').length}/${l.length}`;
  }
  console.log(JSON.stringify(row));
}
