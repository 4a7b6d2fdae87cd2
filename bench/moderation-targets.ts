/**
 * The automated-moderation targets, measured on the blind-written suites (test/fixtures/moderation/suite:
 * the `-dev` files were tuned on, the `-test` files never read while tuning) and on the held-out split of the
 * OLID training file. Prints ONE JSON line. Run: npx tsx bench/moderation-targets.ts
 */
import { dataAvailable, defaultDataDir } from '../src/moderation/classifier/data';
import { olidHeldOut, suiteCases, suiteFigures, type CategoryFigure } from './_moderation-eval';

/** A target: the share of a set of categories held or rejected, at least or at most a figure. */
interface Target {
  name: string;
  file: 'functional' | 'news';
  categories: string[];
  /** 'caught' = share held or rejected must be >= value; 'flagged' = share held or rejected must be <= value */
  kind: 'caught' | 'flagged';
  value: number;
}

const HATE = ['derog-hate', 'derog-attribute', 'derog-dehuman', 'derog-implicit', 'threat-direct', 'threat-normative', 'slur', 'pronoun-ref', 'negate-praise', 'phrase-question', 'phrase-opinion', 'spell-swap', 'spell-delete', 'spell-space', 'spell-leet'];
const MENTIONS = ['counter-quote', 'counter-ref', 'negate-hate', 'ident-neutral', 'ident-positive', 'slur-homonym', 'abuse-object', 'abuse-nonprot'];

export const TARGETS: readonly Target[] = [
  { name: 'civil news comments held or refused', file: 'news', categories: ['civil'], kind: 'flagged', value: 0.015 },
  { name: 'toxic news comments caught', file: 'news', categories: ['toxic'], kind: 'caught', value: 0.25 },
  { name: 'hateful statements about a group caught', file: 'functional', categories: HATE, kind: 'caught', value: 0.85 },
  { name: 'threats against a group caught', file: 'functional', categories: ['threat-direct', 'threat-normative'], kind: 'caught', value: 0.9 },
  { name: 'civil text that mentions hate flagged', file: 'functional', categories: MENTIONS, kind: 'flagged', value: 0.15 },
  { name: 'threats and insults without swear words caught', file: 'news', categories: ['threat', 'insult'], kind: 'caught', value: 0.8 },
  { name: 'of those, threats caught', file: 'news', categories: ['threat'], kind: 'caught', value: 0.9 },
  { name: 'disguised profanity caught', file: 'news', categories: ['mask', 'split', 'abbrev'], kind: 'caught', value: 0.95 },
  { name: 'clean sentences with trap words held or refused', file: 'news', categories: ['trap'], kind: 'flagged', value: 0.02 },
];

function measure(figures: Record<string, CategoryFigure>, t: Target) {
  let n = 0;
  let flagged = 0;
  for (const c of t.categories) {
    const f = figures[c];
    if (!f) throw new Error(`no category ${c} in the ${t.file} suite`);
    n += f.n;
    flagged += f.flagged * f.n;
  }
  const share = flagged / n;
  return { value: +share.toFixed(4), target: t.value, met: t.kind === 'caught' ? share >= t.value : share <= t.value, n };
}

const result: Record<string, unknown> = { bench: 'moderation-targets' };
for (const half of ['dev', 'test'] as const) {
  const figures = { functional: suiteFigures(suiteCases(`functional-${half}.tsv`)), news: suiteFigures(suiteCases(`news-${half}.tsv`)) };
  const targets = Object.fromEntries(TARGETS.map((t) => [t.name, measure(figures[t.file], t)]));
  const categories = Object.fromEntries(
    Object.entries({ ...figures.functional, ...figures.news }).map(([c, f]) => [c, { expected: f.expected, n: f.n, right: f.right }]),
  );
  result[half === 'dev' ? 'tunedOn' : 'untouched'] = { targets, categories };
}
const dataDir = defaultDataDir();
if (dataAvailable(dataDir)) {
  const m = olidHeldOut(dataDir);
  result.olidHeldOut = { macroF1: +m.macroF1.toFixed(4), target: 0.72, met: m.macroF1 >= 0.72, n: m.n };
} else {
  result.olidHeldOut = { skipped: `no training data in ${dataDir}` };
}
console.log(JSON.stringify(result));
