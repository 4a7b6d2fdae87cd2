/**
 * Feature extraction for the abuse classifier: hashed word unigrams, word
 * bigrams and character 3-5-grams of each word (with word-boundary marks);
 * a feature's value is its count divided by the square root of the number of
 * feature occurrences in the text. Tokens keep their position in the
 * author's original text so the strongest ones can be shown to moderators.
 *
 * Runs on every comment, so it is written as one pass over the folded text:
 * hashes are computed over character codes (FNV-1a with a final mix), no
 * string is built per token or n-gram, and counts are collected in a small
 * open-addressing table that stays in cache.
 */
import { foldText } from '../text';
import modelWordsFile from '../data/model-words.json';
import { dataFile, wordList } from '../data-check';
import { groupNameWords } from '../analysis/lexicon';
import { wordFile } from '../analysis/word-files';
import { PERSON_WORDS } from './person-lexicon';
import { VALENCE_BUCKETS } from './valence-lexicon';

export interface Token {
  /** folded, lowercased token with letter runs of 3+ squeezed to 2 */
  text: string;
  /** UTF-16 offsets in the original text */
  start: number;
  end: number;
}

export interface FeatureVector {
  /** hashed feature indices, unique */
  idx: Int32Array;
  /** values, L2-normalised */
  val: Float32Array;
  tokens: Token[];
  /** for each token, the indices (into idx/val) of features it contributes to */
  tokenFeatures: number[][];
  /** occurrences of each feature (to share its value between tokens) */
  count: Float32Array;
}

const W_SEED = 0x9e3779b1;
const B_SEED = 0x85ebca6b;
const C_SEED = 0xc2b2ae35;
const FNV = 0x811c9dc5;
const PRIME = 0x01000193;

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

function hashStr(s: string, seed: number): number {
  let h = (FNV ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), PRIME);
  return mix(h);
}

const CAPS_HASH = hashStr('!caps', W_SEED);
const MODEL_WORDS = dataFile(modelWordsFile, 'model-words');
/**
 * Name-calling words share one feature (not profanity, and not a rule: the model learns how much the group
 * weighs, so a rare spelling of the group borrows the weight of the common ones).
 */
export const NAME_CALLING: readonly string[] = wordList(MODEL_WORDS.nameCalling, 'model-words.nameCalling');
/**
 * Word groups, each one shared feature: the name-calling words above (counted once), and the lexicon groups,
 * one per sentiment-lexicon valence bucket and one for nouns naming a contemptible person ("nincompoop",
 * "scoundrel"), so words the tweets rarely or never used borrow the weight of their group. A lexicon group
 * counts twice per occurrence, which measured better than once on OLID (docs/MODERATION.md).
 */
/** word hash -> the hashes of the group features it fires, repeated as often as each counts */
const GROUPS = new Map<number, number[]>();
function addGroup(name: string, words: readonly string[], repeat: number): void {
  const h = hashStr(`!${name}`, W_SEED);
  for (const w of words) {
    const wh = hashStr(w, W_SEED);
    GROUPS.set(wh, [...(GROUPS.get(wh) ?? []), ...Array<number>(repeat).fill(h)]);
  }
}
addGroup('mild', NAME_CALLING, 1);
for (const [bucket, words] of Object.entries(VALENCE_BUCKETS)) addGroup(`valence${bucket}`, words.split(' '), 2);
addGroup('person', PERSON_WORDS.split(' '), 2);
const START_HASH = hashStr('<s>', W_SEED);
const PICTO = /\p{Extended_Pictographic}/u;

// --- scratch state (the module is single-threaded) ---
/** current token's characters */
let tok = new Uint16Array(256);
/** open-addressing table: feature index (+1, 0 = empty) -> slot in the lists below */
let tableKeys = new Int32Array(4096);
let tableSlot = new Int32Array(4096);
let tableMask = 4095;
let feats = new Int32Array(1024);
let counts = new Float32Array(1024);
let nFeats = 0;
let dimMask = 0;
/** per-token feature slots, only when explanations are wanted */
let cur: number[] | null = null;

