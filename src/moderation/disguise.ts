/**
 * Profanity in disguise that word lists miss: masks standing for letters ("b*stard", "F@#$ing",
 * "motherf**kers"), separators inside a word ("sh.it.head", "pr-ick", "bulls-hit", "cu.nt"), a word split
 * in two ("Sh it show", "Ph uck"), profane abbreviations ("STFU", "expensive AF"), misspellings no
 * dictionary knows ("fcuk", "wnaker", "btch") and words spelt as they sound ("fook", "shyte": see analysis/speller.ts). The words come from
 * `data/profanity.json`; nothing here knows a particular word.
 */
import profanityFile from './data/profanity.json';
import { correct, isAcronym, makeSpeller } from './analysis/speller';
import type { TermHit } from './profanity';

interface DisguiseData {
  words: Set<string>;
  /** a word of masks alone before one of `before` stands for `word` ("**** off") */
  maskedWhole: { before: Set<string>; word: string };
  /** words by length, for matching masks */
  byLength: Map<number, string[]>;
  abbreviations: Set<string>;
  capsAbbreviations: Set<string>;
}

function load(): DisguiseData {
  const f = profanityFile as { version?: unknown; words?: unknown; abbreviations?: unknown; capsAbbreviations?: unknown; maskedWhole?: { before?: unknown; word?: unknown } };
  const list = (k: 'words' | 'abbreviations' | 'capsAbbreviations'): string[] => {
    const v = f[k];
    if (!Array.isArray(v) || !v.every((w) => typeof w === 'string' && w.length > 0)) throw new Error(`moderation data: profanity.${k} must be a list of words`);
    return v as string[];
  };
  if (f.version !== 1) throw new Error('moderation data: profanity.version must be 1');
  const words = list('words').map((w) => w.toLowerCase());
  const byLength = new Map<number, string[]>();
  for (const w of words) byLength.set(w.length, [...(byLength.get(w.length) ?? []), w]);
  const whole = f.maskedWhole;
  const before = whole?.before;
  if (!Array.isArray(before) || !before.every((w) => typeof w === 'string' && w.length > 0) || typeof whole?.word !== 'string' || !words.includes(whole.word)) {
    throw new Error('moderation data: profanity.maskedWhole must list the words it comes before and name one of profanity.words');
  }
  return { words: new Set(words), byLength, abbreviations: new Set(list('abbreviations')), capsAbbreviations: new Set(list('capsAbbreviations')), maskedWhole: { before: new Set(before as string[]), word: whole.word } };
}

const DATA = load();
const SPELLER = makeSpeller(DATA.words, { sounds: true });
/** the first one to four letters of every word: a piece that starts none of them is not half of a split word */
const PIECE_STARTS = new Set([...DATA.words].flatMap((w) => [1, 2, 3, 4].map((n) => w.slice(0, n))));

