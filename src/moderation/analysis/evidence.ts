/**
 * Evidence: the words in a comment that could make it abusive (cues), each
 * with whom it is aimed at (target) and how it is used (use). A cue is found
 * from the data files (lexicon.ts); its target and use come from the
 * sentence around it as wink-nlp reads it (nlp.ts). Pure: text in, evidence
 * out; the policy table (policy-table.ts) turns evidence into an action.
 */
import { foldPlain } from '../text';
import { getLexicon, matchAt, mayMatch, WordBag, type Lexicon, type PhraseNeeds, type PhraseTable, type Slur, type WordCueKind } from './lexicon';
import { correct, isAcronym, isKnownWord } from './speller';
import { GRAMMAR as G } from './grammar';
import { analyseSpan, normalise, quotedMask, type Sentence, type Token } from './nlp';

export type Target = 'you' | 'person' | 'group' | 'others' | 'thing' | 'nobody';
export type Use = 'asserted' | 'negated' | 'quoted' | 'reported' | 'questioned' | 'counter';
export type CueKind = WordCueKind | 'profanity' | 'model';

export interface Cue {
  cue: CueKind;
  /** the words as the author wrote them */
  term: string;
  start: number;
  end: number;
  target: Target;
  /** the group's label when the target is a group ("Roma and Travellers") */
  group?: string;
  use: Use;
}

interface Mention {
  kind: Exclude<Target, 'thing' | 'nobody'> | 'pronoun';
  /** token index of the mention's first and last word */
  from: number;
  to: number;
  group?: string;
  /** a noun that names someone only by what they do ("developer", "trainers"): a target when no one else is named */
  weak?: boolean;
}

/** how far back a negator reaches in its clause */
const NEGATION_REACH = 6;
/** how far a negator reaches to the praise it denies: "No black man has ever been a good father" */
const PRAISE_REACH = 10;

/** The words of a token in the forms the lexicon may list: as normalised, and as lemma. */
const formsOf = (t: Token): string[] => (t.lemma && t.lemma !== t.w ? [t.w, t.lemma] : [t.w]);

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