function growTable(): void {
  const oldKeys = tableKeys;
  const size = oldKeys.length * 2;
  tableKeys = new Int32Array(size);
  tableSlot = new Int32Array(size);
  tableMask = size - 1;
  for (let s = 0; s < nFeats; s++) insertKey(feats[s] ?? 0, s);
}

function insertKey(i: number, s: number): void {
  let p = Math.imul(i, 0x9e3779b1) >>> 0 & tableMask;
  while (tableKeys[p] !== 0) p = (p + 1) & tableMask;
  tableKeys[p] = i + 1;
  tableSlot[p] = s;
}

function add(h: number): void {
  const i = h & dimMask;
  let p = Math.imul(i, 0x9e3779b1) >>> 0 & tableMask;
  const key = i + 1;
  for (;;) {
    const k = tableKeys[p];
    if (k === key) {
      const s = tableSlot[p] ?? 0;
      counts[s] = (counts[s] ?? 0) + 1;
      if (cur) cur.push(s);
      return;
    }
    if (!k) break;
    p = (p + 1) & tableMask;
  }
  const s = nFeats++;
  if (s >= feats.length) {
    const f2 = new Int32Array(feats.length * 2);
    f2.set(feats);
    feats = f2;
    const c2 = new Float32Array(counts.length * 2);
    c2.set(counts);
    counts = c2;
  }
  feats[s] = i;
  counts[s] = 1;
  tableKeys[p] = key;
  tableSlot[p] = s;
  if (cur) cur.push(s);
  if (nFeats * 2 > tableMask) growTable();
}

function resetTable(): void {
  // clear only the used cells: cheaper than fill() for short texts
  if (nFeats * 8 < tableKeys.length) {
    for (let s = 0; s < nFeats; s++) {
      const i = feats[s] ?? 0;
      let p = Math.imul(i, 0x9e3779b1) >>> 0 & tableMask;
      while (tableKeys[p] !== i + 1) p = (p + 1) & tableMask;
      tableKeys[p] = 0;
    }
    // linear probing: clearing cells out of order is fine because the whole table is emptied
  } else tableKeys.fill(0);
  nFeats = 0;
}

let tokLen = 0;
let tokRun = 0;
let tokLast = -1;

/** Append a character to the current token, squeezing runs of 3+ to 2. */
function pushChar(ch: number): void {
  if (ch === tokLast) {
    if (++tokRun >= 3) return;
  } else {
    tokRun = 1;
    tokLast = ch;
  }
  if (tokLen >= tok.length - 2) {
    const t2 = new Uint16Array(tok.length * 2);
    t2.set(tok);
    tok = t2;
  }
  tok[tokLen++] = ch;
}

/**
 * Words holding a profanity or slur stem are the profanity phase's business (it knows "Scunthorpe" and
 * "cocktail" from the real thing), and mild swearing (damn, bloody) is the site's to decide: the abuse model
 * skips both entirely, so it neither learns "contains c-o-c-k = abuse" nor double-counts swearing; it judges
 * the rest of the text.
 */
const STEMS_ANYWHERE = wordList(MODEL_WORDS.profaneStemsAnywhere, 'model-words.profaneStemsAnywhere');
const STEMS_PREFIX = wordList(MODEL_WORDS.profaneStemsPrefix, 'model-words.profaneStemsPrefix');
/** mild swearing by word hash, with its characters to rule out a collision: the model leaves it out */
const MILD_SWEARING = new Map<number, string>();
/**
 * The names of identity groups by word hash: the model reads each as one shared word, so what is said of a group
 * weighs the same whichever group it is; that word has no weight of its own, only the pairs it makes with its
 * neighbours ("Muslims are", "those Muslims"), so naming a group does not move the score.
 */
const GROUP_NAMES = new Map<number, string>();
const GROUP_HASH = hashStr('!group', W_SEED);
/**
 * Names of people and places share one word too, with no weight of its own: who is named is no evidence, only
 * what is said of them. A name is a capitalised word inside a sentence that no dictionary knows, in none of
 * the model's word groups ("Trevor", "Mississauga", "Okonkwo's"); a capitalised word opening a sentence keeps
 * its own weight, since an insult the dictionary lacks is capitalised there too ("Numpty.").
 */
