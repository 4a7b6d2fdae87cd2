/**
 * Feature extraction for the abuse classifier: hashed word unigrams, word
 * bigrams and character 3-5-grams of each word (with word-boundary marks),
 * log-scaled counts, L2-normalised. Tokens keep their position in the
 * author's original text so the strongest ones can be shown to moderators.
 */
import { foldText } from '../text';

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

const TOKEN_RE = /@[a-z0-9_]+|https?:\/\/\S+|www\.\S+|[a-z0-9]+(?:['\u2019][a-z]+)?|\p{Extended_Pictographic}/gu;
const SKIP = new Set(['rt', 'amp', 'url', 'user']);

export function tokenize(raw: string): Token[] {
  const folded = foldText(raw);
  const out: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  for (const m of folded.text.matchAll(TOKEN_RE)) {
    const t = m[0];
    const c = t.charCodeAt(0);
    // mentions, links and the tweet placeholders say where a text came from, not whether it is abusive
    if (SKIP.has(t) || c === 64 /* @ */ || t.startsWith('http') || t.startsWith('www.')) continue;
    const squeezed = t.replace(/\u2019/g, "'").replace(/(.)\1{2,}/g, '$1$1');
    out.push({ text: squeezed, start: folded.map[m.index]!, end: folded.map[m.index + t.length]! });
  }
  return out;
}

const W_SEED = 0x9e3779b1;
const B_SEED = 0x85ebca6b;
const C_SEED = 0xc2b2ae35;

function hashStr(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // final avalanche so low bits are well mixed
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** Scratch space reused between calls (the module is single-threaded). */
let scratchDim = 0;
let slot: Int32Array = new Int32Array(0);

export function featurize(raw: string, dim: number, withTokens = false, charNgrams = true): FeatureVector {
  const tokens = tokenize(raw);
  if (scratchDim !== dim) {
    slot = new Int32Array(dim).fill(-1);
    scratchDim = dim;
  }
  const mask = dim - 1;
  const idxList: number[] = [];
  const cnt: number[] = [];
  const tokenFeatures: number[][] = withTokens ? [] : [];
  let cur: number[] | null = null;
  const add = (h: number) => {
    const i = h & mask;
    let s = slot[i]!;
    if (s < 0) {
      s = idxList.length;
      slot[i] = s;
      idxList.push(i);
      cnt.push(0);
    }
    cnt[s]! += 1;
    if (cur) cur.push(s);
  };
  let prev = '<s>';
  for (let ti = 0; ti < tokens.length; ti++) {
    const t = tokens[ti]!.text;
    if (withTokens) {
      cur = [];
      tokenFeatures.push(cur);
    }
    add(hashStr(t, W_SEED));
    const tok = tokens[ti]!;
    if (tok.end - tok.start >= 3) {
      const orig = raw.slice(tok.start, tok.end);
      if (orig === orig.toUpperCase() && orig !== orig.toLowerCase()) add(hashStr('!caps', W_SEED));
    }
    add(hashStr(prev + ' ' + t, B_SEED));
    prev = t;
    if (!charNgrams) continue;
    // character n-grams of "<token>"
    const s = '<' + t + '>';
    const L = s.length;
    for (let a = 0; a < L; a++) {
      let h = (0x811c9dc5 ^ C_SEED) >>> 0;
      for (let n = 1; n <= 5 && a + n <= L; n++) {
        h ^= s.charCodeAt(a + n - 1);
        h = Math.imul(h, 0x01000193);
        if (n >= 3) {
          let x = (h ^ n) >>> 0;
          x ^= x >>> 16;
          x = Math.imul(x, 0x85ebca6b);
          x ^= x >>> 13;
          add(x >>> 0);
        }
      }
    }
  }
  const nf = idxList.length;
  const idx = new Int32Array(nf);
  const val = new Float32Array(nf);
  const count = new Float32Array(nf);
  let norm = 0;
  for (let k = 0; k < nf; k++) {
    const i = idxList[k]!;
    idx[k] = i;
    slot[i] = -1; // reset scratch
    const v = 1 + Math.log(cnt[k]!);
    val[k] = v;
    count[k] = cnt[k]!;
    norm += v * v;
  }
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let k = 0; k < nf; k++) val[k]! *= inv;
  }
  return { idx, val, tokens, tokenFeatures, count };
}
