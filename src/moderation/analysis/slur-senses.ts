/** Whether a slur's word is used in one of its innocent senses (a dyke along the estuary) or aimed at someone. */
import { foldPlain } from '../text';
import { matchAt, type Lexicon, type Slur } from './lexicon';
import { linked } from './links';
import type { Token } from './nlp';
import { type SentenceFacts, isName } from './sentence-facts';

/**
 * A slur in one of its innocent senses: a sense word near it, or a capitalised name — unless the sentence
 * aims the word at someone (a predicate or vocative: "she's a dyke", "back to the kennel, bitch"), puts it
 * beside violence ("throw the dykes in the river"), or disguises it ("ch1nk", look-alike letters nearby):
 * every innocent sense is also a way to dress up abuse.
 */
export function innocentSense(slur: Slur, f: SentenceFacts, at: number, len: number, lex: Lexicon): boolean {
  const tokens = f.s.tokens;
  if (!senseNear(slur, tokens, at, len, lex) && !inflectedVerb(slur, tokens[at], len)) return false;
  if (tokens.slice(Math.max(0, at - 6), at + len + 6).some((t) => t.text.toLowerCase() !== foldPlain(t.text) || (t.w !== t.text.toLowerCase() && /\p{L}/u.test(t.text)))) return false;
  const before = tokens[at - 1];
  const after = tokens[at + len];
  // (not before a list: "Faggots, mash and mushy peas at the museum cafe")
  const listFollows = at === 0 && tokens.slice(at + len + 2, at + len + 6).some((t) => t.pos === 'CCONJ');
  const vocative = (before?.text === ',' && (!after || after.pos === 'PUNCT' || after.pos === 'SYM' || after.pos === 'X')) || (at === 0 && after?.text === ',' && !listFollows);
  if (vocative) return false;
  const aimed = f.mentions.some((m) => m.kind !== 'others' && (m.to < at || m.from >= at + len) && linked(f, at, len, m) && f.clauseOf[m.from] === f.clauseOf[at]);
  if (aimed) return false;
  return !beside(f, at, lex);
}

/** How near the reader must be addressed to take an innocent sense away ("which is what you want" at a sentence's end does not). */
const YOU_REACH = 6;

/** Violence or "back to …" in the sentence, or the reader addressed near the word: no innocent sense is taken there. */
export function beside(f: SentenceFacts, at: number, lex: Lexicon): boolean {
  const tokens = f.s.tokens;
  for (let i = 0; i < tokens.length; i++) {
    // ("faggots and peas, nothing beats it": no violence inside an everyday idiom)
    if (i === at || f.idioms.has(i)) continue;
    // (a word of violence read as a noun names a trade or a tool, "the butcher's faggots", not violence done)
    if ((tokens[i]?.pos !== 'NOUN' && matchAt(lex.cue.threat, f.words, i)) || matchAt(lex.cue.threatPhrase, f.words, i)) return true;
    if (tokens[i]?.w === 'back' && tokens[i + 1]?.w === 'to') return true;
  }
  return f.mentions.some((m) => m.kind === 'you' && Math.abs(m.from - at) <= YOU_REACH);
}

/** "Nipped outside", "tinkering with it": a word with innocent senses, inflected as a verb, is the verb. */
function inflectedVerb(slur: Slur, t: Token | undefined, len: number): boolean {
  return len === 1 && !!t && t.pos === 'VERB' && !slur.form.endsWith('*') && t.w !== slur.form && /(?:ed|ing)$/.test(t.w);
}

/** How far a word of an innocent sense may stand from the slur's word ("faggots get a bad press, but they're just pork and liver meatballs"). */
const SENSE_REACH = 14;

function senseNear(slur: Slur, tokens: readonly Token[], at: number, len: number, lex: Lexicon): boolean {
  const around = tokens.slice(Math.max(0, at - SENSE_REACH), at + len + SENSE_REACH).map((t) => t.w);
  const aroundText = ` ${around.join(' ')} `;
  for (const sense of slur.senses) {
    if (sense.capital && isName(tokens, at, lex)) return true;
    for (const near of sense.near ?? []) {
      if (near.includes(' ') ? aroundText.includes(` ${near} `) : around.includes(near)) return true;
    }
  }
  return false;
}