const NAME_HASH = hashStr('!name', W_SEED);
/** the dictionary's words by hash, built when a capitalised word first asks (not at start-up: 85,000 words) */
let knownWords: Set<number> | null = null;
function knownHashes(): Set<number> {
  if (!knownWords) {
    knownWords = new Set<number>();
    for (const w of wordFile('english-words.txt', 10_000)) knownWords.add(hashStr(w, W_SEED));
  }
  return knownWords;
}

/** The hash of the current token's first `len` characters, then `extra` (a character code, or -1 for none). */
function hashTok(len: number, extra: number): number {
  let h = (FNV ^ W_SEED) >>> 0;
  for (let k = 0; k < len; k++) h = Math.imul(h ^ (tok[k] ?? 0), PRIME);
  if (extra >= 0) h = Math.imul(h ^ extra, PRIME);
  return mix(h);
}

/**
 * Does the dictionary know the current token, as written or as the plural or possessive of a word it knows? The
 * reading of speller.ts's `isKnownWord`, on the token's character codes: the featurizer builds no strings.
 */
function knownWord(wordHash: number, len: number): boolean {
  const known = knownHashes();
  if (known.has(wordHash)) return true;
  let n = len;
  if (n > 2 && tok[n - 2] === 39 && tok[n - 1] === 115) {
    n -= 2;
    if (known.has(hashTok(n, -1))) return true;
  }
  if (tok[n - 1] !== 115) return false;
  if (known.has(hashTok(n - 1, -1))) return true;
  if (tok[n - 2] === 101 && known.has(hashTok(n - 2, -1))) return true;
  return tok[n - 3] === 105 && tok[n - 2] === 101 && known.has(hashTok(n - 3, 121));
}

const isUpper = (c: number) => c >= 65 && c <= 90;
const isLower = (c: number) => c >= 97 && c <= 122;

/** Does the current token, at `at` in the raw text, name someone or somewhere (see NAME_HASH)? */
function isName(raw: string, at: number, wordHash: number, len: number): boolean {
  if (len < 3 || !isUpper(raw.charCodeAt(at)) || !isLower(raw.charCodeAt(at + 1))) return false;
  let k = at - 1;
  while (k >= 0 && !isAlnum(raw.charCodeAt(k) | 32)) {
    const c = raw.charCodeAt(k);
    // a sentence's end, a colon or a line break before it: the word opens a sentence
    if (c === 46 || c === 33 || c === 63 || c === 58 || c === 10) return false;
    k--;
  }
  return k >= 0 && !GROUPS.has(wordHash) && !knownWord(wordHash, len);
}

/** Stems by their first character (ASCII: tokens are folded), each as character codes. */
function indexStems(stems: readonly string[]): number[][][] {
  const index: number[][][] = Array.from({ length: 128 }, () => []);
  for (const st of stems) {
    const bucket = index[st.charCodeAt(0)];
    if (!bucket) throw new Error(`model-words: the stem "${st}" does not start with an ASCII character`);
    bucket.push([...st].map((c) => c.charCodeAt(0)));
  }
  return index;
}
const stemIndex = indexStems(STEMS_ANYWHERE);
const prefixIndex = indexStems(STEMS_PREFIX);
for (const w of wordList(MODEL_WORDS.mildSwearing, 'model-words.mildSwearing')) MILD_SWEARING.set(hashStr(w, W_SEED), w);
for (const w of groupNameWords()) GROUP_NAMES.set(hashStr(w, W_SEED), w);

/** Is the current token (hashed `h`) the word `of` holds for that hash? */
function isListed(of: Map<number, string>, h: number, len: number): boolean {
  const w = of.get(h);
  if (w === undefined || w.length !== len) return false;
  for (let k = 0; k < len; k++) if (tok[k] !== w.charCodeAt(k)) return false;
  return true;
}

