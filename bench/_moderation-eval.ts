/* Measuring the moderation pipeline on the fixture files and the OLID held-out split, as `parley moderate` decides:
   shared by bench/moderation-targets.ts and scripts/train-experiment.ts. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { binaryMetrics, type BinaryMetrics } from '../tools/train/train';
import { loadOlid } from '../tools/train/data';
import { moderateLine } from '../src/moderation/stream';
import type { ModerationSettings } from '../src/moderation/types';

const FIXTURES = path.join('test', 'fixtures', 'moderation');

/** A fixture file's lines, without blanks and `#` comments. */
export function fixtureLines(file: string): string[] {
  return readFileSync(path.join(FIXTURES, file), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

/** The clean-text fixture files (every one must be published), by kind. */
export function cleanFixtureFiles(kind: 'trap-words' | 'civil-arguments'): string[] {
  return readdirSync(FIXTURES).filter((f) => f.startsWith(kind) && f.endsWith('.txt')).sort();
}

/** How many of `texts` the pipeline holds or rejects. */
export function heldOrRejected(texts: readonly string[], settings?: ModerationSettings): number {
  return texts.filter((t) => moderateLine(1, t, settings).decision !== 'publish').length;
}

/** The pipeline's decision (held or rejected for profanity or abuse = abusive) on the OLID held-out split. */
export function olidHeldOut(dataDir: string, settings?: ModerationSettings): BinaryMetrics {
  const test = loadOlid(dataDir).filter((e) => e.split === 'test');
  return binaryMetrics(test.map((e) => e.label), test.map((e) => (moderateLine(e.id, e.text, settings).abusive ? 1 : 0)));
}

/** One line of a blind-written suite file (test/fixtures/moderation/suite/*.tsv). */
export interface SuiteCase {
  category: string;
  /** flag = should be held or rejected; ok = should be published */
  expected: 'flag' | 'ok';
  text: string;
}

/**
 * A suite file: `category<TAB>expected<TAB>[target<TAB>]text` per line. The functional files carry a target
 * column, the news-comment files do not; the text is always the last field.
 */
export function suiteCases(file: string): SuiteCase[] {
  return fixtureLines(path.join('suite', file)).map((line) => {
    const f = line.split('\t');
    const expected = f[1];
    if (f.length < 3 || (expected !== 'flag' && expected !== 'ok')) throw new Error(`${file}: bad line: ${line.slice(0, 80)}`);
    return { category: f[0]!, expected, text: f[f.length - 1]! };
  });
}

export interface CategoryFigure {
  expected: 'flag' | 'ok';
  n: number;
  /** share held or rejected */
  flagged: number;
  /** share the expectation was met: flagged for `flag`, published for `ok` */
  right: number;
}

/** Per category, the share held or rejected, as `parley moderate` decides with the given settings. */
export function suiteFigures(cases: readonly SuiteCase[], settings?: ModerationSettings): Record<string, CategoryFigure> {
  const out: Record<string, CategoryFigure> = {};
  const acc = new Map<string, { expected: 'flag' | 'ok'; n: number; flagged: number }>();
  for (const c of cases) {
    const a = acc.get(c.category) ?? { expected: c.expected, n: 0, flagged: 0 };
    a.n++;
    if (moderateLine(1, c.text, settings).decision !== 'publish') a.flagged++;
    acc.set(c.category, a);
  }
  for (const [cat, a] of [...acc].sort(([x], [y]) => x.localeCompare(y))) {
    const flagged = a.flagged / a.n;
    out[cat] = { expected: a.expected, n: a.n, flagged: +flagged.toFixed(4), right: +(a.expected === 'flag' ? flagged : 1 - flagged).toFixed(4) };
  }
  return out;
}

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

export const SUITE_TARGETS: readonly Target[] = [
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

export function measure(figures: Record<string, CategoryFigure>, t: Target) {
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


/**
 * The halves of the blind-written suites: ten batches, each split into a half tuned on (`dev`, `fresh-dev`,
 * `third-dev`, …, `tenth-dev`) and a half never read while tuning (`test`, `fresh-test`, `third-test`, …,
 * `tenth-test`). Each later batch was
 * written by someone else, and measured whole before any tuning on it.
 */
export type SuiteHalf = 'dev' | 'test' | 'fresh-dev' | 'fresh-test' | 'third-dev' | 'third-test' | 'fourth-dev' | 'fourth-test' | 'fifth-dev' | 'fifth-test' | 'sixth-dev' | 'sixth-test' | 'seventh-dev' | 'seventh-test' | 'eighth-dev' | 'eighth-test' | 'ninth-dev' | 'ninth-test' | 'tenth-dev' | 'tenth-test';
export const SUITE_HALVES: readonly SuiteHalf[] = ['dev', 'test', 'fresh-dev', 'fresh-test', 'third-dev', 'third-test', 'fourth-dev', 'fourth-test', 'fifth-dev', 'fifth-test', 'sixth-dev', 'sixth-test', 'seventh-dev', 'seventh-test', 'eighth-dev', 'eighth-test', 'ninth-dev', 'ninth-test', 'tenth-dev', 'tenth-test'];

/** Every suite target and every category's figure for one half of the suites. */
export function suiteReport(half: SuiteHalf) {
  const figures = { functional: suiteFigures(suiteCases(`functional-${half}.tsv`)), news: suiteFigures(suiteCases(`news-${half}.tsv`)) };
  // the third batch has no disguised profanity: a target none of whose categories the half has is left out
  const present = SUITE_TARGETS.filter((t) => t.categories.some((c) => c in figures[t.file]));
  const targets = Object.fromEntries(present.map((t) => [t.name, measure(figures[t.file], t)]));
  const categories = Object.fromEntries(Object.entries({ ...figures.functional, ...figures.news }).map(([c, f]) => [c, { expected: f.expected, n: f.n, right: f.right }]));
  return { targets, categories };
}