function quickWords(text: string, lex: Lexicon): string[] {
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
    if (splits.get(a)?.has(b) && splitWord(a, b)) out.push(a + b);
  }
  return out;
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
const NEGATED_AUX = /^(?:do|does|did|is|are|was|were|ca|can|could|should|would|wo|ai|have|has|had|must|need|might|dare|sha)?n['’]?t$/;

/**
 * The words of a sentence as wink may read them where the quick words differ: every run of letters
 * between signs ("fool" in "fool!!!", which reads as "fooli"; "clown" in "a$$clown"; "burden..i'd"), also
 * without its first letter (":XratEd" is ":X" and "ratEd"), the capitalised words inside a word ("Monkey" in
 * "#100thMonkey"), each chunk between spaces normalised whole ("N.O." → no), and letters written one by one joined from any of them on ("a r e t a r d" → retard), as
 * `joinSpelledOut` does.
 */
function looseWords(quick: WordBag, sentence: string, lex: Lexicon): WordBag {
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
function readLeet(text: string, lex: Lexicon): string {
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

function hasAny(t: PhraseTable<unknown>, words: readonly string[]): boolean {
  for (const w of words) if (t.byFirst.has(w) || (t.prefixSet && t.prefixSet.test(w))) return true;
  return false;
}

/** The token is a negator ("not", "never", "no one"). */
const isNegator = (lex: Lexicon, t: Token | undefined): boolean => !!t && (lex.negators.has(t.w) || t.lemma === 'not');
/**
 * "stop", "quit" deny only what the verb ceases ("stop hating them", "quit being …"), not as nouns ("at the bus
 * stop") nor with someone between ("someone should stop them breeding" prevents, it does not deny)
 */
const ceasesNothing = (tokens: readonly Token[], i: number): boolean => G.stopVerbs.has(tokens[i]?.w ?? '') && !(tokens[i + 1]?.w ?? '').endsWith('ing');

/** Adds tokens [from, to) to `set`. */
function addTokens(set: Set<Token>, tokens: readonly Token[], from: number, to: number): void {
  for (const t of tokens.slice(from, to)) set.add(t);
}

/** One of `words` can start a cue. */
const isCueWord = (lex: Lexicon, words: readonly string[]): boolean => hasAny(lex.triggers, words) || hasAny(lex.violenceTriggers, words);

/** Cheap sentence bounds for choosing what to analyse: ends at . ! ? before a space, or at a line break. */
function roughSentences(text: string): Array<[number, number]> {
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

/**
 * Joins runs of one-letter tokens ("v e r m i n") into words when they spell a word the lexicon knows, an
 * article written on its own left as it is ("a p l a g u e" → a plague). Where wider gaps split a run into
 * words, every word the dictionary knows is joined once one of them is a cue. Two pieces of a word split by a
 * space ("sc um", "mon keys") are joined when together they spell a cue.
 */
function joinSpelledOut(tokens: Token[], lex: Lexicon): Token[] {
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
    const next = tokens[i + 1];
    if (next && tokens[i] && next.start - (tokens[i]?.end ?? 0) === 1 && isListedSplit(lex, tokens[i]?.w ?? '', next.w) && splitWord(tokens[i]?.w ?? '', next.w)) {
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

/**
 * A slur in one of its innocent senses: a sense word near it, or a capitalised name — unless the sentence
 * aims the word at someone (a predicate or vocative: "she's a dyke", "back to the kennel, bitch"), puts it
 * beside violence ("throw the dykes in the river"), or disguises it ("ch1nk", look-alike letters nearby):
 * every innocent sense is also a way to dress up abuse.
 */
function innocentSense(slur: Slur, f: SentenceFacts, at: number, len: number, lex: Lexicon): boolean {
  const tokens = f.s.tokens;
  if (!senseNear(slur, tokens, at, len, lex)) return false;
  if (tokens.slice(Math.max(0, at - 6), at + len + 6).some((t) => t.text.toLowerCase() !== foldPlain(t.text) || (t.w !== t.text.toLowerCase() && /\p{L}/u.test(t.text)))) return false;
  const before = tokens[at - 1];
  const after = tokens[at + len];
  const vocative = (before?.text === ',' && (!after || after.pos === 'PUNCT' || after.pos === 'SYM' || after.pos === 'X')) || (at === 0 && after?.text === ',');
  if (vocative) return false;
  const aimed = f.mentions.some((m) => m.kind !== 'others' && (m.to < at || m.from >= at + len) && linked(f, at, len, m) && f.clauseOf[m.from] === f.clauseOf[at]);
  if (aimed) return false;
  return !beside(f, at, lex);
}

/** Violence, "back to …" or the reader addressed in the sentence: no innocent sense is taken there. */
function beside(f: SentenceFacts, at: number, lex: Lexicon): boolean {
  const tokens = f.s.tokens;
  for (let i = 0; i < tokens.length; i++) {
    if (i === at) continue;
    // (a word of violence read as a noun names a trade or a tool, "the butcher's faggots", not violence done)
    if ((tokens[i]?.pos !== 'NOUN' && matchAt(lex.cue.threat, f.words, i)) || matchAt(lex.cue.threatPhrase, f.words, i)) return true;
    if (tokens[i]?.w === 'back' && tokens[i + 1]?.w === 'to') return true;
  }
  return f.mentions.some((m) => m.kind === 'you');
}

function senseNear(slur: Slur, tokens: readonly Token[], at: number, len: number, lex: Lexicon): boolean {
  const around = tokens.slice(Math.max(0, at - 8), at + len + 8).map((t) => t.w);
  const aroundText = ` ${around.join(' ')} `;
  for (const sense of slur.senses) {
    if (sense.capital && isName(tokens, at, lex)) return true;
    for (const near of sense.near ?? []) {
      if (near.includes(' ') ? aroundText.includes(` ${near} `) : around.includes(near)) return true;
    }
  }
  return false;
}

interface SentenceFacts {
  s: Sentence;
  words: string[][];
  mentions: Mention[];
  /** groups named only as a description of a thing ("the Jewish school"): what "they" may refer to */
  weakGroups: string[];
  /** the token index of each of `weakGroups` */
  weakAt: number[];
  clauseOf: number[];
  negators: number[];
  reports: number[];
  /** the reported words were said to the speaker or their own ("called me a …", "my son was called …", "yelled … at my grandad") */
  toSpeaker: boolean;
}

/** Token `k` is a noun for people that is no cue itself: "people", "women", "players" (not "vermin", "terrorists"). */
function namesPeople(tokens: readonly Token[], words: readonly string[][], k: number, lex: Lexicon): boolean {
  const t = tokens[k];
  if (!t) return false;
  return lex.personNounsAfterGroup.has(t.w) || ((t.pos === 'NOUN' || t.pos === 'PROPN') && lex.personNouns.has(t.w) && !isCueWord(lex, words[k] ?? []));
}

/** "Black players", "female doctors": a word that names a group only when a noun for people follows it. */
function groupBeforePeople(tokens: readonly Token[], words: readonly string[][], i: number, lex: Lexicon): { len: number; value: string } | null {
  const hit = matchAt(lex.groupsBeforePeople, words, i);
  return hit && namesPeople(tokens, words, i + hit.len, lex) ? hit : null;
}

/** How far after a reporting word the one it was said to may stand ("yelled 'go home …' at my grandad"). */
const ADDRESSEE_REACH = 10;

/** The subject of the passive ending at `aux` is the speaker or their own: "I was", "my daughter was", "we've been". */
function speakerBefore(tokens: readonly Token[], aux: number): boolean {
  for (let k = aux - 1; k >= Math.max(0, aux - 4); k--) {
    const w = tokens[k]?.w ?? '';
    if (w === 'i' || w === 'we' || G.firstPersonOwn.has(w)) return true;
    if (tokens[k]?.pos === 'PUNCT') return false;
  }
  return false;
}

/** The words reported at `r` were said to the speaker or their own: "called me …", "called my son …", "… at my grandad". */
function speakerAfter(tokens: readonly Token[], r: number): boolean {
  for (let k = r + 1; k < Math.min(tokens.length, r + ADDRESSEE_REACH); k++) {
    const w = tokens[k]?.w ?? '';
    if (G.firstPersonObject.has(w)) return true;
    if (G.firstPersonOwn.has(w) && (k === r + 1 || tokens[k - 1]?.w === 'at' || tokens[k - 1]?.w === 'to')) return true;
  }
  return false;
}

function factsOf(s: Sentence, lex: Lexicon): SentenceFacts {
  const tokens = s.tokens;
  const words = tokens.map(formsOf);
  const mentions: Mention[] = [];
  const weakGroups: string[] = [];
  const weakAt: number[] = [];
  const clauseOf: number[] = [];
  const negators: number[] = [];
  const reports: number[] = [];
  let toSpeaker = false;
  let clause = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // "nothing but", "anything but": "but" that says what someone is starts no clause
    if (t && G.clauseBreak.has(t.w) && !(t.w === 'but' && G.butAfter.has(tokens[i - 1]?.w ?? ''))) clause++;
    clauseOf.push(clause);
  }
  // "Isn't it time …?", "Aren't they just …?", "Why don't we …?": a question that opens on a negated auxiliary
  // asserts what it asks, so that negator negates nothing
  const aux = tokens[0]?.w === 'why' || tokens[0]?.w === 'how' ? 1 : 0;
  const rhetorical = s.question && tokens[aux]?.pos === 'AUX' ? aux + 1 : -1;
  for (let i = 0; i < tokens.length; i++) {
    const not = matchAt(lex.negatorNot, words, i);
    if (not) i += not.len - 1;
    else if (i !== rhetorical && isNegator(lex, tokens[i]) && !ceasesNothing(tokens, i)) negators.push(i);
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const forms = words[i];
    if (!t || !forms) continue;
    const g = matchAt(lex.groups, words, i) ?? groupBeforePeople(tokens, words, i, lex);
    const o = matchAt(lex.others, words, i);
    const p = matchAt(lex.cue.groupPronoun, words, i);
    const longest = Math.max(g?.len ?? 0, o?.len ?? 0, p?.len ?? 0);
    if (g && g.len === longest) {
      const next = tokens[i + g.len];
      // "trans people", "Muslim women", "Black players": a noun that names people belongs to the mention
      const people = namesPeople(tokens, words, i + g.len, lex);
      // "Chinese food", "Muslim vote": the group word describes a thing, not people
      const describesThing =
        next && next.pos === 'NOUN' && /\p{Ll}/u.test(next.text) && !people && !matchAt(lex.groups, words, i + g.len) && !isCueWord(lex, words[i + g.len] ?? []);
      const len = people ? g.len + 1 : g.len;
      if (describesThing) {
        weakGroups.push(g.value);
        weakAt.push(i);
      } else mentions.push({ kind: 'group', from: i, to: i + len - 1, group: g.value });
      i += len - 1;
      continue;
    }
    if (p && p.len === longest) {
      mentions.push({ kind: 'pronoun', from: i, to: i + p.len - 1 });
      i += p.len - 1;
      continue;
    }
    if (o) {
      // "the landlord in this story", "that politician": one person, not people in general
      const one = o.len === 1 && G.oneOf.has(tokens[i - 1]?.w ?? '') && !t.w.endsWith('s');
      mentions.push({ kind: one ? 'person' : 'others', from: i, to: i + o.len - 1 });
      i += o.len - 1;
      continue;
    }
    if (lex.secondPerson.has(t.w)) mentions.push({ kind: 'you', from: i, to: i });
    else if (lex.thirdPerson.has(t.w) || lex.persons.has(t.w) || (t.pos === 'PROPN' && t.w !== 'i' && isName(tokens, i, lex) && !isCueWord(lex, forms) && !G.placeBefore.has(tokens[i - 1]?.w ?? ''))) {
      mentions.push({ kind: 'person', from: i, to: i });
    } else if (t.pos === 'NOUN' && lex.personNouns.has(t.w) && tokens[i + 1]?.pos !== 'NOUN') {
      // a person noun before another noun describes a thing ("child process", "student loan")
      mentions.push({ kind: 'person', from: i, to: i, weak: true });
    }
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || !matchAt(lex.cue.report, words, i)) continue;
    // "Call me old-fashioned", "I said it": the speaker's own words, not someone else's reported ("Calling them
    // vermin is vile" reports them)
    const before = tokens[i - 1] ?? null;
    // "I was called …", "we've been told …": words the speaker received, reported
    if (before && G.passiveAux.has(before.w) && t.w.endsWith('ed')) {
      reports.push(i);
      if (speakerBefore(tokens, i - 1)) toSpeaker = true;
      continue;
    }
    // "I'd argue", "I'm of the view that", "mark my words": the speaker close before the reporting word, nobody else between
    let speaker = false;
    for (let k = i - 1; k >= Math.max(0, i - 4) && !speaker; k--) {
      const w = tokens[k];
      if (!w) break;
      if (G.firstPerson.has(w.w)) speaker = true;
      else if (w.pos === 'NOUN' || w.pos === 'PROPN' || w.pos === 'PUNCT' || (w.pos === 'PRON' && !G.firstPerson.has(w.w))) break;
    }
    const ownWords = speaker || (before ? false : !t.w.endsWith('ing'));
    // "the accused", "the quoted figure": a participle after an article names someone or something, it reports nothing
    const named = before?.pos === 'DET' && t.w.endsWith('ed');
    if (ownWords || named || (before?.pos === 'PUNCT' && !t.w.endsWith('ing') && t.pos === 'VERB')) continue;
    reports.push(i);
    if (speakerAfter(tokens, i)) toSpeaker = true;
  }
  return { s, words, mentions, weakGroups, weakAt, clauseOf, negators, reports, toSpeaker };
}

/** The mentions that name someone outright, when there are any; else the weak ones. */
function strongFirst(mentions: Mention[]): Mention[] {
  const strong = mentions.filter((m) => !m.weak);
  return strong.length ? strong : mentions;
}

/** The sentence before, read only when a pronoun needs it. */
type Prev = () => SentenceFacts | null;

const namesAnyone = (f: SentenceFacts): boolean => f.mentions.length > 0 || f.weakGroups.length > 0;

const TARGET_RANK: Record<Mention['kind'], number> = { you: 0, group: 1, pronoun: 2, person: 3, others: 4 };

/**
 * Whom the cue at tokens [at, at+len) is aimed at: the nearest mention in its clause (else its sentence),
 * "they"/"them" read as the group named in the sentence or the one before.
 */
function targetOf(f: SentenceFacts, at: number, len: number, prev: Prev): { target: Target; group?: string; mention?: Mention } {
  const clause = f.clauseOf[at] ?? -1;
  // "coming for you", "wipe them out": the cue's own words say whom it is for
  const within = f.mentions.filter((m) => m.from >= at && m.to < at + len);
  const inside = within.find((m) => m.kind === 'you') ?? within.find((m) => m.kind === 'pronoun');
  if (inside?.kind === 'you') return { target: 'you', mention: inside };
  if (inside) return resolvePronoun(f, prev, inside);
  const inClause = strongFirst(f.mentions.filter((m) => f.clauseOf[m.from] === clause && (m.to < at || m.from >= at + len)));
  const pool = inClause.length ? inClause : strongFirst(f.mentions.filter((m) => m.to < at || m.from >= at + len));
  if (!pool.length) return { target: f.s.tokens.some((t, i) => t.pos === 'NOUN' && (i < at || i >= at + len)) ? 'thing' : 'nobody' };
  const distance = (m: Mention) => (m.to < at ? at - m.to : m.from - (at + len - 1));
  // the nearest of those it is said of ("Hindus act like animals at their festivals": of Hindus, not of "their"),
  // else of all; of those equally near the first by rank, then by order
  const saidOf = pool.filter((m) => linked(f, at, len, m));
  const best = (saidOf.length ? saidOf : pool).reduce((a, b) => (distance(b) - distance(a) || TARGET_RANK[b.kind] - TARGET_RANK[a.kind]) < 0 ? b : a);
  // "you" anywhere in the clause is who the insult is for ("you are all vermin", "idiots like you", "you people
  // are …"), unless the insult is said of someone else and not of "you" ("lawyers are parasites who bill you")
  const you = pool.find((m) => m.kind === 'you');
  const saidOfOther = (y: Mention) => y.to + 1 !== best.from && linked(f, at, len, best) && !linked(f, at, len, y);
  const chosen = you && you !== best && best.kind !== 'group' && !saidOfOther(you) ? you : best;
  if (chosen.kind !== 'pronoun') return { target: chosen.kind, group: chosen.group, mention: chosen };
  return resolvePronoun(f, prev, chosen);
}

/**
 * Whom a threat (or hatred) is for: the words of the threat itself ("find you"), else the subject of a passive ("should
 * be hanged") or the object of an active verb ("put a bullet in every one of them"), not the speaker.
 */
function threatTarget(f: SentenceFacts, at: number, len: number, prev: Prev): { target: Target; group?: string; mention?: Mention } {
  const within = f.mentions.filter((m) => m.from >= at && m.to < at + len);
  const inside = within.find((m) => m.kind === 'you') ?? within.find((m) => m.kind === 'pronoun') ?? within[0];
  if (inside) return inside.kind === 'pronoun' ? resolvePronoun(f, prev, inside) : { target: inside.kind, group: inside.group, mention: inside };
  const clause = f.clauseOf[at] ?? -1;
  // "Jews repulse me": a feeling said of the speaker is aimed at its subject, as in the passive
  // "should be shot", "deserve to be hanged": the passive may be inside the phrase itself
  const tokens = f.s.tokens;
  // "should be quietly euthanised": adverbs may stand between the auxiliary and the participle
  const aux = beforeAdverbs(tokens, at);
  // "need exterminating", "wants shooting": a gerund after "need" or "want" is passive in sense
  const gerundPassive = G.needOrWant.has(tokens[aux]?.lemma ?? '') && (tokens[at]?.w ?? '').endsWith('ing');
  // "Sikhs make me sick": the speaker may be inside the phrase
  const toSpeaker = G.firstPersonObject.has(tokens[at + len]?.w ?? '') || tokens.slice(at + 1, at + len).some((t) => G.firstPersonObject.has(t.w));
  const passive = gerundPassive || toSpeaker || G.beOrGet.has(tokens[aux]?.w ?? '') || tokens.slice(at, at + len - 1).some((t) => G.beOrGet.has(t.w));
  const side = strongFirst(f.mentions.filter((m) => f.clauseOf[m.from] === clause && (passive ? m.to < at : m.from >= at + len)));
  const m = passive ? side[side.length - 1] : side[0];
  const subject = tokens[subjectBefore(tokens, aux)]?.w ?? '';
  // "someone is going to get hurt": a passive said of no one in particular is a warning, not aimed at anyone
  if (passive && G.indefinite.has(subject)) return { target: 'nobody' };
  // "comments aimed at women have no place here", "jokes about Muslims should be banned": said of the subject, a
  // thing, not of those named after a preposition inside it
  if ((passive || !m) && thingSubject(f, at)) return { target: 'thing' };
  // "ministers will run down the clock", "better without the all-caps": an active verb or a phrase ending in a
  // preposition whose object is a thing is aimed at the thing, not at the subject
  const lastPos = tokens[at + len - 1]?.pos ?? '';
  // (a preposition's object starts right after it: "strung up on the lawn" ends in a particle, not a preposition;
  // and only an adjective's: the object of "a bullet in" is where it goes, not whom it is for)
  const prepositionObject = lastPos === 'ADP' && tokens[at + len]?.pos !== 'ADP' && (tokens[at]?.pos === 'ADJ' || tokens[at]?.pos === 'ADV');
  const transitive = ((tokens[at]?.pos === 'VERB' && (lastPos === 'VERB' || lastPos === 'ADP' || lastPos === 'ADV')) || prepositionObject) && !toSpeaker;
  // "I want to see black bodies swinging from the trees": what a verb of seeing or causing names is what it is done
  // to, unless the verb names its own object ("see you kill him")
  const seen = f.mentions.find((x) => x.to === at - 1 && G.causative.has(tokens[x.from - 1]?.lemma ?? ''));
  if (!passive && seen && !f.mentions.some((x) => x.from === at + len)) return seen.kind === 'pronoun' ? resolvePronoun(f, prev, seen) : { target: seen.kind, group: seen.group, mention: seen };
  if (!m && !passive && transitive && objectBefore(f, at + len, clauseEnd(f, at))) return { target: 'thing' };
  // "hoped it would die quietly": with no one after it, an active verb is said of its subject, here a thing
  if (!m && !passive && G.thingPronouns.has(subject)) return { target: 'thing' };
  if (!m && !passive && causedOnThing(f, at)) return { target: 'thing' };
  if (!m) return targetOf(f, at, len, prev);
  // "kill the process and reboot the server": a thing is the object, and someone named only by what they do
  // further on is not
  if (!passive && (m.weak || transitive) && objectBefore(f, at + len, m.from)) return { target: 'thing' };
  return m.kind === 'pronoun' ? resolvePronoun(f, prev, m) : { target: m.kind, group: m.group, mention: m };
}

/**
 * The clause of token `at` opens with a subject naming no one ("comments", "jokes"), everyone named between it
 * and `at` is named after a preposition that makes them what it is about ("aimed at women"), and `at` is in the
 * predicate.
 */
function thingSubject(f: SentenceFacts, at: number): boolean {
  const tokens = f.s.tokens;
  let head = -1;
  for (let k = clauseStart(f, at); k < at; k++) {
    const pos = tokens[k]?.pos;
    // a verb first: the noun is its object ("going to kick the crutches out from under …"), not a subject
    if (pos === 'VERB' || pos === 'AUX') return false;
    if (pos === 'NOUN' || pos === 'PROPN' || pos === 'PRON') {
      head = k;
      break;
    }
  }
  // (a noun opening the sentence is capitalised, and the tagger reads it as a name)
  const noun = tokens[head]?.pos === 'NOUN' || (head === 0 && tokens[head]?.pos === 'PROPN' && isKnownWord(tokens[head]?.w ?? ''));
  if (!noun || f.mentions.some((m) => m.from <= head && head <= m.to)) return false;
  const between = f.mentions.filter((m) => m.from > head && m.from < at);
  const last = between.at(-1);
  // and the cue says something of the subject: a verb stands between (no verb: "a take from the king of dumb opinions")
  const predicate = !!last && tokens.slice(last.to + 1, at + 1).some((t) => t.pos === 'VERB' || t.pos === 'AUX');
  return predicate && between.every((m) => tokens.slice(head + 1, m.from).some((t) => G.about.has(t.w)));
}

/**
 * The group the sentence before is about, when a name standing alone after it calls them: its first mention, a group
 * (or "they" for one), in a sentence that tells of nothing done to them ("Refugees were attacked. Animals." calls the
 * attackers).
 */
function calledAfter(prev: Prev): { target: Target; group?: string; mention?: Mention } | null {
  const p = prev();
  const first = p?.mentions[0];
  if (!p || !first || (first.kind !== 'group' && first.kind !== 'pronoun')) return null;
  const tokens = p.s.tokens;
  if (tokens.some((t, k) => G.beOrGet.has(t.w) && tokens[k + 1]?.pos === 'VERB')) return null;
  if (first.kind === 'group') return { target: 'group', group: first.group, mention: first };
  const resolved = resolvePronoun(p, () => null, first);
  return resolved.target === 'group' ? resolved : null;
}

/** "had to have the cat put down", "get the dog shot": done to the noun a causative verb names, which names no one */
function causedOnThing(f: SentenceFacts, at: number): boolean {
  const tokens = f.s.tokens;
  const noun = at - 1;
  return (
    tokens[noun]?.pos === 'NOUN' &&
    !f.mentions.some((m) => m.from <= noun && noun <= m.to) &&
    (tokens[noun - 1]?.pos === 'DET' || G.possessive.has(tokens[noun - 1]?.w ?? '')) &&
    G.causative.has(tokens[noun - 2]?.lemma ?? '')
  );
}

/** The token before `k` once adverbs are passed ("should be quietly euthanised", "and then killed"). */
function beforeAdverbs(tokens: readonly Token[], k: number): number {
  let p = k - 1;
  while (tokens[p]?.pos === 'ADV') p--;
  return p;
}

/** The token before a verb once auxiliaries and adverbs are passed: its subject, where it has one. */
function subjectBefore(tokens: readonly Token[], k: number): number {
  while (k >= 0 && (tokens[k]?.pos === 'ADV' || G.subjectAux.has(tokens[k]?.w ?? ''))) k--;
  return k;
}

/** The index of the first token of the clause of token `at`. */
function clauseStart(f: SentenceFacts, at: number): number {
  let k = at;
  while (k > 0 && f.clauseOf[k - 1] === f.clauseOf[at]) k--;
  return k;
}

/** The index after the last token of the clause of token `at`. */
function clauseEnd(f: SentenceFacts, at: number): number {
  let k = at;
  while (k < f.s.tokens.length && f.clauseOf[k] === f.clauseOf[at]) k++;
  return k;
}

/**
 * A noun phrase naming a thing ends in tokens [from, to): a noun not followed by another noun ("pipeline protester"
 * is one phrase) and not naming anyone ("that cyclist activist").
 */
function objectBefore(f: SentenceFacts, from: number, to: number): boolean {
  const tokens = f.s.tokens;
  const named = (a: number, b: number) => f.mentions.some((m) => m.to >= a && m.from <= b);
  for (let k = from; k < to; k++) {
    if (tokens[k]?.pos !== 'NOUN' || tokens[k + 1]?.pos === 'NOUN' || tokens[k + 1]?.pos === 'PROPN') continue;
    // "the lot of them", "the life out of that councillor": the phrase goes on to name whom it is about
    const of = tokens[k + 1]?.w === 'of' ? k + 2 : tokens[k + 1]?.w === 'out' && tokens[k + 2]?.w === 'of' ? k + 3 : -1;
    if (!named(k, k) && !(of >= 0 && named(of, of + 2))) return true;
  }
  return false;
}

/** "they", "those people", "his sort": the group named in this sentence or the one before, else people in general. */
function resolvePronoun(f: SentenceFacts, prev: Prev, pronoun: Mention): { target: Target; group?: string; mention: Mention } {
  const named = f.mentions.find((m) => m.kind === 'group') ?? prev()?.mentions.find((m) => m.kind === 'group');
  if (named) return { target: 'group', group: named.group, mention: pronoun };
  const weak = f.weakGroups[0] ?? prev()?.weakGroups[0];
  if (weak) return { target: 'group', group: weak, mention: pronoun };
  return { target: 'others', mention: pronoun };
}

/** Read-only, and each worked out only when asked for (see `commentFacts`). */
interface CommentFacts {
  readonly condemned: boolean;
  readonly endorsed: boolean;
  /** a sentence of the comment says who said its quotations ("… was a real comment I read today") */
  readonly quotesAttributed: boolean;
}

/** How the cue at tokens [at, at+len) is used; `m` is its target, whose link to the cue a negator may sit in. */
function useOf(f: SentenceFacts, at: number, len: number, comment: CommentFacts, m?: Mention): Use {
  const tok = f.s.tokens[at];
  const clause = f.clauseOf[at];
  if (!tok || clause === undefined) return 'asserted';
  const from = m && m.to < at ? Math.min(m.to, at - NEGATION_REACH) : at - NEGATION_REACH;
  const to = m && m.from > at ? m.from : at;
  // a negator inside the cue is part of it ("better off without"); one compared with its target is a superlative
  // ("nothing I despise more than Jews", "nobody is lazier than …")
  const superlative = !!m && m.from > at && f.s.tokens.slice(at + len, m.from).some((t) => t.w === 'than');
  // "nobody I know thinks they are lazy", "I don't believe Roma are thieves": denied thinking denies what is thought
  const raised = (n: number) => n < at && n >= at - RAISED_REACH && f.s.tokens.slice(n + 1, Math.min(n + 5, at)).some((t) => G.thinking.has(t.lemma));
  // "aren't people, they're a swarm": a comma before a pronoun starts a clause of its own
  const ownClause = (n: number) => n < at && f.s.tokens.slice(n + 1, at).some((t, k) => t.w === ',' && f.s.tokens[n + 2 + k]?.pos === 'PRON');
  const negated =
    !superlative && f.negators.some((n) => ((n >= from && n < to) || raised(n)) && (n < at || n >= at + len) && f.clauseOf[n] === clause && !ownClause(n));
  // said by someone: a reporting word before the cue, or anywhere in the sentence when the cue is quoted
  // a report reaches over a comma only straight after it ("He said, …"): "what the law says about them, they're freaks" is the speaker's
  // "people who …", "whoever …" report only their own clause: "the people who shut the mine will pay" is the speaker's
  const reaches = (r: number) => r < at && !f.s.tokens.slice(r + 2, at).some((t) => t.w === ',') && !(mainClauseAfter(f.s.tokens, r) <= at) && !turnsToSpeakerOrYou(f.s.tokens, r, at);
  const attributed = f.reports.some(reaches) || (tok.quoted && (f.reports.length > 0 || comment.quotesAttributed));
  const mentioned = attributed || tok.quoted;
  if (negated && !tok.quoted) return mentioned && comment.condemned ? 'counter' : 'negated';
  if (mentioned && comment.condemned) return 'counter';
  // abuse the speaker or their own received, reported: a victim's account, not an attack (and no endorsement of
  // it: "my grandmother was called a '…', and that's exactly why …")
  if (mentioned && f.toSpeaker) return 'counter';
  if (mentioned && comment.endorsed) return 'asserted';
  if (attributed) return 'reported';
  if (tok.quoted) return 'quoted';
  if (f.s.question) return 'questioned';
  return 'asserted';
}

/** how far the clause after a denied verb of thinking (`G.thinking`) may reach */
const RAISED_REACH = 12;

/**
 * "Keep writing lies about my family and you'll end up in the canal": a clause joined on with "I", "we" or "you" as
 * its subject is the speaker's own, not part of the words reported before it.
 */
function turnsToSpeakerOrYou(tokens: readonly Token[], r: number, at: number): boolean {
  for (let k = r + 1; k < at; k++) {
    if (tokens[k]?.pos === 'CCONJ' && G.speakerOrYou.has(tokens[k + 1]?.w ?? '') && (tokens[k + 2]?.pos === 'AUX' || tokens[k + 2]?.pos === 'VERB')) return true;
  }
  return false;
}

/**
 * Where the main clause resumes after a relative report ("anyone who says …", "the man who wrote this"): the first verb
 * after the relative clause's own verb and its object. Infinity when the report is no relative clause.
 */
function mainClauseAfter(tokens: readonly Token[], r: number): number {
  // the relative word before the reporting word ("the guy who wrote this") or after it ("people who …")
  let k = Math.max(0, r - 1);
  while (k < tokens.length && k <= r + 1 && !G.relative.has(tokens[k]?.w ?? '')) k++;
  if (!G.relative.has(tokens[k]?.w ?? '')) return Infinity;
  const isVerb = (k: number) => tokens[k]?.pos === 'VERB' || tokens[k]?.pos === 'AUX';
  k++;
  while (k < tokens.length && !isVerb(k)) k++;
  while (k < tokens.length && isVerb(k)) k++;
  while (k < tokens.length && !isVerb(k)) k++;
  return k < tokens.length ? k : Infinity;
}

/** how far back a modal ("should", "will", "deserve", "someone") reaches to make violence a threat */
const MODAL_REACH = 14;

/** A verb and a noun naming no one as its object stand before token `i`, after the last person named in its clause. */
function thingMoved(f: SentenceFacts, i: number): boolean {
  const clause = f.clauseOf[i];
  const named = f.mentions.filter((m) => m.to < i && f.clauseOf[m.from] === clause).at(-1);
  let k = named ? named.to + 1 : clauseStart(f, i);
  let verb = false;
  for (; k < i; k++) {
    const pos = f.s.tokens[k]?.pos;
    if (pos === 'VERB') verb = true;
    else if (verb && pos === 'NOUN') return true;
  }
  return false;
}

/** "he'd been shot", "she'd killed": "'d" before a participle is "had", not "would" */
function hadNotWould(tokens: readonly Token[], k: number): boolean {
  if (tokens[k]?.w !== "'d" && tokens[k]?.w !== '’d') return false;
  let v = k + 1;
  while (tokens[v]?.pos === 'ADV') v++;
  const t = tokens[v];
  return !!t && (t.pos === 'VERB' || t.pos === 'AUX') && t.w !== t.lemma;
}

/**
 * The verb at `k` is in the past tense joined on to another ("a fox got into the hen house and killed all eight"),
 * not a participle. (After a subject the past may be wished: "I'd make sure she never walked again".)
 */
function toldInPast(tokens: readonly Token[], k: number): boolean {
  const t = tokens[k];
  if (!t || t.pos !== 'VERB' || t.w === t.lemma || /(?:ing|s)$/.test(t.w)) return false;
  return tokens[beforeAdverbs(tokens, k)]?.pos === 'CCONJ';
}

/**
 * "Whoever set fire to that hostel deserves a medal", "the lad who stabbed him is a hero": violence told of in a
 * clause about whoever did it, and that doer praised after it, is violence the speaker wants.
 */
function glorified(f: SentenceFacts, at: number, lex: Lexicon): boolean {
  const tokens = f.s.tokens;
  if (tokens[at]?.pos !== 'VERB' || !G.relative.has(tokens[beforeAdverbs(tokens, at)]?.w ?? '')) return false;
  for (let k = at + 1; k < tokens.length; k++) if (matchAt(lex.cue.glorify, f.words, k)) return true;
  return false;
}

/** "every time they …", "the last time I …": "time" counted says when, not that it is time for something */
const timesCounted = (tokens: readonly Token[], k: number): boolean => tokens[k]?.w === 'time' && G.counting.has(tokens[k - 1]?.w ?? '');

/**
 * Violence or exclusion at token `at` is wished, willed or ordered, and by or for people: a modal before it
 * ("should", "will", "deserve", "hope") with a person as subject ("I'll", "someone should", "they must") or in
 * the passive ("should be hanged"), or an imperative aimed at someone ("kill them all"). "This policy will
 * hurt farmers" and "the police shot him" are not threats.
 */
function intended(f: SentenceFacts, at: number, lex: Lexicon): boolean {
  const tokens = f.s.tokens;
  const start = clauseStart(f, at);
  const lead = tokens.slice(start, at).filter((t) => t.pos !== 'PUNCT' && !G.fillers.has(t.w));
  // an imperative: the verb in its base form ("Hang them", not "Hung, the HBO comedy") aimed at someone
  const verb = tokens[at];
  if (lead.length === 0) return !!verb && verb.w === verb.lemma && f.mentions.some((m) => m.from > at && m.from <= at + 4 && m.kind !== 'others');
  // "I'm throwing acid", "we're running them off the road": the speaker's plan, said in the present
  if (planned(tokens, at)) return true;
  // "… and killed all eight birds": what was done is told, not willed
  if (toldInPast(tokens, at)) return false;
  let modal = -1;
  for (let k = Math.max(start, at - MODAL_REACH); k < at; k++) if (matchAt(lex.cue.modal, f.words, k) && !timesCounted(tokens, k) && !hadNotWould(tokens, k)) modal = k;
  if (modal < 0) return false;
  // "Would it kill the council to …?": the subject after an inverted modal is no one ("it", "that")
  if (modal + 1 < at && tokens[modal + 1]?.pos === 'PRON' && G.notASubject.has(tokens[modal + 1]?.w ?? '')) return false;
  // "were all thrown out", "should be quietly euthanised": words between the auxiliary and the participle
  let aux = at - 1;
  while (aux > modal && (tokens[aux]?.pos === 'ADV' || G.quantifiers.has(tokens[aux]?.w ?? ''))) aux--;
  if (G.beOrGet.has(tokens[aux]?.w ?? '')) return true;
  // "it's time we started …", "time someone …": after "time" its subject follows it
  if (tokens[modal]?.w === 'time' && tokens.slice(modal + 1, at).some((t) => (t.pos === 'PRON' && !G.notASubject.has(t.w)) || ['someone', 'somebody', 'everyone'].includes(t.w))) return true;
  // "the world would be better if they all ceased to exist": what the condition says is wished
  const better = tokens.findIndex((t, k) => k >= start && k < at && t.w === 'better');
  if (better >= 0 && tokens.slice(better + 1, at).some((t) => t.w === 'if')) return true;
  // "border patrol should shoot them": a call for violence whoever is to do it
  if (G.normative.has(tokens[modal]?.w ?? '')) return true;
  const subject = tokens.slice(start, modal + 1);
  // "Going to burn …", "Gonna find you": the speaker left out
  if (subject.every((t) => t.pos === 'PUNCT' || G.fillers.has(t.w) || matchAt(lex.cue.modal, [[t.w]], 0) || t.w === 'to')) return true;
  return (
    subject.some((t) => (t.pos === 'PRON' && !G.notASubject.has(t.w)) || /^(?:i|we|they|he|she|you|u)(?:['’]|$)/.test(t.w)) ||
    f.mentions.some((m) => m.from >= start && m.from <= modal) ||
    subject.some((t) => ['someone', 'somebody', 'anyone', 'everyone', 'people', 'somebody'].includes(t.w))
  );
}

/**
 * The harm at token `at` is wished on someone by the speaker ("I hope he gets cancer", "Hope the plane goes down",
 * "here's hoping …"): a word of wishing before it in its sentence, and a verb between that brings the harm about
 * ("gets", "puts … in hospital"). "I hope the patients in hospital get better care" and "I hope he beats his cancer"
 * wish no harm: the harm there is already where it is, or already theirs.
 */
function wished(f: SentenceFacts, at: number, len: number, lex: Lexicon): boolean {
  const tokens = f.s.tokens;
  if (G.possessive.has(tokens[at - 1]?.w ?? '')) return false;
  for (let k = Math.max(0, at - MODAL_REACH); k < at; k++) {
    const t = tokens[k];
    if (!t || !(lex.wishes.has(t.w) || lex.wishes.has(t.lemma))) continue;
    const before = tokens[k - 1];
    const speaker = !before || before.pos === 'PUNCT' || G.firstPerson.has(before.w) || before.w === "here's" || before.w === "'s" || (before.pos === 'ADV' && G.firstPerson.has(tokens[k - 2]?.w ?? ''));
    const brought = tokens.slice(k + 1, at + len).some((v) => v.pos === 'VERB' || v.pos === 'AUX');
    if (speaker && brought) return true;
  }
  return false;
}


/** Token `at` is a verb in -ing straight after "I'm" or "we're" (adverbs aside): "I'm throwing", "we're just going". */
function planned(tokens: readonly Token[], at: number): boolean {
  const verb = tokens[at];
  if (!verb || verb.pos !== 'VERB' || !verb.w.endsWith('ing')) return false;
  let k = at - 1;
  while (tokens[k]?.pos === 'ADV') k--;
  const be = tokens[k];
  if (!be) return false;
  if (G.speakerIs.has(be.w)) return true;
  return G.isAfterSpeaker.has(be.w) && (tokens[k - 1]?.w === 'i' || tokens[k - 1]?.w === 'we');
}

/** parts of speech that may stand between a person and what they are called, beside `G.linkWords` */
const LINK_POS = new Set(['DET', 'ADJ', 'ADV', 'PART', 'PUNCT', 'NUM', 'CCONJ']);

/**
 * A name-calling word is evidence only when it is said of someone: as a predicate ("X are vermin", "you are
 * a fraud"), an apposition or vocative ("you idiot", "filthy rats, every one of them", "idiots like you").
 * "Blow the whistle if you see fraud" is not.
 */
function linked(f: SentenceFacts, at: number, len: number, m: Mention | null): boolean {
  if (!m) return false;
  // "her tumour", "your dog", "cripple their economy": a possessive owns the thing, it does not call anyone it
  // (further on it may say whose: "that bitch and her dogs")
  const [a, b] = m.to < at ? [m.to + 1, at] : [at + len, m.from];
  if (m.from === m.to && G.possessive.has(f.s.tokens[m.to]?.w ?? '') && (m.to < at || a === b)) return false;
  // "thick as mince the other half, they are": the predicate put first, its subject and verb closing the sentence
  const closing = f.s.tokens.slice(m.to + 2).every((t) => t.pos === 'PUNCT');
  if (m.from > at && f.s.tokens[m.from - 1]?.w === ',' && G.be.has(f.s.tokens[m.to + 1]?.w ?? '') && closing) return true;
  if (b - a > 6) return false;
  // side by side only as a vocative ("you idiot") or an attribute of a group ("filthy Muslims"), not a
  // compound ("Labrador bitch", "the landlady's faggots")
  if (b === a) return m.kind === 'you' || m.kind === 'group' || m.kind === 'pronoun';
  for (let k = a; k < b; k++) {
    const t = f.s.tokens[k];
    if (t && (G.be.has(t.w) || G.linkWords.has(t.w) || G.linkWords.has(t.lemma) || LINK_POS.has(t.pos))) continue;
    // a participle describing the word after it, after a linking word ("are nothing but freeloading criminals"), not
    // a verb in a tense ("should not be having children", "she'd herded sheep") or straight after its subject ("gran
    // bundled faggots"); a passive's participle describes too ("are born thieves")
    if (t && k > a && k === b - 1 && b === at && t.pos === 'VERB' && (/(?:ing|ed)$/.test(t.w) || (t.w !== t.lemma && !t.w.endsWith('s'))) && (f.s.tokens[k - 1]?.pos !== 'AUX' || (G.be.has(f.s.tokens[k - 1]?.w ?? '') && t.w !== t.lemma && !t.w.endsWith('ing')))) continue;
    if (t && G.semiModals.has(t.lemma) && f.s.tokens[k + 1]?.w === 'to') continue;
    return false;
  }
  return true;
}

/** Nothing but punctuation and fillers before token `at` in its clause: an imperative. */
function startsClause(f: SentenceFacts, at: number): boolean {
  for (let k = at - 1; k >= 0 && f.clauseOf[k] === f.clauseOf[at]; k--) {
    const t = f.s.tokens[k];
    if (t && t.pos !== 'PUNCT' && !G.fillers.has(t.w)) return false;
  }
  return true;
}

/**
 * The word of feeling at `at` is a noun: after a determiner, an adjective or "of" ("the online hate",
 * "full of hate"), or before a noun it describes ("hate crime", "hate mail") that names no one.
 */
function namesFeeling(f: SentenceFacts, at: number): boolean {
  const before = f.s.tokens[at - 1];
  const after = f.s.tokens[at + 1];
  if (before && (before.pos === 'DET' || before.pos === 'ADJ' || before.w === 'of') && !/^(that|all|what|who)$/.test(before.w)) return true;
  return !!after && after.pos === 'NOUN' && !f.mentions.some((m) => m.from === at + 1);
}

/** The sentence reports or quotes what someone said. */
const describesSpeech = (f: SentenceFacts) => f.reports.length > 0 || f.s.tokens.some((t) => t.quoted);

/** A sentence of a word or two and no verb: "Vile.", "Utterly shameful!" */
const exclamation = (f: SentenceFacts) => f.s.tokens.filter((t) => t.pos !== 'PUNCT').length <= 2 && !f.s.tokens.some((t) => t.pos === 'VERB' || t.pos === 'AUX');

/**
 * The word opens its sentence, set off by a comma and a conjunction: a comment on what came before ("Disgusting,
 * and I hope they're caught"), unlike a word said of someone after it ("Disgusting, the lot of them").
 */
const setOff = (f: SentenceFacts, at: number) =>
  f.s.tokens.slice(0, at).every((t) => t.pos === 'PUNCT') && f.s.tokens[at + 1]?.text === ',' && f.s.tokens[at + 2]?.pos === 'CCONJ';

/** Parts of speech that carry a meaning of their own, unlike particles and prepositions. */
const CONTENT_POS: ReadonlySet<string> = new Set(['VERB', 'NOUN', 'ADJ', 'PROPN']);

/** "Immigrants out", "Muslims go home": exclusion right after a group. */
function afterGroup(f: SentenceFacts, at: number): boolean {
  return f.mentions.some((m) => m.kind === 'group' && m.to === at - 1);
}

/**
 * A capitalised word that is part of a name: inside a sentence, or at its start before another capitalised
 * word ("Coon Rapids is …", "Mong Kok"). Words in capitals throughout are shouting, not names.
 */
function isName(tokens: readonly Token[], i: number, lex: Lexicon): boolean {
  const t = tokens[i];
  if (!t || !/^\p{Lu}/u.test(t.text) || t.text === t.text.toUpperCase()) return false;
  // "Megan Rapinoe Dyke": a word tacked onto a full name is a label, not a surname ("Dick Van Dyke" is a name)
  const cap = (k: number) => /^\p{Lu}\p{Ll}/u.test(tokens[k]?.text ?? '');
  const before = tokens[i - 1];
  if (before && cap(i - 1) && cap(i - 2) && !lex.nameParticles.has(before.w)) return false;
  if (before && before.pos !== 'PUNCT') return true;
  const next = tokens[i + 1];
  return !!next && /^\p{Lu}\p{Ll}/u.test(next.text);
}

/** Parts of speech of name-calling words (as opposed to verbs such as "steal" or "take over"). */
const NAMING_POS = new Set(['NOUN', 'ADJ', 'PROPN']);

const CUE_ORDER: readonly Exclude<WordCueKind, 'homonym'>[] = ['slur', 'threat', 'dehumanise', 'exclusion', 'hate', 'insult', 'derogate'];

function tableFor(lex: Lexicon, kind: Exclude<WordCueKind, 'homonym'>): PhraseTable<unknown> {
  return kind === 'slur' ? lex.slurs : lex.cue[kind];
}

/** The words of `f` outside quotations and cues hold a phrase of `table` ("vile", "well said"). */
function says(f: SentenceFacts, table: PhraseTable, cueTokens: ReadonlySet<Token>): boolean {
  for (let i = 0; i < f.s.tokens.length; i++) {
    const t = f.s.tokens[i];
    if (t && !t.quoted && !cueTokens.has(t) && matchAt(table, f.words, i)) return true;
  }
  return false;
}

/**
 * What rough sentences `ids` say of how the comment's words are used, each fact worked out when first asked
 * for: most cues are neither quoted nor reported, and then none is.
 */
function commentFacts(a: CommentAnalysis, ids: readonly number[], cueTokens: ReadonlySet<Token>): CommentFacts {
  const { lex } = a;
  // a sentence wink has read costs nothing to look at; another is read only when its words may hold the phrase
  const anySays = (table: PhraseTable, needs: PhraseNeeds): boolean =>
    ids.some((i) => a.isRead(i) && a.facts(i).some((f) => says(f, table, cueTokens))) ||
    ids.some((i) => !a.isRead(i) && a.mayMatch(i, needs) && a.facts(i).some((f) => says(f, table, cueTokens)));
  let condemned: boolean | undefined;
  let endorsed: boolean | undefined;
  let quotesAttributed: boolean | undefined;
  return {
    get condemned() {
      return (condemned ??= anySays(lex.cue.condemn, lex.condemnNeeds));
    },
    get endorsed() {
      return (endorsed ??= anySays(lex.cue.endorse, lex.endorseNeeds));
    },
    get quotesAttributed() {
      if (quotesAttributed === undefined) {
        const quoting = ids.some((i) => a.hasQuotes(i));
        const sentences = quoting ? ids.flatMap((i) => a.facts(i)) : [];
        quotesAttributed = quoting && sentences.some((f) => f.reports.length > 0) && sentences.some((f) => f.s.tokens.some((t) => t.quoted));
      }
      return quotesAttributed;
    },
  };
}

/** The words could report, condemn or endorse what is said (the facts `commentFacts` looks for). */
function saysHowWordsAreUsed(lex: Lexicon, words: readonly string[]): boolean {
  return hasAny(lex.cue.report, words) || hasAny(lex.cue.condemn, words) || hasAny(lex.cue.endorse, words);
}

/**
 * Whether the words of `sentence` could start a cue, by their first words: a cue word, or a group named beside
 * a negator ("no X has ever …") — 'word'; a word of violence beside someone it could be for (a group, a
 * pronoun, a person noun or a capitalised name: a threat at nobody is no threat) — 'violence'; else null.
 * The sentences with such words are also those read for how the cues are used (`commentFacts`).
 */
function cueWordsIn(lex: Lexicon, words: readonly string[], sentence: string): 'word' | 'violence' | null {
  if (hasAny(lex.triggers, words)) return 'word';
  if (hasAny(lex.violenceTriggers, words) && (words.some((w) => lex.whoWords.has(w)) || /\S\s+["'“‘(]?\p{Lu}/u.test(sentence))) return 'violence';
  return hasAny(lex.groupWords, words) && words.some((w) => lex.negators.has(w)) ? 'word' : null;
}

/**
 * One comment as the evidence step reads it, shared by the phases that look for evidence (profanity and
 * abuse): its rough sentences, the words of each, its quotation marks, and wink's reading of each sentence
 * that holds a cue — computed once, when first asked for.
 */
export class CommentAnalysis {
  readonly rough: ReadonlyArray<readonly [number, number]>;
  private quotedCache: Uint8Array | null = null;
  private readonly wordsCache = new Map<number, string[]>();
  private readonly looseCache = new Map<number, WordBag>();
  private readonly bags = new Map<number, WordBag>();
  private readonly factsCache = new Map<number, SentenceFacts[]>();

  /** the text as the analysis reads it: signs standing for letters read as those letters, same offsets */
  readonly reading: string;

  constructor(
    readonly text: string,
    readonly lex: Lexicon,
  ) {
    this.reading = readLeet(text, lex);
    this.rough = roughSentences(this.reading);
  }

  /** 1 for each character of the text inside quotation marks (the marks included). */
  quoted(): Uint8Array {
    return (this.quotedCache ??= quotedMask(this.reading));
  }

  /** The text with every quotation blanked out (same length, so offsets still hold): what the author says in their own words. */
  ownWords(): string {
    const q = this.quoted();
    if (!q.includes(1)) return this.text;
    let out = '';
    for (let i = 0; i < this.text.length; i++) out += q[i] ? ' ' : this.text[i];
    return out;
  }

  /** The words of rough sentence `i` in the forms the lexicon lists, cheaply (no wink). */
  words(i: number): string[] {
    let w = this.wordsCache.get(i);
    if (!w) {
      const [a, b] = this.rough[i] ?? [0, 0];
      w = quickWords(this.reading.slice(a, b), this.lex);
      // the words as they may have been meant, after the words as written
      const fixes: string[] = [];
      for (const word of w) {
        const fixed = correct(this.lex.speller, word);
        if (fixed) fixes.push(fixed);
      }
      w.push(...fixes);
      this.wordsCache.set(i, w);
    }
    return w;
  }

  /** One of the phrases may be whole in rough sentence `i` as wink reads it (the cheap test, no wink). */
  mayMatch(i: number, needs: PhraseNeeds): boolean {
    // the quick words first: where they hold a phrase, the loose words (more, and dearer) are not needed
    const quick = this.quick(i);
    if (mayMatch(needs, quick)) return true;
    const loose = this.loose(i);
    return loose !== quick && mayMatch(needs, loose);
  }

  private quick(i: number): WordBag {
    let bag = this.bags.get(i);
    if (!bag) {
      bag = new WordBag(this.words(i));
      this.bags.set(i, bag);
    }
    return bag;
  }

  private loose(i: number): WordBag {
    let loose = this.looseCache.get(i);
    if (!loose) {
      const [a, b] = this.rough[i] ?? [0, 0];
      loose = looseWords(this.quick(i), this.reading.slice(a, b), this.lex);
      this.looseCache.set(i, loose);
    }
    return loose;
  }

  /** A word of rough sentence `i` may be a negator: one of the lexicon's, or an auxiliary with "n't" ("dont", "isn't"). */
  mayNegate(i: number): boolean {
    const [a, b] = this.rough[i] ?? [0, 0];
    return this.loose(i).words.some((w) => this.lex.negators.has(w) || NEGATED_AUX.test(w)) || /n['’]t(?!\p{L})|(?<!\p{L})nt(?!\p{L})/iu.test(this.reading.slice(a, b));
  }

  /** Rough sentence `i` has a character inside quotation marks. */
  hasQuotes(i: number): boolean {
    const [a, b] = this.rough[i] ?? [0, 0];
    // a token may start where the span ends, so its last offset counts too
    return this.quoted().subarray(a, b + 1).includes(1);
  }

  /** wink has read rough sentence `i` already. */
  isRead(i: number): boolean {
    return this.factsCache.has(i);
  }

  /** wink's sentences of rough sentence `i`, with the facts the evidence step reads. */
  facts(i: number): SentenceFacts[] {
    let f = this.factsCache.get(i);
    if (!f) {
      const [a, b] = this.rough[i] ?? [0, 0];
      f = analyseSpan(this.reading, a, b, this.quoted()).map((s) => factsOf({ ...s, tokens: joinSpelledOut(s.tokens.map((t) => this.spelt(t)), this.lex) }, this.lex));
      this.factsCache.set(i, f);
    }
    return f;
  }

  /**
   * The token as the word it misspells, when it misspells a word of the lexicon. A capitalised word may be a
   * name ("Sheila Dikshit") unless it misspells what a group is called, which is capitalised too.
   */
  private spelt(t: Token): Token {
    const fixed = isAcronym(t.text) ? null : correct(this.lex.speller, t.w);
    if (!fixed) return t;
    // "Wtbacks" → "wetbacks": the tables list the singular, which is what the tagger's lemma would have been
    const names = (w: string) => hasAny(this.lex.groupWords, [w]) || hasAny(this.lex.slurs, [w]);
    const singular = fixed.endsWith('s') && names(fixed.slice(0, -1)) ? fixed.slice(0, -1) : fixed;
    if (/^\p{Lu}\p{Ll}/u.test(t.text) && !names(singular)) return t;
    return { ...t, w: fixed, lemma: singular };
  }

  /**
   * The sentences of rough sentences `wanted`, each with the sentence before it as context (for "they"): the one
   * before that names anyone, passing over one that names no one ("Sikh volunteers served meals. Don't be fooled.
   * Those people are snakes.").
   */
  sentences(wanted: readonly number[]): Array<{ f: SentenceFacts; prev: Prev }> {
    const out: Array<{ f: SentenceFacts; prev: Prev }> = [];
    for (const i of wanted) {
      let prev: Prev = () => this.namingBefore(i);
      for (const f of this.facts(i)) {
        out.push({ f, prev });
        const before = prev;
        prev = () => (namesAnyone(f) ? f : (before() ?? f));
      }
    }
    return out;
  }

  /** The last sentence of rough sentences i-1 and i-2 that names anyone, else the one just before rough sentence i. */
  private namingBefore(i: number): SentenceFacts | null {
    for (let j = i - 1; j >= Math.max(0, i - 2); j--) {
      const named = this.facts(j).findLast(namesAnyone);
      if (named) return named;
    }
    return i > 0 ? (this.facts(i - 1).at(-1) ?? null) : null;
  }

  /**
   * The rough sentences whose words may say how the cues of sentences `wanted` are used: those sentences and
   * the one before and the one after each when it reports, condemns or endorses something ("He called my son a
   * '…'. Unacceptable.").
   */
  context(wanted: readonly number[]): number[] {
    const all = new Set<number>(wanted);
    for (const i of wanted) {
      for (const j of [i - 1, i + 1]) if (j >= 0 && j < this.rough.length && !all.has(j) && saysHowWordsAreUsed(this.lex, this.words(j))) all.add(j);
    }
    return [...all].sort((x, y) => x - y);
  }
}

/** The site's additions to the word lists, from the settings page. */
export interface EvidenceExtras {
  extraGroups: readonly string[];
  extraSlurs: readonly string[];
  extraInsults: readonly string[];
}

/** The analysis of `text` with the site's additions to the word lists. */
export function analyseComment(text: string, extras?: EvidenceExtras): CommentAnalysis {
  return new CommentAnalysis(text, getLexicon(extras && { groups: extras.extraGroups, slurs: extras.extraSlurs, insults: extras.extraInsults }));
}

/** Every word cue of the comment with its target and use. */
export function findCues(a: CommentAnalysis): Cue[] {
  const { lex, text } = a;
  // the sentences with cue words say how the comment's words are used; wink reads for cues only those of them
  // where a cue can be whole: a word of violence is often a common word ("you", "broken"), and "broken" alone
  // is not "break his jaw"
  const withCueWords: number[] = [];
  const wanted: number[] = [];
  a.rough.forEach(([from, to], i) => {
    const hint = cueWordsIn(lex, a.words(i), a.reading.slice(from, to));
    if (!hint) return;
    withCueWords.push(i);
    if (hint === 'word' || a.mayMatch(i, lex.cueNeeds) || (a.mayMatch(i, lex.praiseNeeds) && a.mayNegate(i)) || (a.mayMatch(i, lex.harmNeeds) && a.mayMatch(i, lex.wishNeeds))) wanted.push(i);
  });
  if (!wanted.length) return [];
  const analysed = a.sentences(wanted);
  type Aim = { target: Target; group?: string; mention?: Mention };
  const found: Array<{ f: SentenceFacts; prev: Prev; at: number; len: number; kind: WordCueKind; negator?: number; aim?: Aim }> = [];
  const cueTokens = new Set<Token>();
  for (const { f, prev } of analysed) {
    const taken = new Set<number>();
    for (const m of f.mentions) if (m.kind === 'group' || m.kind === 'others') for (let k = m.from; k <= m.to; k++) taken.add(k);
    for (let i = 0; i < f.s.tokens.length; i++) {
      if (taken.has(i) || !hasAny(lex.cueStarts, f.words[i] ?? [])) continue;
      // "he won't be leaving in one piece": survival denied and willed is a threat, the negator part of it
      const survival = matchAt(lex.cue.survival, f.words, i);
      const denier = survival ? f.negators.findLast((n) => n < i && i - n <= NEGATION_REACH && f.clauseOf[n] === f.clauseOf[i]) : undefined;
      if (survival && denier !== undefined && intended(f, i, lex)) {
        found.push({ f, prev, at: i, len: survival.len, kind: 'threat', negator: denier });
        addTokens(cueTokens, f.s.tokens, denier, i + survival.len);
        i += survival.len - 1;
        continue;
      }
      // "I hope he gets cancer": harm the speaker wishes on someone
      const harm = matchAt(lex.cue.wishedHarm, f.words, i);
      if (harm && wished(f, i, harm.len, lex)) {
        found.push({ f, prev, at: i, len: harm.len, kind: 'threat' });
        addTokens(cueTokens, f.s.tokens, i, i + harm.len);
        i += harm.len - 1;
        continue;
      }
      const phrase = matchAt(lex.cue.threatPhrase, f.words, i);
      // "breaking his neck" in a history of Guy Fawkes is not a threat: a phrase that starts with a verb needs intent,
      // and so does one that says where a thing was put ("pumped raw sewage into the river" is news, not a threat)
      const needsIntent = f.s.tokens[i]?.pos === 'VERB' || (f.s.tokens[i]?.pos === 'ADP' && thingMoved(f, i));
      if (phrase && !(needsIntent && !intended(f, i, lex) && !glorified(f, i, lex)) && !isName(f.s.tokens, i, lex)) {
        found.push({ f, prev, at: i, len: phrase.len, kind: 'threat' });
        addTokens(cueTokens, f.s.tokens, i, i + phrase.len);
        i += phrase.len - 1;
        continue;
      }
      for (const kind of CUE_ORDER) {
        const hit = matchAt(tableFor(lex, kind), f.words, i);
        if (!hit) continue;
        let foundKind: WordCueKind = kind;
        if (kind === 'slur') {
          const slur = matchAt(lex.slurs, f.words, i)?.value;
          if (!slur || innocentSense(slur, f, i, hit.len, lex)) continue;
          // a word with innocent senses too (spade, coon, nip): a name when capitalised inside a name ("Coon Rapids")
          if (slur.senses.length) {
            if (isName(f.s.tokens, i, lex)) continue;
            foundKind = 'homonym';
          }
        }
        // "vile", "disgusting" in a sentence that reports speech, standing alone ("Vile.") or set off at its start
        // ("Disgusting, and …"), judge what was said or done: condemnation, not a cue
        if ((kind === 'insult' || kind === 'derogate' || kind === 'hate') && (describesSpeech(f) || exclamation(f) || setOff(f, i)) && matchAt(lex.cue.condemn, f.words, i)) break;
        // violence and exclusion are threats only when wished, willed or ordered, not when reported as past events
        if ((kind === 'threat' || kind === 'exclusion') && !intended(f, i, lex) && !glorified(f, i, lex) && !(kind === 'exclusion' && afterGroup(f, i))) continue;
        // "I'm dying to see it", "I'd kill to have that job": violence before "to" and a verb says how much one wants it
        if (kind === 'threat' && f.s.tokens[i]?.pos === 'VERB' && f.s.tokens[i + hit.len]?.w === 'to' && f.s.tokens[i + hit.len + 1]?.pos === 'VERB') continue;
        // a particle on its own ("out") excludes only right after the group it sends off ("Muslims out"), not
        // in a phrasal verb ("should have died out")
        if (kind === 'exclusion' && hit.len === 1 && !CONTENT_POS.has(f.s.tokens[i]?.pos ?? '') && !afterGroup(f, i)) continue;
        // a capitalised word inside a sentence is a name (Virgin Atlantic, Dick Pound, Rape Crisis), not a cue
        if (kind !== 'slur' && isName(f.s.tokens, i, lex)) break;
        const naming = kind === 'insult' || ((kind === 'dehumanise' || kind === 'derogate') && NAMING_POS.has(f.s.tokens[i]?.pos ?? ''));
        // "Another story about Muslims getting special treatment. Vermin.": a name standing alone calls whoever the
        // sentence before was about
        const calls = naming && kind !== 'derogate' && exclamation(f) ? calledAfter(prev) : null;
        if (calls) {
          found.push({ f, prev, at: i, len: hit.len, kind, aim: calls });
          addTokens(cueTokens, f.s.tokens, i, i + hit.len);
          break;
        }
        if (naming && !linked(f, i, hit.len, targetOf(f, i, hit.len, prev).mention ?? null) && !(kind === 'insult' && startsClause(f, i))) break;
        // "the online hate aimed at women", "hate crime": hatred named as a thing, not felt by the speaker
        if (kind === 'hate' && hit.len === 1 && namesFeeling(f, i)) break;
        // "stink", "steal", "take over" say something of a group only with a group as subject
        if (kind === 'derogate' && !naming && targetOf(f, i, hit.len, prev).target !== 'group') break;
        found.push({ f, prev, at: i, len: hit.len, kind: foundKind });
        addTokens(cueTokens, f.s.tokens, i, i + hit.len);
        i += hit.len - 1;
        break;
      }
    }
    // negated praise aimed at a group: "immigrants are never grateful", "no Roma has ever paid tax"
    for (const n of f.negators) {
      for (let i = n + 1; i < Math.min(f.s.tokens.length, n + 1 + PRAISE_REACH); i++) {
        if (f.clauseOf[i] !== f.clauseOf[n]) continue;
        // "are not numbers, they are human beings": a comma before a pronoun starts a clause of its own
        if (f.s.tokens[i]?.w === ',' && f.s.tokens[i + 1]?.pos === 'PRON') break;
        // "aren't vermin, they're human beings": the negator belongs to the cue it reaches first
        const token = f.s.tokens[i];
        if (token && cueTokens.has(token)) break;
        const hit = matchAt(lex.cue.praise, f.words, i);
        if (!hit) continue;
        // "I've never felt safer than now", "no one is more honest than her": a comparison, no praise denied
        if (f.s.tokens.slice(i + hit.len, i + hit.len + PRAISE_REACH).some((t, k) => t.w === 'than' && f.clauseOf[i + hit.len + k] === f.clauseOf[i])) break;
        const t = targetOf(f, i, hit.len, prev);
        // the group is what the praise is said of: its subject ("immigrants are never grateful", "Hindus have never
        // been a civilised people") or the noun it describes ("no honest Jewish banker"), not someone further on ("a
        // good listener to Black residents"); a subject is the group's only with no other subject between them ("I
        // don't despise women, and I don't think any decent man does")
        const subject = f.mentions
          .filter((m) => m.to < i && (m.kind === 'group' || m.kind === 'pronoun') && f.clauseOf[m.from] === f.clauseOf[i])
          .at(-1);
        const ownSubject = subject && !f.s.tokens.slice(subject.to + 1, n).some((x) => x.pos === 'PRON' && x.w !== 'all');
        const aim: Aim = subject && ownSubject ? (subject.kind === 'pronoun' ? resolvePronoun(f, prev, subject) : { target: 'group', group: subject.group, mention: subject }) : t;
        // "'Women belong in the kitchen' wasn't funny": a group named inside a quotation is someone else's words,
        // and praise denied outside it is said of those words
        if (aim.mention && f.s.tokens[aim.mention.from]?.quoted && !f.s.tokens[n]?.quoted) break;
        const saidOf = !!subject || !t.mention || t.mention.to < i || t.mention.from <= i + hit.len;
        if (aim.target === 'group' && saidOf) {
          found.push({ f, prev, at: i, len: hit.len, kind: 'derogate', negator: n, aim });
          addTokens(cueTokens, f.s.tokens, n, i + hit.len);
        }
        break;
      }
    }
  }
  if (!found.length) return [];
  const comment = commentFacts(a, a.context(withCueWords), cueTokens);
  return found.flatMap(({ f, prev, at, len, kind, negator, aim }): Cue[] => {
    const first = f.s.tokens[negator === undefined ? at : wholeWord(f.s.tokens, negator)];
    const last = f.s.tokens[at + len - 1];
    if (!first || !last) return [];
    let t = aim ?? (kind === 'threat' || kind === 'hate' ? threatTarget(f, at, len, prev) : targetOf(f, at, len, prev));
    // "Shut up and read it", "Get lost": an insult given as an order is aimed at whoever reads it
    if (kind === 'insult' && (t.target === 'nobody' || t.target === 'thing') && startsClause(f, at)) t = { target: 'you' };
    // "jokes about Muslims are disgusting", "comments aimed at women have no place here": said of the thing
    if (kind !== 'slur' && kind !== 'homonym' && t.mention && t.mention.to < at && thingSubject(f, at)) t = { target: 'thing' };
    // "a brick through every Chinese takeaway", "firebomb the Jewish school": violence at a group's places (after
    // the violence, in its clause: "Jewish humour is the best, I'll die on this hill" threatens nothing of theirs)
    const place = f.weakAt.findIndex((k) => k >= at + len && f.clauseOf[k] === f.clauseOf[at]);
    if (kind === 'threat' && t.target === 'thing' && place >= 0) t = { target: 'group', group: f.weakGroups[place] };
    // a word that is a slur in one sense is aimed only where it is said of someone ("she's a dyke")
    if (kind === 'homonym' && !linked(f, at, len, t.mention ?? null)) t = { target: 'thing' };
    // the negator of negated praise or of a denied survival is part of the cue, not a negation of it
    const use =
      negator !== undefined
        ? (f.reports.some((r) => r < negator) || first.quoted) && comment.condemned
          ? 'counter'
          : 'asserted'
        : useOf(f, at, len, comment, t.mention);
    return [
      {
        cue: kind,
        term: text.slice(first.start, last.end),
        start: first.start,
        end: last.end,
        target: t.target,
        ...(t.group ? { group: lex.groupLabels.get(t.group) ?? t.group } : {}),
        use,
      },
    ];
  });
}

/** "wo|n't", "ca|n't": the token where the written word of token `k` starts. */
function wholeWord(tokens: readonly Token[], k: number): number {
  const t = tokens[k];
  const before = tokens[k - 1];
  return t && before && before.end === t.start && /^n['’]t$/i.test(t.text) ? k - 1 : k;
}

/** Target and use of a span found by another phase (a profane word, say), read from its sentence. */
/**
 * The comment may speak of people somewhere: it names or addresses someone (you, a person, a group, others, a
 * person noun, a pronoun for people), calls someone a name that names people ("idiots", "clowns"), or holds a word no
 * dictionary knows written as a name or with signs among its letters ("Kinew", "Gyp$ies").
 */
const mayBeName = (raw: string): boolean => (/^\p{Lu}\p{Ll}+$/u.test(raw) || /\p{L}[^\p{L}\s'’-]+\p{L}/u.test(raw)) && !isKnownWord(raw.toLowerCase());

/**
 * A sentence of the comment holds a word that may start a threat ("shoot", "up against a wall"), read cheaply (no
 * wink); a word that names someone ("they" in "they'll pay") does not count on its own.
 */
export function speaksOfViolence(a: CommentAnalysis): boolean {
  return a.rough.some((_, i) => a.words(i).some((w) => !a.lex.whoWords.has(w) && hasAny(a.lex.violenceTriggers, [w])));
}

export function speaksOfPeople(a: CommentAnalysis): boolean {
  return a.sentences(a.rough.map((_, i) => i)).some(
    ({ f }) =>
      f.mentions.length > 0 ||
      f.weakGroups.length > 0 ||
      f.s.tokens.some((t, i) => mayBeName(t.text) || (t.pos === 'NOUN' && a.lex.personNouns.has(t.w) && !!matchAt(a.lex.cue.insult, f.words, i))),
  );
}

/**
 * The word at `start` describes a thing: an adjective before a noun that names no one ("an idiotic waste of money")
 * or said of a subject that names no one ("the parking scheme is moronic", "it's ridiculous that …"), in a comment
 * that addresses no one and names no group. A name that owns the thing ("the council's scheme") names no one.
 */
export function describesThing(a: CommentAnalysis, start: number): boolean {
  const i = a.rough.findIndex(([from, to]) => from <= start && start < to);
  if (i < 0) return false;
  const all = a.sentences(a.rough.map((_, k) => k));
  if (all.some(({ f }) => f.mentions.some((m) => m.kind === 'you' || m.kind === 'group'))) return false;
  for (const { f } of a.sentences([i])) {
    const tokens = f.s.tokens;
    const at = tokens.findIndex((t) => t.end > start);
    if (tokens[at]?.pos !== 'ADJ') return false;
    const names = (k: number) => f.mentions.some((m) => m.from <= k && k <= m.to) || a.lex.personNouns.has(tokens[k]?.w ?? '') || !!matchAt(a.lex.cue.insult, f.words, k);
    let k = at + 1;
    while (tokens[k]?.pos === 'ADJ' || tokens[k]?.pos === 'CCONJ' || tokens[k]?.w === ',') k++;
    // "a spineless worm of a prime minister": the noun names whoever its "of" names
    const of = tokens[k + 1]?.w === 'of' ? tokens.slice(k + 2, k + 5).findIndex((t) => t.pos === 'NOUN' || t.pos === 'PROPN') : -1;
    if (tokens[k]?.pos === 'NOUN' && (names(k) || (of >= 0 && names(k + 2 + of)))) return false;
    // a form of "be" a few words before in the clause: the phrase is what the subject is said to be
    let b = at - 1;
    while (b >= 0 && at - b <= 6 && f.clauseOf[b] === f.clauseOf[at] && !G.be.has(tokens[b]?.w ?? '')) b--;
    if (!G.be.has(tokens[b]?.w ?? '') || f.clauseOf[b] !== f.clauseOf[at]) return tokens[k]?.pos === 'NOUN';
    const owner = (m: Mention) => G.possessiveMark.has(tokens[m.to + 1]?.w ?? '');
    if (f.mentions.some((m) => m.to < b && f.clauseOf[m.from] === f.clauseOf[b] && !owner(m))) return false;
    const subject = tokens[b - 1];
    // a name no dictionary knows may be someone's ("Trudeau is a vapid …"); "HS2", "Brexit" and "the NHS" are things
    const thingName = subject?.pos === 'PROPN' && !mayBeName(subject.text);
    // a word no dictionary knows may be a group misspelt ("wmen are worthless")
    const thingNoun = subject?.pos === 'NOUN' && subject.w.length > 2 && isKnownWord(subject.w);
    return !!subject && (thingNoun || thingName || G.thingPronouns.has(subject.w)) && !names(b - 1);
  }
  return false;
}


export function describeSpan(
  a: CommentAnalysis,
  start: number,
  end: number,
): { target: Target; group?: string; use: Use; innocent: boolean; slur: boolean; saidOf: boolean } {
  const { lex } = a;
  const i = a.rough.findIndex(([from, to]) => from <= start && start < to);
  if (i < 0) return { target: 'nobody', use: 'asserted', innocent: false, slur: false, saidOf: false };
  for (const { f, prev } of a.sentences([i])) {
    const at = f.s.tokens.findIndex((t) => t.end > start && t.start < end);
    if (at < 0) continue;
    let len = 1;
    while ((f.s.tokens[at + len]?.start ?? end) < end) len++;
    const cueTokens = new Set(f.s.tokens.slice(at, at + len));
    const t = targetOf(f, at, len, prev);
    const use = useOf(f, at, len, commentFacts(a, a.context([i]), cueTokens), t.mention);
    // a profane word that is also a slur with an innocent sense here ("faggots and peas", "nipped out for a fag")
    const slur = matchAt(lex.slurs, f.words, at);
    const innocent = !!slur && slur.value.senses.length > 0 && (innocentSense(slur.value, f, at, slur.len, lex) || (isName(f.s.tokens, at, lex) && !beside(f, at, lex)));
    const saidOf = linked(f, at, len, t.mention ?? null);
    return { target: t.target, ...(t.group ? { group: lex.groupLabels.get(t.group) ?? t.group } : {}), use, innocent, slur: !!slur, saidOf };
  }
  return { target: 'nobody', use: 'asserted', innocent: false, slur: false, saidOf: false };
}