function stemAt(stems: number[][], at: number, len: number): boolean {
  outer: for (const st of stems) {
    if (at + st.length > len) continue;
    for (let k = 1; k < st.length; k++) if (tok[at + k] !== st[k]) continue outer;
    return true;
  }
  return false;
}

/** Does the current token contain a profanity stem? */
export function tokenHasStem(len: number): boolean {
  if (len < 3) return false;
  // characters past ASCII start no stem (and reading past the end of an index is slow)
  const c0 = tok[0] ?? 128;
  const prefixes = c0 < 128 ? prefixIndex[c0] : undefined;
  if (prefixes?.length && stemAt(prefixes, 0, len)) return true;
  for (let a = 0; a + 4 <= len; a++) {
    const c = tok[a] ?? 128;
    const stems = c < 128 ? stemIndex[c] : undefined;
    if (stems?.length && stemAt(stems, a, len)) return true;
  }
  return false;
}

const isAlnum = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
const isWs = (c: number) => c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0x2028 || c === 0x2029 || (c >= 0x2000 && c <= 0x200a) || c === 0x3000 || c === 0x1680 || c === 0x202f || c === 0x205f || c === 0xfeff;

/** Is the original token written in capitals ("DISGRACE"), 3+ characters? */
function isShouted(raw: string, start: number, end: number): boolean {
  if (end - start < 3) return false;
  let upper = false;
  for (let i = start; i < end; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) upper = true;
    else if (c > 127) {
      const o = raw.slice(start, end);
      return o === o.toUpperCase() && o !== o.toLowerCase();
    }
  }
  return upper;
}

/**
 * Walk the tokens of `raw` and add their features to the scratch table (or,
 * in scoring mode, to the running weight sum). `tokens`/`tokenFeatures`
 * (explanations only) receive each token's text, span and feature slots.
 */
function extract(raw: string, charNgrams: boolean, tokens: Token[] | null, tokenFeatures: number[][] | null): void {
  const f = foldText(raw);
  const t = f.text;
  const map = f.map;
  const n = t.length;
  let prev = START_HASH;
  let i = 0;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (!isAlnum(c)) {
      if (c === 64 /* @ */ && i + 1 < n && (isAlnum(t.charCodeAt(i + 1)) || t.charCodeAt(i + 1) === 95)) {
        // a mention says who was addressed, not whether it was abusive
        i++;
        while (i < n && (isAlnum(t.charCodeAt(i)) || t.charCodeAt(i) === 95)) i++;
        continue;
      }
      if (c >= 0xd800 || c > 0x2000) {
        const cp = t.codePointAt(i) ?? c;
        const w = cp > 0xffff ? 2 : 1;
        if (cp > 0xff && PICTO.test(String.fromCodePoint(cp))) {
          // an emoji is a token of its own
          let h = (FNV ^ W_SEED) >>> 0;
          h = Math.imul(h ^ t.charCodeAt(i), PRIME);
          if (w === 2) h = Math.imul(h ^ t.charCodeAt(i + 1), PRIME);
          const wh = mix(h);
          tok[0] = t.charCodeAt(i);
          if (w === 2) tok[1] = t.charCodeAt(i + 1);
          prev = emitToken(raw, map[i] ?? 0, map[i + w] ?? 0, w, wh, prev, charNgrams, tokens, tokenFeatures, t.slice(i, i + w));
        }
        i += w;
        continue;
      }
      i++;
      continue;
    }
    // links are not words
    if ((c === 104 && (t.startsWith('http://', i) || t.startsWith('https://', i))) || (c === 119 && t.startsWith('www.', i))) {
      while (i < n && !isWs(t.charCodeAt(i))) i++;
      continue;
    }
    const start = i;
    tokLen = 0;
    tokRun = 0;
    tokLast = -1;
    while (i < n && isAlnum(t.charCodeAt(i))) pushChar(t.charCodeAt(i++));
    // one apostrophe and letters after it ("don't", "minister's")
    if (i + 1 < n) {
      const a = t.charCodeAt(i);
      const b = t.charCodeAt(i + 1);
      if ((a === 39 || a === 0x2019) && b >= 97 && b <= 122) {
        pushChar(39);
        i++;
        while (i < n && t.charCodeAt(i) >= 97 && t.charCodeAt(i) <= 122) pushChar(t.charCodeAt(i++));
      }
    }
    const len = tokLen;
    // tweet artefacts: RT, &amp;, the URL and @USER placeholders
    if (
      (len === 2 && tok[0] === 114 && tok[1] === 116) ||
      (len === 3 && ((tok[0] === 97 && tok[1] === 109 && tok[2] === 112) || (tok[0] === 117 && tok[1] === 114 && tok[2] === 108))) ||
      (len === 4 && tok[0] === 117 && tok[1] === 115 && tok[2] === 101 && tok[3] === 114)
    ) continue;
    if (tokenHasStem(len)) continue;
    let h = (FNV ^ W_SEED) >>> 0;
    for (let k = 0; k < len; k++) h = Math.imul(h ^ (tok[k] ?? 0), PRIME);
    const wordHash = mix(h);
    if (isListed(MILD_SWEARING, wordHash, len)) continue;
    if (isListed(GROUP_NAMES, wordHash, len)) {
      // "asylum seekers", "Black British": one name, one shared word
      if (prev === GROUP_HASH) continue;
      prev = emitToken(raw, map[start] ?? 0, map[i] ?? 0, len, GROUP_HASH, prev, false, tokens, tokenFeatures, null);
      continue;
    }
    if (isName(raw, map[start] ?? 0, wordHash, len)) {
      prev = emitToken(raw, map[start] ?? 0, map[i] ?? 0, len, NAME_HASH, prev, false, tokens, tokenFeatures, null);
      continue;
    }
    prev = emitToken(raw, map[start] ?? 0, map[i] ?? 0, len, wordHash, prev, charNgrams, tokens, tokenFeatures, null);
  }
}