const MASK = /[*#@$%!?^&~]/;
const SEPARATOR = /[.\-_·|/\\+]/;
/** Short words that are real English on their own: never glued to the next piece ("it" in "a shit show" is) */
const COMMON_SHORT = new Set(['a', 'i', 'it', 'is', 'in', 'on', 'at', 'to', 'of', 'as', 'an', 'or', 'so', 'up', 'we', 'he', 'me', 'my', 'by', 'do', 'go', 'no', 'us', 'if', 'be', 'am', 'the', 'and', 'but', 'for', 'not', 'you', 'she', 'his', 'her', 'its', 'our', 'all', 'any', 'can', 'has', 'had', 'was', 'are', 'one', 'out', 'off', 'too', 'who', 'how', 'now', 'new', 'old', 'see', 'say', 'get', 'got', 'let', 'put', 'way', 'day', 'man', 'men', 'yes', 'hit', 'ick', 'ass', 'rick', 'ash', 'ugh', 'ho']);

/** The profane word a masked token stands for: masks match one letter each, a run of 3-4 masks any 2-4 letters when other letters surround it. */
function unmask(token: string): string | null {
  const lower = token.toLowerCase();
  if (!MASK.test(lower) || !/^[\p{L}*#@$%!?^&~]+$/u.test(lower)) return null;
  const letters = lower.replace(/[^a-z]/g, '').length;
  if (letters < 1) return null;
  const body = lower.replace(/[!?]+$/, '');
  // one letter and a run of masks ("f***", "b****") stands for a word of exactly that length; with more
  // letters to go on, a run of 3-4 masks may stand for 2-4 letters ("f**king")
  const exact = /^[*#@$%!?^&~]|[*#@$%!?^&~]$/.test(body) && letters < 2;
  const pattern = new RegExp(`^${body.replace(/[*#@$%!?^&~]+/g, (m) => (m.length >= 3 && !exact ? `[a-z]{2,${m.length + 1}}` : `[a-z]{${m.length}}`))}$`);
  for (const [len, words] of DATA.byLength) {
    if (Math.abs(len - body.length) > 2) continue;
    for (const w of words) if (pattern.test(w)) return w;
  }
  return null;
}

const PLAIN = /^[a-z]+$/;

/** ASCII characters that end a chunk: white space and , ; : " ( ) [ ] */
const BREAK = new Uint8Array(128);
for (const ch of ' \t\n\v\f\r,;:"()[]') BREAK[ch.charCodeAt(0)] = 1;
const isBreak = (c: number): boolean => (c < 128 ? BREAK[c] === 1 : c === 0x201c || c === 0x201d || /\s/.test(String.fromCharCode(c)));

let bounds = new Int32Array(512);

/**
 * Finds the chunks of `text` between white space and the signs that end a word, and returns how many: chunk k
 * is text[bounds[2k], bounds[2k+1]). The buffer is reused: a comment has hundreds of chunks, and a match object
 * for each would be most of what this step allocates.
 */
function chunksOf(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; ) {
    while (i < text.length && isBreak(text.charCodeAt(i))) i++;
    if (i >= text.length) break;
    const start = i;
    while (i < text.length && !isBreak(text.charCodeAt(i))) i++;
    if (bounds.length < 2 * count + 2) {
      const grown = new Int32Array(bounds.length * 2);
      grown.set(bounds);
      bounds = grown;
    }
    bounds[2 * count] = start;
    bounds[2 * count + 1] = i;
    count++;
  }
  return count;
}

/** Every disguised profane word in `text`, with offsets into it. */
export function findDisguised(text: string): TermHit[] {
  const hits: TermHit[] = [];
  // letters written one by one ("d o u c h e b a g", "F U C K"): the word they spell
  let spacedEnd = -1;
  if (/(?:^|\s)\p{L} \p{L} \p{L}/u.test(text)) {
    for (const run of text.matchAll(/(?<![\p{L}\p{N}])(?:\p{L} ){2,}\p{L}(?![\p{L}\p{N}])/gu)) {
      const word = run[0].replace(/ /g, '').toLowerCase();
      if (!DATA.words.has(word)) continue;
      hits.push({ text: run[0], start: run.index, end: run.index + run[0].length, word });
      spacedEnd = run.index + run[0].length;
    }
  }
  const count = chunksOf(text);
  const b = bounds;
  for (let k = 0; k < count; k++) {
    const at = b[2 * k] ?? 0;
    if (at < spacedEnd && hits.some((h) => h.start <= at && at < h.end)) continue;
    const chunk = text.slice(at, b[2 * k + 1]);
    // most words are plain lower-case letters: no mask, no separator, and only a short one can be half a split word
    const plain = PLAIN.test(chunk);
    if (plain && chunk.length > 6 && !DATA.abbreviations.has(chunk)) {
      // a misspelling no dictionary knows ("wnakers"); a long abbreviation ("roflmao") is read below
      const misspelt = correct(SPELLER, chunk);
      if (misspelt) hits.push({ text: chunk, start: at, end: at + chunk.length, word: misspelt });
      continue;
    }
    const raw = plain ? chunk : chunk.replace(/^['‘]+|['’.!?]+$/g, '');
    const start = at + (plain ? 0 : chunk.indexOf(raw));
    const lower = plain ? raw : raw.toLowerCase();
    if (DATA.capsAbbreviations.has(raw) || (DATA.abbreviations.has(lower) && (lower !== 'af' || k > 0))) {
      hits.push({ text: raw, start, end: start + raw.length, word: lower });
      continue;
    }
    if (!plain) {
      // a word masked whole before "off" or "you" ("**** off") is the one said so
      const nextWord = () => (k + 1 < count ? text.slice(b[2 * k + 2] ?? 0, b[2 * k + 3]).toLowerCase().replace(/\P{L}+$/u, '') : '');
      if (/^[*#@$%&]{3,}$/.test(raw) && DATA.maskedWhole.before.has(nextWord())) {
        hits.push({ text: raw, start, end: start + raw.length, word: DATA.maskedWhole.word });
        continue;
      }
      const masked = unmask(raw);
      if (masked) {
        hits.push({ text: raw, start, end: start + raw.length, word: masked });
        continue;
      }
      if (SEPARATOR.test(raw) && /\p{L}/u.test(raw)) {
        const joined = lower.replace(/[.\-_·|/\\+]/g, '');
        // a word listed with its hyphen ("a-hole") is that word; otherwise the separators hide one
        if (DATA.words.has(lower)) hits.push({ text: raw, start, end: start + raw.length, word: lower });
        else if (DATA.words.has(joined) && (joined !== lower.replace(/-/g, '') || lower.includes('-'))) hits.push({ text: raw, start, end: start + raw.length, word: joined });
        else {
          // an underscore, a run of dashes or a sign between letters stands for letters, as a mask does ("sh_t",
          // "motherf---er", "bi+ch")
          const masked = /\p{L}(?:_+|-{2,}|[.+])\p{L}/u.test(raw) ? unmask(raw.replace(/_|-{2,}|(?<=\p{L})[.+](?=\p{L})/gu, (m) => '*'.repeat(m.length))) : null;
          if (masked) hits.push({ text: raw, start, end: start + raw.length, word: masked });
        }
        continue;
      }
    }
    // a capitalised word may be a name ("Sheila Dikshit", "Bastardo is a village"), not a misspelling, unless it has
    // no vowel ("Dckhd"): no name is written so
    const readable = plain || /^[a-z]+$/.test(raw) || (/^[A-Z]+$/.test(raw) && !isAcronym(raw)) || /^[A-Z][b-df-hj-np-tv-z]+$/.test(raw);
    const misspelt = readable ? correct(SPELLER, lower) : null;
    if (misspelt) {
      hits.push({ text: raw, start, end: start + raw.length, word: misspelt });
      continue;
    }
    // "Sh it show", "Ph uck": two short pieces that make one profane word, one of them no word at all
    // (nothing but one space between them: "Sh! It is" is two words)
    const nextAt = k + 1 < count ? (b[2 * k + 2] ?? -1) : -1;
    if (nextAt === at + chunk.length + 1 && raw === chunk && raw.length <= 4 && PIECE_STARTS.has(lower) && /^\p{L}{1,4}$/u.test(raw)) {
      const nextRaw = text.slice(nextAt, b[2 * k + 3]).replace(/['’.!?,]+$/g, '');
      const joined = lower + nextRaw.toLowerCase();
      if (/^\p{L}+$/u.test(nextRaw) && DATA.words.has(joined) && (!COMMON_SHORT.has(lower) || !COMMON_SHORT.has(nextRaw.toLowerCase())) && !(COMMON_SHORT.has(lower) && nextRaw.length > 3)) {
        hits.push({ text: text.slice(start, nextAt + nextRaw.length), start, end: nextAt + nextRaw.length, word: joined });
        k++;
      }
    }
  }
  return hits;
}
