/** Whether a word is said of a person ("you are a …", "idiots like you"), and the shapes of a sentence around it. */
import { clauseStart } from './clauses';
import { GRAMMAR as G } from './grammar';
import type { Token } from './nlp';
import type { Mention, SentenceFacts } from './sentence-facts';

/** parts of speech that may stand between a person and what they are called, beside `G.linkWords` */
const LINK_POS = new Set(['DET', 'ADJ', 'ADV', 'PART', 'PUNCT', 'NUM', 'CCONJ']);

/**
 * A name-calling word is evidence only when it is said of someone: as a predicate ("X are vermin", "you are
 * a fraud"), an apposition or vocative ("you idiot", "filthy rats, every one of them", "idiots like you").
 * "Blow the whistle if you see fraud" is not.
 */
export function linked(f: SentenceFacts, at: number, len: number, m: Mention | null): boolean {
  if (!m) return false;
  const tokens = f.s.tokens;
  // "her tumour", "your dog", "cripple their economy": a possessive owns the thing, it does not call anyone it
  // (further on it may say whose: "that bitch and her dogs")
  const [a, b] = m.to < at ? [m.to + 1, at] : [at + len, m.from];
  if (m.from === m.to && G.possessive.has(tokens[m.to]?.w ?? '') && (m.to < at || a === b)) return false;
  // "our neighbour's bitch had a litter": "'s" between a noun and a noun owns it where the phrase is a subject or
  // opens on a determiner ("the neighbour's a bitch", "he's scum", "Mo's scum, like all of them" say it of them)
  const owned = isNoun(tokens[m.to]) && isNoun(tokens[at]) && (tokens[m.from - 1]?.pos === 'DET' || G.possessive.has(tokens[m.from - 1]?.w ?? '') || ['VERB', 'AUX'].includes(tokens[at + len]?.pos ?? ''));
  if (b - a === 1 && m.to < at && G.possessiveMark.has(tokens[a]?.w ?? '') && owned) return false;
  // "thick as mince the other half, they are": the predicate put first, its subject and verb closing the sentence
  const closing = tokens.slice(m.to + 2).every((t) => t.pos === 'PUNCT');
  if (m.from > at && tokens[m.from - 1]?.w === ',' && G.be.has(tokens[m.to + 1]?.w ?? '') && closing) return true;
  if (m.to < at && (subjectOfCopula(f, at, m) || challengedExample(f, at, m))) return true;
  if (b - a > 6) return false;
  // "he was a father and a husband, and cancer is cruel": a word joined on with a verb of its own after it is that
  // verb's subject, not something the person before it is called
  const joinedOn = tokens.slice(a, b).some((t) => t.pos === 'CCONJ' || t.w === ',');
  if (m.to < at && joinedOn && tokens[at + len]?.pos === 'AUX') return false;
  // side by side only as a vocative ("you idiot") or an attribute of a group ("filthy Muslims"), not a
  // compound ("Labrador bitch", "the landlady's faggots")
  if (b === a) return (m.kind === 'you' && !(m.from > at && subjectOfClause(f, m))) || m.kind === 'group' || m.kind === 'pronoun';
  for (let k = a; k < b; k++) {
    const t = tokens[k];
    if (t && linkToken(t)) continue;
    // the nouns of an earlier conjunct of the predicate ("are drug mules and freeloaders")
    if (m.to < at && isNoun(t) && tokens.slice(a, k).some((x) => G.be.has(x.w)) && earlierConjunct(tokens, k, b)) continue;
    // a participle describing the word after it, after a linking word ("are nothing but freeloading criminals"), not
    // a verb in a tense ("should not be having children", "she'd herded sheep") or straight after its subject ("gran
    // bundled faggots"); a passive's participle describes too ("are born thieves")
    if (t && k > a && k === b - 1 && b === at && t.pos === 'VERB' && (/(?:ing|ed)$/.test(t.w) || (t.w !== t.lemma && !t.w.endsWith('s'))) && (tokens[k - 1]?.pos !== 'AUX' || (G.be.has(tokens[k - 1]?.w ?? '') && t.w !== t.lemma && !t.w.endsWith('ing')))) continue;
    if (t && G.semiModals.has(t.lemma) && tokens[k + 1]?.w === 'to') continue;
    return false;
  }
  return true;
}