function emitToken(
  raw: string,
  start: number,
  end: number,
  len: number,
  wordHash: number,
  prev: number,
  charNgrams: boolean,
  tokens: Token[] | null,
  tokenFeatures: number[][] | null,
  text: string | null,
): number {
  const bigram = mix(Math.imul(prev ^ B_SEED, PRIME) ^ wordHash);
  if (dotW) {
    // scoring only: the token's own features (word + n-grams) are summed once and remembered
    const w = dotW;
    dotZ += w[bigram & dimMask] ?? 0;
    dotN += 1;
    if (isShouted(raw, start, end)) {
      dotZ += w[CAPS_HASH & dimMask] ?? 0;
      dotN += 1;
    }
    const e = tokenCache.get(wordHash);
    if (e && e.chars.length === len && sameChars(e.chars, len)) {
      dotZ += e.sum;
      dotN += e.n;
      return wordHash;
    }
    // a group's or a person's name is no evidence by itself: only the words around it are ("!group are" is a bigram)
    const ownWeight = wordHash !== GROUP_HASH && wordHash !== NAME_HASH;
    let sum = ownWeight ? (w[wordHash & dimMask] ?? 0) : 0;
    let cnt = ownWeight ? 1 : 0;
    const groups = GROUPS.get(wordHash);
    if (groups) {
      for (const g of groups) sum += w[g & dimMask] ?? 0;
      cnt += groups.length;
    }
    if (charNgrams) {
      const L = len + 2;
      for (let a = 0; a < L; a++) {
        let h = (FNV ^ C_SEED) >>> 0;
        const stop = Math.min(5, L - a);
        for (let k = 0; k < stop; k++) {
          const p = a + k;
          const ch = p === 0 ? 60 : p === L - 1 ? 62 : (tok[p - 1] ?? 0);
          h = Math.imul(h ^ ch, PRIME);
          if (k >= 2) {
            sum += w[mix((h ^ (k + 1)) >>> 0) & dimMask] ?? 0;
            cnt++;
          }
        }
      }
    }
    if (tokenCache.size >= 100_000) tokenCache.clear();
    tokenCache.set(wordHash, { chars: tok.slice(0, len), sum, n: cnt });
    dotZ += sum;
    dotN += cnt;
    return wordHash;
  }
  if (tokens && tokenFeatures) {
    cur = [];
    tokenFeatures.push(cur);
    tokens.push({ text: text ?? String.fromCharCode(...tok.subarray(0, len)), start, end });
  }
  if (wordHash !== GROUP_HASH && wordHash !== NAME_HASH) add(wordHash);
  const groups = GROUPS.get(wordHash);
  if (groups) for (const g of groups) add(g);
  if (isShouted(raw, start, end)) add(CAPS_HASH);
  add(bigram);
  if (charNgrams) {
    // character n-grams of "<token>"
    const L = len + 2;
    for (let a = 0; a < L; a++) {
      let h = (FNV ^ C_SEED) >>> 0;
      const stop = Math.min(5, L - a);
      for (let k = 0; k < stop; k++) {
        const p = a + k;
        const ch = p === 0 ? 60 : p === L - 1 ? 62 : (tok[p - 1] ?? 0);
        h = Math.imul(h ^ ch, PRIME);
        if (k >= 2) add(mix((h ^ (k + 1)) >>> 0));
      }
    }
  }
  cur = null;
  return wordHash;
}

