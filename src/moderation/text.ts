/**
 * Text helpers shared by the moderation phases: Unicode folding with an index
 * map back to the author's original text, HTML entity decoding, link finding
 * and a small stable string hash. Everything here is pure and allocation-light
 * because it runs on every comment.
 */

/** Text after folding, with `map[i]` = index in the original string of folded char `i`. */
export interface FoldedText {
  text: string;
  map: Int32Array;
}

/** Characters that render as nothing and are used to split words ("fu\u200bck"). */
function isInvisible(cp: number): boolean {
  return (
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    cp === 0xfeff ||
    cp === 0x00ad ||
    cp === 0x034f ||
    cp === 0x180e ||
    cp === 0x061c ||
    (cp >= 0xfe00 && cp <= 0xfe0f)
  );
}

function isCombiningMark(cp: number): boolean {
  return (cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x1ab0 && cp <= 0x1aff) || (cp >= 0x1dc0 && cp <= 0x1dff) || (cp >= 0x20d0 && cp <= 0x20ff);
}

/**
 * Cyrillic, Greek and other letters that look like Latin ones. Parley is an
 * English-language site, so folding them is what a reader's eye does.
 */
const HOMOGLYPHS: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', с: 'c', е: 'e', ё: 'e', һ: 'h', і: 'i', ї: 'i', ј: 'j', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p',
  ѕ: 's', т: 't', у: 'y', х: 'x', ԁ: 'd', ԛ: 'q', ԝ: 'w', ɡ: 'g', ӏ: 'l', ь: 'b', ъ: 'b', п: 'n', г: 'r', и: 'u',
  д: 'd', л: 'n', ц: 'u', ш: 'w', щ: 'w', ү: 'y', ҝ: 'k', ҟ: 'k', ӄ: 'k', ԑ: 'e', є: 'e', з: '3', ч: '4', б: '6',
  А: 'a', В: 'b', С: 'c', Е: 'e', Ё: 'e', Һ: 'h', І: 'i', Ї: 'i', Ј: 'j', К: 'k', М: 'm', Н: 'h', О: 'o', Р: 'p',
  Ѕ: 's', Т: 't', У: 'y', Х: 'x', Ԁ: 'd', Ԛ: 'q', Ԝ: 'w', Ӏ: 'l', П: 'n', Г: 'r', И: 'u', Ц: 'u', Ш: 'w', Ү: 'y',
  // Greek
  α: 'a', β: 'b', γ: 'y', δ: 'd', ε: 'e', ζ: 'z', η: 'n', θ: 'o', ι: 'i', κ: 'k', λ: 'l', μ: 'u', ν: 'v', ξ: 'e',
  ο: 'o', π: 'n', ρ: 'p', σ: 'o', ς: 's', τ: 't', υ: 'u', φ: 'o', χ: 'x', ψ: 'w', ω: 'w', ϲ: 'c', ϳ: 'j',
  ά: 'a', έ: 'e', ή: 'n', ί: 'i', ό: 'o', ύ: 'u', ώ: 'w',
  Α: 'a', Β: 'b', Γ: 'r', Ε: 'e', Ζ: 'z', Η: 'h', Ι: 'i', Κ: 'k', Μ: 'm', Ν: 'n', Ο: 'o', Ρ: 'p', Τ: 't',
  Υ: 'y', Χ: 'x', Ϲ: 'c',
  // Latin look-alikes and IPA
  ı: 'i', ȷ: 'j', ɑ: 'a', ɩ: 'i', ʋ: 'u', ɢ: 'g', ʜ: 'h', ɪ: 'i', ʟ: 'l', ɴ: 'n', ʀ: 'r', ʏ: 'y', ᴀ: 'a', ᴄ: 'c',
  ᴅ: 'd', ᴇ: 'e', ᴊ: 'j', ᴋ: 'k', ᴍ: 'm', ᴏ: 'o', ᴘ: 'p', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ᴢ: 'z', ß: 'ss',
  ø: 'o', Ø: 'o', đ: 'd', ł: 'l', ħ: 'h', æ: 'ae', œ: 'oe',
};

const foldCache = new Map<number, string>();

/** Fold one non-ASCII code point to lowercase ASCII-ish text ('' to drop it). */
function foldCodePoint(cp: number, ch: string): string {
  const cached = foldCache.get(cp);
  if (cached !== undefined) return cached;
  let out: string;
  if (isInvisible(cp) || isCombiningMark(cp)) out = '';
  else {
    const direct = HOMOGLYPHS[ch];
    if (direct !== undefined) out = direct;
    else {
      // NFKD turns fullwidth, mathematical and circled letters into plain
      // ones and splits accents off; drop the accents.
      let s = '';
      for (const part of ch.normalize('NFKD')) {
        const pcp = part.codePointAt(0) ?? 0;
        if (isCombiningMark(pcp)) continue;
        const h = HOMOGLYPHS[part];
        s += h ?? part.toLowerCase();
      }
      out = s;
    }
  }
  if (foldCache.size < 20_000) foldCache.set(cp, out);
  return out;
}

