/* Measuring the moderation pipeline on the fixture files and the OLID held-out split, as `parley moderate` decides:
   shared by bench/moderation-targets.ts and scripts/train-experiment.ts. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { binaryMetrics, type BinaryMetrics } from '../src/moderation/classifier/train';
import { loadOlid } from '../src/moderation/classifier/data';
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
