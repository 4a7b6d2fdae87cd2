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
