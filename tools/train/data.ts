/**
 * Loads the shared training data and splits it deterministically by id.
 *
 * Split: fnv1a(id) % 100 < 15 -> 'test' (held out, never trained on),
 * 15..24 -> 'dev' (threshold tuning), the rest -> 'train'.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeHTMLStrict as decodeEntities } from 'entities/decode';
import { fnv1a } from '../../src/moderation/text';
import { packageRoot } from '../../src/paths';
import { generateCivilComments } from './civil-corpus';
import { generateNeutralComments } from './neutral-corpus';
import { wordnetExamples } from './wordnet';

export type Split = 'train' | 'dev' | 'test';
export type Source = 'olid' | 'davidson' | 'civil-toxic' | 'civil-remainder' | 'generated-civil' | 'generated-news' | 'wordnet' | 'toxigen' | 'written' | 'everyday';

export interface Example {
  id: string;
  text: string;
  label: 0 | 1;
  source: Source;
  split: Split;
}

export function splitOf(id: string): Split {
  const h = fnv1a(id) % 100;
  return h < 15 ? 'test' : h < 25 ? 'dev' : 'train';
}

/** `PARLEY_TRAINING_DATA`, else `../shared/data/moderation` beside the repository. */
export function defaultDataDir(cwd = process.cwd()): string {
  return process.env.PARLEY_TRAINING_DATA ?? resolve(cwd, '../shared/data/moderation');
}

export function dataAvailable(dataDir: string): boolean {
  return existsSync(resolve(dataDir, 'olid-train.jsonl'));
}

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as T);
}

/** Clean a tweet: entities decoded; RT prefixes go (mentions and URL placeholders are dropped by the tokenizer). */
export function cleanTweet(text: string): string {
  return decodeEntities(text).replace(/(^|\s)RT\s+@\w+:?/g, ' ');
}

export function loadOlid(dataDir: string): Example[] {
  return readJsonl<{ id: string; text: string; label: string }>(resolve(dataDir, 'olid-train.jsonl')).map((r) => ({
    id: r.id,
    text: cleanTweet(r.text),
    label: r.label === 'abusive' ? 1 : 0,
    source: 'olid',
    split: splitOf(r.id),
  }));
}

export function loadDavidson(dataDir: string): Example[] {
  const p = resolve(dataDir, 'davidson.jsonl');
  if (!existsSync(p)) return [];
  return readJsonl<{ id: string; text: string; label: string }>(p).map((r) => ({
    id: r.id,
    text: cleanTweet(r.text),
    label: r.label === 'abusive' ? 1 : 0,
    source: 'davidson',
    split: splitOf(r.id),
  }));
}

const SENTENCE_RE = /[^.!?\n]+(?:[.!?]+|\n|$)/g;

/**
 * The toxic news comments (only the sentences holding marked spans), plus their non-toxic remainder: for comments
 * whose annotators marked specific spans, the sentences that touch no span
 * (and contain no word from a span) form a civil comment in the same voice.
 */
export function loadCivil(dataDir: string, isProfane: (s: string) => boolean): Example[] {
  const p = resolve(dataDir, 'civil-toxic-spans.jsonl');
  if (!existsSync(p)) return [];
  const rows = readJsonl<{ text: string; spans: Array<[number, number]> }>(p);
  const out: Example[] = [];
  rows.forEach((r, i) => {
    const id = `civil-${i}`;
    const split = splitOf(id);
    if (!r.spans || r.spans.length === 0) {
      out.push({ id, text: r.text, label: 1, source: 'civil-toxic', split });
      return;
    }
    const spanWords = new Set<string>();
    for (const [a, b] of r.spans) for (const w of r.text.slice(a, b).toLowerCase().match(/[a-z]{3,}/g) ?? []) spanWords.add(w);
    const kept: string[] = [];
    const toxic: string[] = [];
    for (const m of r.text.matchAll(SENTENCE_RE)) {
      const s0 = m.index;
      const s1 = s0 + m[0].length;
      if (r.spans.some(([a, b]) => a < s1 && b > s0)) {
        toxic.push(m[0].trim());
        continue;
      }
      const s = m[0].trim();
      if (s.length < 20) continue;
      const words = s.toLowerCase().match(/[a-z]{3,}/g) ?? [];
      if (words.some((w) => spanWords.has(w))) continue;
      if (isProfane(s)) continue;
      kept.push(s);
    }
    // the positive example is the sentences holding the marked spans, so the
    // neutral news prose around them is not learned as abusive
    out.push({ id, text: toxic.length ? toxic.join(' ') : r.text, label: 1, source: 'civil-toxic', split });
    const rest = kept.join(' ');
    if (rest.length >= 40) out.push({ id: `${id}-rest`, text: rest, label: 0, source: 'civil-remainder', split });
  });
  return out;
}

export function generatedCivil(n: number, seed: number): Example[] {
  return generateCivilComments(n, seed).map((text, i) => {
    const id = `gen-${i}`;
    return { id, text, label: 0 as const, source: 'generated-civil' as const, split: splitOf(id) };
  });
}