const isNoun = (t: Token | undefined): boolean => t?.pos === 'NOUN' || t?.pos === 'PROPN';

/** Token `k` is in a conjunct that another follows before `end`: a conjunction or a comma stands between. */
const earlierConjunct = (tokens: readonly Token[], k: number, end: number): boolean => tokens.slice(k + 1, end).some((x) => x.pos === 'CCONJ' || x.w === ',');

const linkToken = (t: Token): boolean => G.be.has(t.w) || G.linkWords.has(t.w) || G.linkWords.has(t.lemma) || LINK_POS.has(t.pos);

/**
 * "Muslims in this country are parasites", "the Somalis walking across the border are freeloaders": the word is the
 * predicate of a form of "be" whose subject is the mention — the head of the clause's first noun phrase ("the
 * council's parking scheme" is a scheme) — described before the verb only by a phrase, a participle or a relative
 * clause, with or without "that" ("every Muslim I know is …"; no verb, pronoun or comma of another clause between:
 * "Indians aren't cheats, that's a lazy stereotype").
 */
function subjectOfCopula(f: SentenceFacts, at: number, m: Mention): boolean {
  const tokens = f.s.tokens;
  let k = at - 1;
  // ("are nothing but drug mules and freeloaders": the nouns of an earlier conjunct are stepped over too)
  while (k > m.to) {
    const t = tokens[k];
    if (!t || G.be.has(t.w) || !(linkToken(t) || (isNoun(t) && earlierConjunct(tokens, k, at)))) break;
    k--;
  }
  if (k <= m.to + 1 || !G.be.has(tokens[k]?.w ?? '') || f.clauseOf[k] !== f.clauseOf[at]) return false;
  const head = phraseHead(tokens, clauseStart(f, at), k);
  if (head < m.from || head > m.to) return false;
  let relative = false;
  for (let j = m.to + 1; j < k; j++) {
    const t = tokens[j];
    if (!t) continue;
    // ("the people who live here", "Muslims that live here": a relative after a noun; "explained that …" is no such)
    if (G.relative.has(t.w) || ((t.w === 'that' || t.w === 'which') && isNoun(tokens[j - 1]))) relative = true;
    // ("every Muslim I know", "the Roma we met": a subject pronoun and its verb straight after the noun)
    else if (j === m.to + 1 && G.relativeSubject.has(t.w) && ['VERB', 'AUX', 'ADV'].includes(tokens[j + 1]?.pos ?? '')) relative = true;
    else if (t.w === ',' || G.be.has(t.w) || ((t.pos === 'PRON' || t.pos === 'AUX') && !relative)) return false;
    else if (t.pos === 'VERB' && !relative && !t.w.endsWith('ing')) return false;
  }
  return true;
}

/** The word may open a relative clause after a noun ("a Traveller who …", "a family that …"). */
export const opensRelative = (t: Token | undefined): boolean => !!t && (G.relative.has(t.w) || t.w === 'that');

/** The challenge whose example `m` is: it ends at most two words before it ("name one Roma family", "ever met a Traveller"). */
export function challengeOf(f: SentenceFacts, m: Mention): readonly [number, number] | undefined {
  return f.challenges.find(([, end]) => end <= m.from && m.from - end <= 2);
}

/**
 * "Has anyone ever met a Traveller who wasn't a thief?", "name one Roma family that …": the example a challenge asks
 * for stands for all of them, and the relative clause after it (past a place: "… in Rochdale who …") says the word of them.
 */
function challengedExample(f: SentenceFacts, at: number, m: Mention): boolean {
  const tokens = f.s.tokens;
  if (!challengeOf(f, m)) return false;
  // (a place may stand between: "a single Pakistani man in Rochdale who …")
  let rel = m.to + 1;
  while (rel <= m.to + 4 && !opensRelative(tokens[rel]) && ['ADP', 'PROPN', 'DET'].includes(tokens[rel]?.pos ?? '')) rel++;
  if (!opensRelative(tokens[rel]) || !G.be.has(tokens[rel + 1]?.w ?? '')) return false;
  return tokens.slice(rel + 2, at).every(linkToken);
}

