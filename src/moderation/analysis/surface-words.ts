/**
 * The words of a comment read cheaply, before wink-nlp: the words as written and as disguises hide them
 * (letters written apart, a word split by a space, signs for letters), rough sentence bounds, and whether a
 * word can start a cue. The evidence step uses them to choose which sentences wink reads at all.
 */
import { foldPlain } from '../text';
import { matchAt, WordBag, type Lexicon, type PhraseTable } from './lexicon';
import { normalise, type Token } from './nlp';
import { correct, inDictionary, isKnownWord } from './speller';

const PLAIN = /^[a-z]+$/;
/** the runs of a word's characters (in ASCII text, most comments, read by character codes: `ASCII_WORD_CHAR`) */
const WORD_RUN = /[\p{L}\p{N}@$!|*'’.\-_]+/gu;
/** one character of a word in ASCII text */
const ASCII_WORD_SIGN = /[a-zA-Z0-9@$!|*'.\-_]/;
// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** A word that is not plain lower-case letters, as the lexicon may spell it, and its parts as wink splits them. */
function pushWord(out: string[], raw: string): void {
  const w = normalise(raw.replace(/^[.'’\-_]+|[.'’\-_]+$/g, ''));
  out.push(w);
  // as wink splits them: "can't" → can, "money-grabbing" → money
  for (const part of w.split(/['’-]/)) if (part && part !== w) out.push(part);
}

/** characters of `ASCII_WORD_SIGN`, by code */
const ASCII_WORD_CHAR = new Uint8Array(128);
for (const ch of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@$!|*'.-_") ASCII_WORD_CHAR[ch.charCodeAt(0)] = 1;

export function quickWords(text: string, lex: Lexicon): string[] {
  const folded = foldPlain(text);
  const out: string[] = [];
  // letters written one by one can be there only where a word is a single letter or holds a sign
  let spelled = false;
  if (ASCII_ONLY.test(folded)) {
    // (by character codes: most words are plain lower-case letters, with nothing to fold or undo)
    let singles = 0;
    for (let i = 0; i < folded.length; ) {
      const c = folded.charCodeAt(i);
      if (ASCII_WORD_CHAR[c] !== 1) {
        i++;
        continue;
      }
      const start = i;
      let plain = true;
      for (; i < folded.length; i++) {
        const d = folded.charCodeAt(i);
        if (ASCII_WORD_CHAR[d] !== 1) break;
        if (d < 97 || d > 122) plain = false;
      }
      if (plain) {
        out.push(folded.slice(start, i));
        if (i - start === 1) singles++;
      } else {
        pushWord(out, folded.slice(start, i));
        spelled = true;
      }
    }
    spelled = (spelled || singles >= 3) && ASCII_SPELLED_START.test(folded);
  } else {
    for (const raw of folded.match(WORD_RUN) ?? []) {
      if (PLAIN.test(raw)) out.push(raw);
      else pushWord(out, raw);
    }
    spelled = true;
  }
  // letters written one by one ("v e r m i n"): join them
  if (spelled) for (const run of folded.matchAll(SPELLED_OUT)) out.push(...spelledOut(run[0]));
  // a word split in two by a space, one piece no word at all ("sc um", "mon keys")
  const n = out.length;
  const splits = listedSplits(lex);
  for (let k = 0; k + 1 < n; k++) {
    const a = out[k] ?? '';
    const b = out[k + 1] ?? '';
    if (splits.get(a)?.has(b) && joinsAsSplit(lex, a, b)) out.push(a + b);
    else if (joinsAsThree(lex, a, b, out[k + 2] ?? '')) out.push(a + b + (out[k + 2] ?? ''));
  }
  return out;
}

/**
 * A listed word split in three by spaces ("Mex i cans"): together the pieces spell it whole, and the first is no
 * word the dictionary knows (three words of English in a row, "to get her", stay three words).
 */
function joinsAsThree(lex: Lexicon, a: string, b: string, c: string): boolean {
  // (map lookups first: most pairs of words start no listed word)
  const splits = listedSplits(lex);
  return a.length >= 2 && c.length >= 2 && splits.has(a) && !!splits.get(a + b)?.has(c) && /^\p{L}+$/u.test(b) && !isKnownWord(a);
}

/** The tables whose words a split word may be: cue words, words of violence, slurs, group words. */
const listedTables = (lex: Lexicon) => [lex.triggers, lex.violenceTriggers, lex.slurs, lex.groupWords];

/**
 * Every word of those tables cut in two at each place, the first piece two letters or more: first piece →
 * the second pieces that complete it.
 */
const splitsByLexicon = new WeakMap<Lexicon, ReadonlyMap<string, ReadonlySet<string>>>();
function listedSplits(lex: Lexicon): ReadonlyMap<string, ReadonlySet<string>> {
  let splits = splitsByLexicon.get(lex);
  if (!splits) {
    const map = new Map<string, Set<string>>();
    for (const table of listedTables(lex)) {
      for (const w of table.byFirst.keys()) {
        for (let k = 2; k < w.length; k++) {
          const rest = map.get(w.slice(0, k));
          if (rest) rest.add(w.slice(k));
          else map.set(w.slice(0, k), new Set([w.slice(k)]));
        }
      }
    }
    splitsByLexicon.set(lex, map);
    splits = map;
  }
  return splits;
}

/** `a` and `b` together are a whole word the lexicon lists: "who repeat" is no "whore…" */
const isListedSplit = (lex: Lexicon, a: string, b: string): boolean => listedSplits(lex).get(a)?.has(b) ?? false;

/** The whole of a word the lexicon lists, not a prefix of one. */
const listedWhole = (lex: Lexicon, w: string): boolean => listedTables(lex).some((table) => table.byFirst.has(w));

/** Two pieces of letters that may be one word split in two: one of them is short or no word the dictionary knows. */
const splitWord = (a: string, b: string): boolean =>
  /^\p{L}{2,}$/u.test(a) && /^\p{L}{2,}$/u.test(b) && (Math.min(a.length, b.length) <= 3 || !isKnownWord(a) || !isKnownWord(b));

/**
 * `a` and `b` are a listed word split by a space: two words of the dictionary as written join only into a cue or a
 * slur ("scum bag", "mon keys"), not into a group's name ("ever met is …" is no "Métis"; "gyp sies" joins).
 */
function joinsAsSplit(lex: Lexicon, a: string, b: string): boolean {
  if (!isListedSplit(lex, a, b) || !splitWord(a, b)) return false;
  if (!inDictionary(a) || !inDictionary(b)) return true;
  const w = a + b;
  return isCueWord(lex, [w]) || hasAny(lex.slurs, [w]);
}

/** Letters written one by one, with one or two signs between them. */
const SPELLED_OUT = /(?<![\p{L}\p{N}])(?:\p{L}[\s.\-_*]{1,2}){2,}\p{L}(?![\p{L}\p{N}])/gu;
/** the start of such a run in lower-case ASCII text: three letters on their own (a cheaper pattern, tried first) */
const ASCII_SPELLED_START = /(?:^|[^a-z0-9])[a-z][\s.\-_*]{1,2}[a-z][\s.\-_*]{1,2}[a-z]/;
/** Folded text may hold letters written one by one (`SPELLED_OUT`): false only where it cannot. */
const mayBeSpelledOut = (folded: string): boolean => !ASCII_ONLY.test(folded) || ASCII_SPELLED_START.test(folded);

/**
 * The words a run of letters written one by one may spell: all of it joined, each part where the letters stand
 * further apart ("K I L L  A L L" → kill, all), and the rest after a lone article ("a p l a g u e" → plague).
 */
function spelledOut(run: string): string[] {
  const out = [run.replace(/[^\p{L}]/gu, '')];
  const gaps = run.match(/[^\p{L}]+/gu) ?? [];
  const narrow = Math.min(...gaps.map((g) => g.length));
  if (gaps.some((g) => g.length > narrow)) {
    for (const part of run.split(new RegExp(`[^\\p{L}]{${narrow + 1},}`, 'u'))) out.push(part.replace(/[^\p{L}]/gu, ''));
  }
  for (const w of [...out]) if (/^[ai]/.test(w) && w.length > 3) out.push(w.slice(1));
  return out;
}

const isLowerAscii = (c: number): boolean => c >= 97 && c <= 122;
const isSpaceAscii = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/**
 * Every chunk between spaces that `normalise` may read otherwise than its letters: letters joined by signs, or
 * signs for letters.
 */
const JOINED_OR_LEET_CHUNK = /[^\s.\-_*·'’0-9@$!|]*[.\-_*·'’0-9@$!|]\S*/g;

/** A word that wink may split into an auxiliary and "n't" (lemma "not"). */
export const NEGATED_AUX = /^(?:do|does|did|is|are|was|were|ca|can|could|should|would|wo|ai|have|has|had|must|need|might|dare|sha)?n['’]?t$/;

/**
 * The words of a sentence as wink may read them where the quick words differ: every run of letters
 * between signs ("fool" in "fool!!!", which reads as "fooli"; "clown" in "a$$clown"; "burden..i'd"), also
 * without its first letter (":XratEd" is ":X" and "ratEd"), the capitalised words inside a word ("Monkey" in
 * "#100thMonkey"), each chunk between spaces normalised whole ("N.O." → no), and letters written one by one joined from any of them on ("a r e t a r d" → retard), as
 * `joinSpelledOut` does.
 */
export function looseWords(quick: WordBag, sentence: string, lex: Lexicon): WordBag {
  // the words beyond the quick ones; most sentences have none, and then the quick bag is the loose one
  const extra: string[] = [];
  const extraSet = new Set<string>();
  // (a scan of the quick words, not a set of them: only a few words a sentence are looked for)
  const has = (w: string) => extraSet.has(w) || quick.words.includes(w);
  const add = (w: string, spell = true) => {
    if (has(w)) return;
    extraSet.add(w);
    extra.push(w);
    if (!spell) return;
    const fixed = correct(lex.speller, w);
    if (fixed && !has(fixed)) {
      extraSet.add(fixed);
      extra.push(fixed);
    }
  };
  const folded = foldPlain(sentence);
  const ascii = ASCII_ONLY.test(sentence);
  const letterRun = (run: string, at: number) => {
    add(run);
    // without its first letter only where a sign is glued before it (wink starts a word at a space), and
    // not read for a misspelling: most are no word at all, and each would cost the speller a search
    if (run.length > 3 && at > 0 && !/\s/.test(folded.charAt(at - 1))) add(run.slice(1), false);
  };
  if (ascii) {
    // (by character codes: a match object for every word of every sentence is what this would allocate most)
    for (let i = 0; i < folded.length; ) {
      if (!isLowerAscii(folded.charCodeAt(i))) {
        i++;
        continue;
      }
      const start = i;
      while (i < folded.length && isLowerAscii(folded.charCodeAt(i))) i++;
      // a word between a space and no sign of a word is one of the quick words as it stands, with no sign glued
      // before it: nothing to add
      if ((start === 0 || isSpaceAscii(folded.charCodeAt(start - 1))) && (i === folded.length || !ASCII_WORD_SIGN.test(folded.charAt(i)))) continue;
      letterRun(folded.slice(start, i), start);
    }
  } else for (const run of folded.matchAll(/\p{L}+/gu)) letterRun(run[0], run.index);
  // capitalised words inside a word ("#100thMonkey")
  if (ascii) {
    for (let p = 0; p < sentence.length; p++) {
      const c = sentence.charCodeAt(p);
      if (c < 65 || c > 90 || !isLowerAscii(sentence.charCodeAt(p + 1))) continue;
      let e = p + 2;
      while (e < sentence.length && isLowerAscii(sentence.charCodeAt(e))) e++;
      // (a capitalised word between a space and no sign of a word is a quick word as it stands)
      if (!((p === 0 || isSpaceAscii(sentence.charCodeAt(p - 1))) && (e === sentence.length || !ASCII_WORD_SIGN.test(sentence.charAt(e))))) add(folded.slice(p, e));
      p = e - 1;
    }
  } else for (const part of sentence.match(/\p{Lu}\p{Ll}+/gu) ?? []) add(foldPlain(part));
  // a chunk as wink may read it whole ("N.O." → no)
  for (const chunk of sentence.match(JOINED_OR_LEET_CHUNK) ?? []) add(normalise(chunk));
  if (mayBeSpelledOut(folded)) {
    for (const run of folded.matchAll(SPELLED_OUT)) {
      const letters = run[0].replace(/[^\p{L}]/gu, '');
      for (let k = 1; k + 3 <= letters.length; k++) add(letters.slice(k));
    }
  }
  return extra.length ? new WordBag(extra, quick) : quick;
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i', '|': 'l' };
/** a run of letters and signs that may stand for letters, with one such sign in it */
const LEET_WORD = /[\p{L}0-9@$!|]*[0-9@$!|][\p{L}0-9@$!|]*/gu;

/**
 * The text as it reads with signs standing for letters put back ("Mu$lims", "4n1m4ls", "pl@gue"): a word with
 * such signs becomes the word of the dictionary or the group name they spell, letter for letter, so every offset
 * still holds. Numbers and codes that spell nothing ("M25", "3rd", "£9") stay as written.
 */
export function readLeet(text: string, lex: Lexicon): string {
  if (!/[0-9@$!|]/.test(text)) return text;
  let out: string | null = null;
  for (const m of text.matchAll(LEET_WORD)) {
    if (!/\p{L}/u.test(m[0])) continue;
    const raw = m[0].replace(/[!|]+$/, '');
    if (!/[0-9@$!|]/.test(raw) || raw.length < 3) continue;
    const word = raw.toLowerCase().replace(/[0-9@$!|]/g, (c) => LEET[c] ?? c);
    if (/[0-9]/.test(word) || isKnownWord(raw.toLowerCase())) continue;
    // a slur in disguise ("ch1nk") stays as written: the profanity phase reads it, and disguise rules out its innocent senses
    if (matchAt(lex.slurs, [[word]], 0) || !(isKnownWord(word) || matchAt(lex.groupWords, [[word]], 0))) continue;
    out ??= text;
    out = out.slice(0, m.index) + word + out.slice(m.index + raw.length);
  }
  return out ?? text;
}

export function hasAny(t: PhraseTable<unknown>, words: readonly string[]): boolean {
  for (const w of words) if (t.byFirst.has(w) || (t.prefixSet && t.prefixSet.test(w))) return true;
  return false;
}

/** One of `words` can start a cue. */
export const isCueWord = (lex: Lexicon, words: readonly string[]): boolean => hasAny(lex.triggers, words) || hasAny(lex.violenceTriggers, words);

/** Cheap sentence bounds for choosing what to analyse: ends at . ! ? before a space, or at a line break. */
export function roughSentences(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (const m of text.matchAll(/[.!?]+["'”’)]*(?=\s|$)|\n/g)) {
    const end = m.index + m[0].length;
    // an initial or a title ("George W. Bush", "Mr. Khan") does not end a sentence
    if (m[0] === '.' && /(?:^|[^\p{L}])\p{Lu}\p{Ll}{0,2}$/u.test(text.slice(Math.max(0, m.index - 4), m.index))) continue;
    if (text.slice(start, end).trim()) out.push([start, end]);
    start = end;
  }
  if (text.slice(start).trim()) out.push([start, text.length]);
  return out;
}

/** A letter written on its own; the last of a run may carry the sentence's full stop ("v e r m i n."). */
const LONE_LETTER = /^\p{L}$/u;
const LAST_LETTER = /^\p{L}\.$/u;

/**
 * Runs of one-letter tokens, split where the letters stand further apart than within a word
 * ("K I L L  A L L  M U S L I M S"): each run is [from, to) in `tokens`.
 */
function spelledOutWords(tokens: readonly Token[], i: number, j: number): Array<[number, number]> {
  let narrow = Infinity;
  for (let k = i + 1; k < j; k++) narrow = Math.min(narrow, (tokens[k]?.start ?? 0) - (tokens[k - 1]?.end ?? 0));
  const out: Array<[number, number]> = [];
  let from = i;
  for (let k = i + 1; k < j; k++) {
    if ((tokens[k]?.start ?? 0) - (tokens[k - 1]?.end ?? 0) > narrow) {
      out.push([from, k]);
      from = k;
    }
  }
  out.push([from, j]);
  return out;
}

/** Where a run of three or more one-letter tokens joined by signs with no space ("m-u-s-l-i-m-s") from `i` ends, or `i`. */
function signLinkedLetters(tokens: readonly Token[], i: number): number {
  let j = i;
  while (LONE_LETTER.test(tokens[j]?.text ?? '') && /^[-._*·]$/.test(tokens[j + 1]?.text ?? '') && tokens[j + 1]?.start === tokens[j]?.end && tokens[j + 2]?.start === tokens[j + 1]?.end && LONE_LETTER.test(tokens[j + 2]?.text ?? '')) j += 2;
  return j - i >= 4 ? j + 1 : i;
}

/**
 * Joins runs of one-letter tokens ("v e r m i n") into words when they spell a word the lexicon knows, an
 * article written on its own left as it is ("a p l a g u e" → a plague). Where wider gaps split a run into
 * words, every word the dictionary knows is joined once one of them is a cue. Two pieces of a word split by a
 * space ("sc um", "mon keys") are joined when together they spell a cue.
 */
export function joinSpelledOut(tokens: Token[], lex: Lexicon): Token[] {
  const out: Token[] = [];
  const spells = (word: string) => isCueWord(lex, [word]) || hasAny(lex.slurs, [word]) || hasAny(lex.groupWords, [word]);
  const joined = (from: number, to: number): Token | null => {
    const first = tokens[from];
    const last = tokens[to - 1];
    if (!first || !last) return null;
    const word = tokens.slice(from, to).map((t) => (t.text.length === 1 || LAST_LETTER.test(t.text) ? t.text.replace('.', '').toLowerCase() : t.w)).join('');
    return { ...first, text: word, w: word, lemma: word, pos: 'NOUN', end: last.text.endsWith('.') ? last.end - 1 : last.end };
  };
  for (let i = 0; i < tokens.length; i++) {
    // letters joined by signs, which wink reads as tokens of their own ("M-u-s-l-i-m-s")
    const linked = signLinkedLetters(tokens, i);
    if (linked > i) {
      const word = tokens.slice(i, linked).filter((_, k) => k % 2 === 0).map((t) => t.text.toLowerCase()).join('');
      const first = tokens[i] as Token;
      if (spells(word) || isKnownWord(word)) {
        out.push({ ...first, text: word, w: word, lemma: word, pos: 'NOUN', end: tokens[linked - 1]?.end ?? first.end });
        i = linked - 1;
        continue;
      }
    }
    const third = tokens[i + 2];
    if (third && tokens[i + 1] && tokens[i] && third.start - (tokens[i + 1]?.end ?? 0) === 1 && (tokens[i + 1]?.start ?? 0) - (tokens[i]?.end ?? 0) === 1 && joinsAsThree(lex, tokens[i]?.w ?? '', tokens[i + 1]?.text.toLowerCase() ?? '', third.w)) {
      const t = joined(i, i + 3);
      if (t) {
        out.push(t);
        i += 2;
        continue;
      }
    }
    const next = tokens[i + 1];
    if (next && tokens[i] && next.start - (tokens[i]?.end ?? 0) === 1 && joinsAsSplit(lex, tokens[i]?.w ?? '', next.w)) {
      const t = joined(i, i + 2);
      // (a token of one letter joins as written, so the joined word is checked whole too)
      if (t && listedWhole(lex, t.w)) {
        out.push(t);
        i++;
        continue;
      }
    }
    let j = i;
    while (LONE_LETTER.test(tokens[j]?.text ?? '')) j++;
    if (j > i && LAST_LETTER.test(tokens[j]?.text ?? '')) j++;
    const first = tokens[i];
    if (!first) continue;
    if (j - i < 3) {
      out.push(first);
      continue;
    }
    // each part as the word it spells, or its letters as written
    const words = spelledOutWords(tokens, i, j).map(([a, b]) => {
      const t = joined(a, b);
      // a lone article before the word: "a p l a g u e"
      const rest = b - a > 3 && /^[ai]$/i.test(tokens[a]?.text ?? '') ? joined(a + 1, b) : null;
      if (t && spells(t.w)) return { cue: true, tokens: [t] };
      if (rest && spells(rest.w)) return { cue: true, tokens: [tokens[a] as Token, rest] };
      return { cue: false, tokens: t && b - a > 1 && isKnownWord(t.w) ? [t] : tokens.slice(a, b) };
    });
    if (words.some((w) => w.cue)) {
      for (const w of words) out.push(...w.tokens);
      // a last letter with a full stop keeps the stop as a token of its own
      const last = tokens[j - 1];
      if (last && LAST_LETTER.test(last.text)) out.push({ ...last, text: '.', w: '.', lemma: '.', pos: 'PUNCT', start: last.end - 1 });
      i = j - 1;
      continue;
    }
    out.push(first);
  }
  return out;
}