/** Generated neutral news-comment text (and some abuse in the same frames): see neutral-corpus.ts. */
export function generatedNews(n: number, seed: number): Example[] {
  return generateNeutralComments(n, seed).map((g, i) => {
    const id = `news-${i}`;
    return { id, text: g.text, label: g.label, source: 'generated-news' as const, split: splitOf(id) };
  });
}

/** WordNet's example sentences, all clean (see wordnet.ts); `keep` drops those holding a listed word. */
export function wordnetClean(keep: (text: string) => boolean): Example[] {
  return wordnetExamples(keep).map((w) => ({ id: w.id, text: w.text, label: 0 as const, source: 'wordnet' as const, split: splitOf(w.id) }));
}

/** The groups whose names the TOXIGEN statements are swapped between: a group's name alone must not move the score. */
const SWAP_GROUPS: ReadonlyArray<{ forms: RegExp; plural: string }> = [
  { forms: /\b(?:women|woman|girls|females)\b/gi, plural: 'women' },
  { forms: /\b(?:lgbtq?\+?|gays?|lesbians?|bisexuals?|bis|homosexuals?|queers?)\b/gi, plural: 'gay people' },
  { forms: /\b(?:trans(?:gender)? (?:people|women|men)|transgenders?)\b/gi, plural: 'trans people' },
  { forms: /\b(?:black (?:people|folks?|men|women)|blacks|african americans?)\b/gi, plural: 'black people' },
  { forms: /\b(?:disabled people|the disabled|people with disabilities|handicapped people)\b/gi, plural: 'disabled people' },
  { forms: /\b(?:muslims?|moslems?)\b/gi, plural: 'muslims' },
  { forms: /\b(?:jews|jewish people)\b/gi, plural: 'jews' },
  { forms: /\b(?:immigrants?|migrants?|refugees?)\b/gi, plural: 'immigrants' },
  { forms: /\b(?:mexicans?|latinos?|latinas?|hispanics?)\b/gi, plural: 'mexicans' },
  { forms: /\b(?:asians?|chinese people|the chinese)\b/gi, plural: 'asians' },
  { forms: /\b(?:native americans?|indigenous people|natives)\b/gi, plural: 'native americans' },
  { forms: /\b(?:middle eastern(?:ers| people)?|arabs?)\b/gi, plural: 'arabs' },
];

/**
 * TOXIGEN's hateful and neutral statements about 13 groups, each also written about two other groups (the
 * same sentence with the group's name swapped), so that what is said, not whom it is said of, carries the
 * weight. Variants share their statement's split.
 */
export function loadToxigen(dataDir: string): Example[] {
  const path = resolve(dataDir, 'toxigen-statements.jsonl');
  if (!existsSync(path)) return [];
  const out: Example[] = [];
  for (const r of readJsonl<{ id: string; text: string; label: string }>(path)) {
    const split = splitOf(r.id);
    const label = r.label === 'abusive' ? 1 : 0;
    out.push({ id: r.id, text: r.text, label, source: 'toxigen', split });
    const h = fnv1a(r.id);
    for (let k = 1; k <= 2; k++) {
      const to = SWAP_GROUPS[(h + k * 5) % SWAP_GROUPS.length]!;
      let swapped = r.text;
      for (const g of SWAP_GROUPS) if (g !== to) swapped = swapped.replace(g.forms, to.plural);
      if (swapped !== r.text) out.push({ id: `${r.id}-swap${k}`, text: swapped, label, source: 'toxigen', split });
    }
  }
  return out;
}

/** Parley's own training text (tools/train/corpus): news-style comments written for this model, see its README. */
export const WRITTEN_CORPUS_DIR = join(packageRoot(), 'tools', 'train', 'corpus');

/**
 * The comments written for Parley's model: threats and insults in plain words, hate about groups, toxic replies,
 * and civil text that a word list would catch (idioms of violence, reported threats, counter-speech). One
 * `{"id","text","label":"abusive"|"clean"}` object per line in each `*.jsonl` file. The folder `everyday/` holds
 * the source `everyday`: clean comments written around the ordinary words the model once weighed as abuse.
 */
export function loadWritten(dir = WRITTEN_CORPUS_DIR): Example[] {
  return [...readCorpus(dir, 'written'), ...readCorpus(join(dir, 'everyday'), 'everyday')];
}

function readCorpus(dir: string, source: 'written' | 'everyday'): Example[] {
  if (!existsSync(dir)) return [];
  const out: Example[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
    for (const r of readJsonl<{ id: string; text: string; label: string }>(resolve(dir, f))) {
      if (r.label !== 'abusive' && r.label !== 'clean') throw new Error(`${f}: ${r.id}: label must be abusive or clean`);
      out.push({ id: `written-${r.id}`, text: r.text, label: r.label === 'abusive' ? 1 : 0, source, split: splitOf(`written-${r.id}`) });
    }
  }
  return out;
}
