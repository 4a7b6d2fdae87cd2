/**
 * Misspelt on purpose: a word English does not spell that way ("vemrin", "theives", "cnut") one letter
 * from a word the moderation data knows — two letters swapped or one left out — or written without its
 * vowels ("btch", "blck") is read as that word; with `sounds`, so is a word spelt as the listed one sounds ("phuk",
 * "fook", "shyte", "azzhole"). Only words outside the dictionary (data/english-words.txt) are corrected, so
 * "shirt" stays a shirt; and a corrected word is only a word: its sentence still decides whether it is
 * aimed at anyone.
 */
import { wordFile } from './word-files';

/** The dictionary: words English spells that way on purpose. */
const known = () => wordFile('english-words.txt', 10_000);

/** The word is in the dictionary as written. */
export const inDictionary = (w: string): boolean => known().has(w);

/** The word is in the dictionary, as written or without a plural or possessive ending ("dries": dry). */
export function isKnownWord(w: string): boolean {
  const d = known();
  if (d.has(w)) return true;
  if (w.endsWith("'s")) return d.has(w.slice(0, -2));
  if (w.endsWith('ies') && d.has(w.slice(0, -3) + 'y')) return true;
  if (w.endsWith('es') && d.has(w.slice(0, -2))) return true;
  return w.endsWith('s') && d.has(w.slice(0, -1));
}

export interface Speller {
  /** every word of the vocabulary, and each with one letter left out, → the words it comes from */
  deletes: Map<string, string[]>;
  vocabulary: Set<string>;
  /** each word with its vowels left out ("btch", "blck") → the one word it comes from, or null for several */
  skeletons: Map<string, string | null>;
  /** each word's `soundKey` → the first word that sounds so; empty unless asked for */
  sounds: Map<string, string>;
  /** answers already worked out: comments repeat their words */
  memo: Map<string, string | null>;
}

/**
 * How a word sounds, roughly: the letters that spell one sound made one ("ph" f, "ck" and "c" k, "z" s, "y" i), an
 * "h", "w" or "r" after a vowel and before a consonant dropped ("cahnt", "cawk", "barstard": the vowel is only
 * longer), doubled letters single, and every run of vowels one vowel. "phuk", "fook" and "fuck" sound alike; so do
 * "shyte" and "shite", "azzhole" and "asshole", "bastid" and "bastard".
 */
export function soundKey(w: string): string {
  return w
    .replace(/ph/g, 'f')
    .replace(/ck/g, 'k')
    .replace(/ch/g, 'C')
    .replace(/[cq]/g, 'k')
    .replace(/C/g, 'ch')
    .replace(/z/g, 's')
    .replace(/x/g, 'ks')
    .replace(/y/g, 'i')
    .replace(/([aeiou])[hwr](?=[^aeiou])/g, '$1')
    .replace(/(.)\1+/g, '$1')
    .replace(/[aeiou]+/g, 'a');
}

/** A short word in capitals is an acronym or a brand ("FCUK", "NIMBY"), not a misspelling. */
export const isAcronym = (raw: string): boolean => raw.length <= 5 && /^\p{Lu}+$/u.test(raw);

/** shortest word read through a misspelling: shorter words are too close to too many others */
const MIN_LENGTH = 4;

function deletesOf(w: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < w.length; i++) out.push(w.slice(0, i) + w.slice(i + 1));
  return out;
}

/** No English word is spelt without a vowel; three letters are too few to tell ("cnt" is textspeak for "can't"). */
const VOWELS = /[aeiou]/g;

/**
 * `family` names the words that mean the same ("muslims", "moslems": one group), so that a spelling of either
 * without its vowels is read rather than left as unclear.
 */
