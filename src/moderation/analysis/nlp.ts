/**
 * Sentences, tokens, parts of speech and lemmas from wink-nlp with its light
 * English model (wink-eng-lite-web-model: 3.8 MB, loaded in ~80 ms, about
 * 0.5 ms for 1 KB of text). compromise was the other candidate: a richer
 * grammar, but 9 ms per 1 KB comment, five times the whole budget of
 * moderating one. wink runs only on the sentences that hold a cue word
 * (evidence.ts), so most comments never reach it.
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { foldPlain } from '../text';

export interface Token {
  /** as written */
  text: string;
  /** folded lower case, de-spaced and de-leeted where that makes a known word (see `normalise`) */
  w: string;
  lemma: string;
  pos: string;
  /** UTF-16 offsets into the comment */
  start: number;
  end: number;
  quoted: boolean;
}

export interface Sentence {
  tokens: Token[];
  start: number;
  end: number;
  question: boolean;
}

type Nlp = ReturnType<typeof winkNLP>;
let nlp: Nlp | null = null;

function getNlp(): Nlp {
  nlp ??= winkNLP(model, ['sbd', 'pos']);
  return nlp;
}

/** Loads the language model now rather than on the first comment that needs it. */
export function warmUpNlp(): void {
  getNlp();
}

const PLAIN = /^[a-z]+$/;
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i', '|': 'l', '9': 'g' };

/**
 * The word as the lexicon spells it: folded to lower-case ASCII, letters written apart ("v.e.r.m.i.n",
 * "s-c-u-m") joined, and digits or symbols inside letters read as letters ("5cum", "vermln" is left alone).
 * A token of digits alone stays a number: "455 jobs" is not "ass".
 */
export function normalise(text: string): string {
  // most words are plain lower-case letters already: nothing to fold, join or read
  if (PLAIN.test(text)) return text;
  let w = foldPlain(text);
  if (/^(?:\p{L}[.\-_*·'’]){2,}\p{L}?\.?$/u.test(w)) w = w.replace(/[.\-_*·'’]/g, '');
  if (/\p{L}/u.test(w) && /[0-9@$!|]/.test(w) && !/^\d+(?:st|nd|rd|th|s|m|k|pm|am|ft|kg|km|mph)?$/.test(w)) {
    w = w.replace(/[0-9@$!|]/g, (c) => LEET[c] ?? c);
  }
  return w;
}

const QUOTE_OPEN = new Set(['"', '“', '«', '„']);
const QUOTE_CLOSE = new Set(['"', '”', '»', '“']);

/**
 * Which characters of `text` lie inside quotation marks: straight and curly
 * double quotes, and single quotes that open before a word and close after
 * one (so apostrophes in "don't" and "Travellers'" are not quotes).
 */
export function quotedMask(text: string): Uint8Array {
  const mask = new Uint8Array(text.length);
  // most comments quote nothing: one scan instead of a walk over every character
  if (!/["“«„'‘]/.test(text)) return mask;
  let open: string | null = null;
  let openAt = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    const prev = text[i - 1] ?? ' ';
    const next = text[i + 1] ?? ' ';
    if (open === null) {
      if (QUOTE_OPEN.has(c) || ((c === "'" || c === '‘') && !/[\p{L}\p{N}]/u.test(prev) && /[\p{L}\p{N}]/u.test(next))) {
        open = c;
        openAt = i;
      }
    } else {
      const closesDouble = (open === '"' && c === '"') || (open !== '"' && open !== "'" && open !== '‘' && QUOTE_CLOSE.has(c));
      const closesSingle = (open === "'" || open === '‘') && (c === "'" || c === '’') && /[\p{L}\p{N}.!?,]/u.test(prev) && !/[\p{L}]/u.test(next);
      if (closesDouble || closesSingle) {
        mask.fill(1, openAt, i + 1);
        open = null;
      }
    }
  }
  return mask;
}

/**
 * A possessive "'s" after a word, written apart for wink: wink keeps every word it has not seen before in its
 * vocabulary, and once it has read "Smith's." it reads a later "Smith's dog" as one token, so the tokens of a
 * comment would depend on the comments read before it. Written apart, "'s" is always its own token.
 */
const POSSESSIVE = /(\p{L})(['’]s)(?!\p{L})/gu;

/** Sentences of `text[from, to)` with tokens whose offsets are positions in `text`. */
export function analyseSpan(text: string, from: number, to: number, quoted: Uint8Array): Sentence[] {
  const w = getNlp();
  const its = w.its;
  const span = text.slice(from, to);
  // tokens are found again in `span` by their text, so the spaces added here move no offset
  const doc = w.readDoc(span.replace(POSSESSIVE, '$1 $2'));
  const values = doc.tokens().out();
  const pos = doc.tokens().out(its.pos);
  // the lemma needs the model's add-ons, which the type declarations do not model
  const lemmas = doc.tokens().out(its.lemma as unknown as typeof its.value);
  const tokens: Token[] = [];
  let cursor = 0;
  values.forEach((value, i) => {
    let at = span.indexOf(value, cursor);
    if (at < 0 || at - cursor > 64) at = cursor;
    const start = from + at;
    const end = start + value.length;
    cursor = at + value.length;
    tokens.push({
      text: value,
      w: normalise(value),
      lemma: (lemmas[i] ?? value).toLowerCase(),
      pos: pos[i] ?? 'X',
      start,
      end,
      quoted: quoted[start] === 1,
    });
  });
  const sentences: Sentence[] = [];
  for (const [a, b] of doc.sentences().out(its.span) as unknown as Array<[number, number]>) {
    const toks = tokens.slice(a, b + 1);
    const first = toks[0];
    const last = toks.at(-1);
    if (!first || !last) continue;
    sentences.push({ tokens: toks, start: first.start, end: last.end, question: toks.some((t) => t.text === '?') });
  }
  return sentences;
}
