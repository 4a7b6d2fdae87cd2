/**
 * Writes the pipeline's decision on every moderation fixture line, every suite line and every OLID tweet — one
 * line each: file, line number, decision, reasons, score; never the text — so a change meant to keep every
 * decision (a faster path, a refactor) can be checked against the code before it:
 *
 *   npx tsx scripts/moderation-decisions.ts /tmp/after.tsv
 *   git stash && npx tsx scripts/moderation-decisions.ts /tmp/before.tsv && git stash pop
 *   cmp /tmp/before.tsv /tmp/after.tsv
 *
 * Lines are numbered as the files are read (blank lines and `#` comments left out). Only the count of lines
 * is printed, so the untouched halves of the suites stay unread.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixtureLines } from '../bench/_moderation-eval';
import { defaultDataDir, loadOlid } from '../tools/train/data';
import { moderateLine } from '../src/moderation/stream';

const out = process.argv[2];
if (!out) throw new Error('usage: npx tsx scripts/moderation-decisions.ts OUTPUT.tsv');

const FIXTURES = path.join('test', 'fixtures', 'moderation');
const files = [
  ...readdirSync(FIXTURES).filter((f) => /\.(txt|tsv)$/.test(f)),
  ...readdirSync(path.join(FIXTURES, 'suite')).map((f) => path.join('suite', f)),
].sort();
const rows: string[] = [];
const decide = (where: string, n: number | string, text: string) => {
  const r = moderateLine(n, text);
  rows.push(`${where}\t${n}\t${r.decision}\t${r.reasons.join(',')}\t${r.score}`);
};
for (const f of files) fixtureLines(f).forEach((line, i) => decide(f, i, f.endsWith('.tsv') ? (line.split('\t').at(-1) ?? line) : line));
for (const e of loadOlid(defaultDataDir())) decide('olid', e.id, e.text);
writeFileSync(out, rows.join('\n') + '\n');
console.log(`${rows.length} decisions written to ${out}`);