export function makeSpeller(words: Iterable<string>, options: { sounds?: boolean; family?: ReadonlyMap<string, string> } = {}): Speller {
  const vocabulary = new Set<string>();
  const deletes = new Map<string, string[]>();
  const add = (key: string, w: string) => {
    const list = deletes.get(key);
    if (!list) deletes.set(key, [w]);
    else if (!list.includes(w)) list.push(w);
  };
  const skeletons = new Map<string, string | null>();
  const sameFamily = (a: string, b: string) => a === b || (options.family?.get(a) !== undefined && options.family.get(a) === options.family.get(b));
  const sounds = new Map<string, string>();
  for (const w of words) {
    if (w.length < MIN_LENGTH || !/^[a-z]+$/.test(w)) continue;
    vocabulary.add(w);
    add(w, w);
    for (const d of deletesOf(w)) add(d, w);
    const skeleton = w.replace(VOWELS, '');
    if (skeleton.length >= MIN_LENGTH && skeleton !== w) {
      // the first word keeps the skeleton; another of its family shares it, any other makes it unclear
      const first = skeletons.get(skeleton);
      if (first === undefined) skeletons.set(skeleton, w);
      else if (first !== null && !sameFamily(first, w)) skeletons.set(skeleton, null);
    }
    // (words that sound alike are all the list's: the first stands for them)
    const sound = options.sounds ? soundKey(w) : null;
    if (sound !== null && !sounds.has(sound)) sounds.set(sound, w);
  }
  return { deletes, vocabulary, skeletons, sounds, memo: new Map() };
}

/** Two letters swapped side by side: "cnut" → "cunt". */
function swapped(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/**
 * The vocabulary word `w` misspells, or null: `w` is not in the dictionary, starts with the same letter,
 * and is one swap or one left-out letter away from exactly one word, a swap first ("cnut"): it keeps every
 * letter. A changed or an added letter is not read: too many names and foreign words are one letter from a
 * rude one ("Wankel", "bastarda").
 */
export function correct(s: Speller, w: string): string | null {
  if (w.length < MIN_LENGTH) return null;
  let fixed = s.memo.get(w);
  if (fixed === undefined) {
    fixed = misspells(s, w);
    if (s.memo.size >= 50_000) s.memo.clear();
    s.memo.set(w, fixed);
  }
  return fixed;
}

function misspells(s: Speller, w: string): string | null {
  if (s.vocabulary.has(w) || !/^[a-z]+$/.test(w) || isKnownWord(w)) return null;
  const skeleton = /[aeiou]/.test(w) ? undefined : s.skeletons.get(w);
  const sound = s.sounds.get(soundKey(w));
  return oneLetterOff(s, w) ?? skeleton ?? (sound && !oneConsonantChanged(w, sound) ? sound : null);
}

/**
 * `w` is `v` with one consonant changed ("kunt", Dutch for "can"): as with any changed letter, too many foreign
 * words and names are that close to a rude one. A vowel or "y" changed is read ("shyte").
 */
function oneConsonantChanged(w: string, v: string): boolean {
  if (w.length !== v.length) return false;
  const diff = [...w].flatMap((c, i) => (c === v[i] ? [] : [i]));
  const consonant = (c: string | undefined) => !!c && !/[aeiouy]/.test(c);
  const [at] = diff;
  return diff.length === 1 && at !== undefined && consonant(w[at]) && consonant(v[at]);
}

/** The one vocabulary word `w` is a swap or a left-out letter away from (see `correct`). */
function oneLetterOff(s: Speller, w: string): string | null {
  const swaps = new Set<string>();
  const dropped = new Set<string>();
  const consider = (v: string) => {
    if (v[0] !== w[0] || v === w) return;
    if (swapped(w, v)) swaps.add(v);
    else if (v.length === w.length + 1 && w.length >= MIN_LENGTH) dropped.add(v);
  };
  // w with a letter left out of a vocabulary word; both with one letter left out (a swap)
  for (const v of s.deletes.get(w) ?? []) consider(v);
  for (const d of deletesOf(w)) for (const v of s.deletes.get(d) ?? []) consider(v);
  // a swap keeps every letter, so it is the better reading when there is one
  const found = swaps.size ? swaps : dropped;
  const [only] = found;
  if (found.size !== 1 || only === undefined) return null;
  // a short word with a letter left out of an ordinary word as well ("whre": where) is no reading of the rude one
  return swaps.size || w.length > SHORT || !dropsFromOtherWord(w, only) ? only : null;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** up to this length, typos of ordinary words are as likely as a rude word with a letter left out */
const SHORT = 4;

/** Is `w` an ordinary word other than `v` with one letter left out? */
function dropsFromOtherWord(w: string, v: string): boolean {
  for (let i = 0; i <= w.length; i++) {
    for (const c of LETTERS) {
      const u = w.slice(0, i) + c + w.slice(i);
      if (u !== v && known().has(u)) return true;
    }
  }
  return false;
}