/** The head of the first noun phrase in tokens [from, to): its last noun, past a possessive ("Joe Cocker's performance"). */
function phraseHead(tokens: readonly Token[], from: number, to: number): number {
  const noun = (j: number) => isNoun(tokens[j]);
  // (a pronoun is a phrase of its own: "they", not "who" after a noun)
  const nominal = (j: number) => noun(j) || (tokens[j]?.pos === 'PRON' && !G.possessive.has(tokens[j]?.w ?? ''));
  let j = from;
  while (j < to && !nominal(j)) j++;
  // ("Doctor Who series": a capitalised pronoun between nouns is part of a name)
  const named = (j: number) => tokens[j]?.pos === 'PRON' && /^\p{Lu}/u.test(tokens[j]?.text ?? '') && noun(j + 1);
  for (;;) {
    while (j + 1 < to && (noun(j) || named(j)) && (noun(j + 1) || named(j + 1))) j++;
    if (!G.possessiveMark.has(tokens[j + 1]?.w ?? '')) return j < to ? j : -1;
    j += 2;
    while (j < to && !nominal(j)) j++;
  }
}

/**
 * "so thick you could see the sun": the mention is the subject of a clause of its own, a verb after it and more
 * after that ("what a moron you are", "how brain-dead you are 🤡" end with the verb: the word is said of them)
 */
function subjectOfClause(f: SentenceFacts, m: Mention): boolean {
  const verb = f.s.tokens[m.to + 1];
  const next = f.s.tokens[m.to + 2];
  return !!verb && (verb.pos === 'VERB' || verb.pos === 'AUX') && !!next && next.pos !== 'PUNCT' && next.pos !== 'SYM' && next.pos !== 'X';
}

/** Nothing but punctuation and fillers before token `at` in its clause: an imperative. */
export function startsClause(f: SentenceFacts, at: number): boolean {
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
export function namesFeeling(f: SentenceFacts, at: number): boolean {
  const before = f.s.tokens[at - 1];
  const after = f.s.tokens[at + 1];
  if (before && (before.pos === 'DET' || before.pos === 'ADJ' || before.w === 'of') && !/^(that|all|what|who)$/.test(before.w)) return true;
  return !!after && after.pos === 'NOUN' && !f.mentions.some((m) => m.from === at + 1);
}

/** The sentence reports or quotes what someone said. */
export const describesSpeech = (f: SentenceFacts) => f.reports.length > 0 || f.s.tokens.some((t) => t.quoted);

/** A sentence of a word or two and no verb: "Vile.", "Utterly shameful!" */
export const exclamation = (f: SentenceFacts) => f.s.tokens.filter((t) => t.pos !== 'PUNCT').length <= 2 && !f.s.tokens.some((t) => t.pos === 'VERB' || t.pos === 'AUX');

/**
 * The word opens its sentence, set off by a comma and a conjunction: a comment on what came before ("Disgusting,
 * and I hope they're caught"), unlike a word said of someone after it ("Disgusting, the lot of them").
 */
export const setOff = (f: SentenceFacts, at: number) =>
  f.s.tokens.slice(0, at).every((t) => t.pos === 'PUNCT') && f.s.tokens[at + 1]?.text === ',' && f.s.tokens[at + 2]?.pos === 'CCONJ';

/** Parts of speech that carry a meaning of their own, unlike particles and prepositions. */
export const CONTENT_POS: ReadonlySet<string> = new Set(['VERB', 'NOUN', 'ADJ', 'PROPN']);

/** "Immigrants out", "Muslims go home": exclusion right after a group. */
export function afterGroup(f: SentenceFacts, at: number): boolean {
  // ("pulled that woman out of the canal": one of them, not the group; "the Roma" are all of them)
  return f.mentions.some((m) => m.kind === 'group' && m.to === at - 1 && !(G.oneMember.has(f.s.tokens[m.from - 1]?.w ?? '') && !f.s.tokens[m.to]?.w.endsWith('s')));
}

/** Parts of speech of name-calling words (as opposed to verbs such as "steal" or "take over"). */
export const NAMING_POS = new Set(['NOUN', 'ADJ', 'PROPN']);