// --- scoring mode: sums instead of a feature table ---
let dotW: Float32Array | null = null;
let dotZ = 0;
let dotN = 0;
interface CachedToken {
  chars: Uint16Array;
  /** sum of the weights of the token's word and character n-gram features */
  sum: number;
  n: number;
}
/** per model (weights and n-gram setting): token -> its summed weights */
let tokenCache = new Map<number, CachedToken>();
let cacheFor: Float32Array | null = null;
let cacheChars = true;

function sameChars(c: Uint16Array, len: number): boolean {
  for (let k = 0; k < len; k++) if (c[k] !== tok[k]) return false;
  return true;
}

function begin(dim: number): void {
  if ((dim & (dim - 1)) !== 0) throw new Error('feature dimension must be a power of two');
  dimMask = dim - 1;
  resetTable();
}


export function tokenize(raw: string): Token[] {
  begin(1 << 10);
  const tokens: Token[] = [];
  extract(raw, false, tokens, []);
  resetTable();
  return tokens;
}

export function featurize(raw: string, dim: number, withTokens = false, charNgrams = true): FeatureVector {
  begin(dim);
  const tokens: Token[] = [];
  const tokenFeatures: number[][] = [];
  extract(raw, charNgrams, withTokens ? tokens : null, withTokens ? tokenFeatures : null);
  const nf = nFeats;
  const idx = feats.slice(0, nf);
  const count = counts.slice(0, nf);
  const val = new Float32Array(nf);
  let total = 0;
  for (const c of count) total += c;
  const inv = total > 0 ? 1 / Math.sqrt(total) : 0;
  count.forEach((c, k) => (val[k] = c * inv));
  resetTable();
  return { idx, val, tokens, tokenFeatures, count };
}

/**
 * The model's raw sum for `raw` without building a feature vector, i.e. the
 * logit minus the bias: the sum of the weights of every feature occurrence
 * divided by the square root of their number (the same values `featurize`
 * gives). Each distinct word's own features are summed once per model and
 * remembered, so common words cost one lookup.
 */
export function dotFeatures(raw: string, w: Float32Array, charNgrams = true): number {
  if ((w.length & (w.length - 1)) !== 0) throw new Error('feature dimension must be a power of two');
  if (cacheFor !== w || cacheChars !== charNgrams) {
    tokenCache = new Map();
    cacheFor = w;
    cacheChars = charNgrams;
  }
  dimMask = w.length - 1;
  dotW = w;
  dotZ = 0;
  dotN = 0;
  try {
    extract(raw, charNgrams, null, null);
  } finally {
    dotW = null;
  }
  return dotN > 0 ? dotZ / Math.sqrt(dotN) : 0;
}