/**
 * Lowercase, drop invisible characters and accents, fold fullwidth and
 * look-alike letters to ASCII. Keeps everything else (digits, punctuation,
 * spaces) so later stages can still see leetspeak and word boundaries.
 */
export function foldText(input: string): FoldedText {
  // every content phase folds the same comment: remember the last one
  if (input === lastFoldInput && lastFold) return lastFold;
  const r = foldUncached(input);
  lastFoldInput = input;
  lastFold = r;
  return r;
}

/** `foldText` without the index map, for words and sentences: cheaper, and it leaves the comment's fold cached. */
export function foldPlain(input: string): string {
  for (let i = 0; i < input.length; i++) if (input.charCodeAt(i) > 0x7e) return foldUncached(input).text;
  return input.toLowerCase();
}

let lastFoldInput: string | null = null;
let lastFold: FoldedText | null = null;

function foldUncached(input: string): FoldedText {
  const n = input.length;
  let ascii = true;
  for (let i = 0; i < n; i++) {
    if (input.charCodeAt(i) > 0x7e) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    const map = new Int32Array(n + 1);
    for (let i = 0; i <= n; i++) map[i] = i;
    return { text: input.toLowerCase(), map };
  }
  const parts: string[] = [];
  const mapArr: number[] = [];
  let i = 0;
  while (i < n) {
    const c = input.charCodeAt(i);
    if (c < 0x80) {
      parts.push(c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : input.charAt(i));
      mapArr.push(i);
      i++;
      continue;
    }
    const cp = input.codePointAt(i) ?? c;
    const width = cp > 0xffff ? 2 : 1;
    const ch = input.slice(i, i + width);
    const f = foldCodePoint(cp, ch);
    for (let k = 0; k < f.length; k++) mapArr.push(i);
    parts.push(f);
    i += width;
  }
  mapArr.push(n);
  return { text: parts.join(''), map: Int32Array.from(mapArr) };
}

/** 32-bit FNV-1a of a string. */
export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Matches the links a reader might post: scheme URLs, www. hosts, bare domains with a path. */
const LINK_RE =
  /\b(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>()"']+|\b[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63})*\.(?:com|org|net|co|uk|io|info|biz|ru|cn|xyz|top|me|ly|gl|to|us|tk|news|online|site|club|shop)\b(?:\/[^\s<>()"']*)?/gi;

export interface LinkMatch {
  text: string;
  start: number;
  end: number;
}

/** Cheap test for anything LINK_RE could match: a scheme, "www." or one of its top-level domains after a dot. */
const LINK_HINT = /:\/\/|www\.|\.(?:com|org|net|co|uk|io|info|biz|ru|cn|xyz|top|me|ly|gl|to|us|tk|news|online|site|club|shop)\b/i;

export function findLinks(text: string): LinkMatch[] {
  const out: LinkMatch[] = [];
  if (!LINK_HINT.test(text)) return out;
  LINK_RE.lastIndex = 0;
  for (const m of text.matchAll(LINK_RE)) {
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Normalise a comment body for duplicate detection: case, spacing, punctuation and invisible characters do not count.
    Folded plainly: no index map is needed, and the comment's own fold stays cached for the content phases. */
export function normaliseForRepeat(text: string): string {
  // an author's recent comments are compared again with each new one: remember them
  let out = repeatForms.get(text);
  if (out === undefined) {
    out = normaliseUncached(text);
    if (repeatFormsChars + text.length > REPEAT_FORMS_CHARS) {
      repeatForms.clear();
      repeatFormsChars = 0;
    }
    repeatForms.set(text, out);
    repeatFormsChars += text.length + out.length;
  }
  return out;
}
/** The characters of the bodies and forms remembered at most (a few megabytes), whatever the bodies' lengths. */
const REPEAT_FORMS_CHARS = 4_000_000;
const repeatForms = new Map<string, string>();
let repeatFormsChars = 0;

function normaliseUncached(text: string): string {
  const folded = foldPlain(text);
  // in ASCII the only letters and digits are a-z and 0-9 (the fold lowercased it): the plain class is quicker
  return (ASCII_ONLY.test(folded) ? folded.replace(/[^a-z0-9]+/g, ' ') : folded.replace(/[^\p{L}\p{N}]+/gu, ' ')).trim();
}
const ASCII_ONLY = /^[ -~\t\n\r]*$/;
