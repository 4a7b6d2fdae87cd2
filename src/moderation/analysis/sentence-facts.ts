/**
 * What one sentence holds for the evidence step, read once from wink's tokens: whom it names (mentions of
 * you, people, groups, pronouns), its clauses, its negators, reporting words and questions.
 */
import { GRAMMAR as G } from './grammar';
import { matchAt, type Lexicon } from './lexicon';
import { opensRelative } from './links';
import type { Sentence, Token } from './nlp';
import { isKnownWord } from './speller';
import { isCueWord } from './surface-words';

export type Target = 'you' | 'person' | 'group' | 'others' | 'thing' | 'nobody';
export type Use = 'asserted' | 'negated' | 'quoted' | 'reported' | 'questioned' | 'counter';

export interface Mention {
  kind: Exclude<Target, 'thing' | 'nobody'> | 'pronoun';
  /** token index of the mention's first and last word */
  from: number;
  to: number;
  group?: string;
  /** a noun that names someone only by what they do ("developer", "trainers"): a target when no one else is named */
  weak?: boolean;
}

/** The words of a token in the forms the lexicon may list: as normalised, and as lemma. */
const formsOf = (t: Token): string[] => (t.lemma && t.lemma !== t.w ? [t.w, t.lemma] : [t.w]);

/** The token is a negator ("not", "never", "no one"). */
const isNegator = (lex: Lexicon, t: Token | undefined): boolean => !!t && (lex.negators.has(t.w) || t.lemma === 'not');
/**
 * "stop", "quit" deny only what the verb ceases ("stop hating them", "quit being …"), not as nouns ("at the bus
 * stop") nor with someone between ("someone should stop them breeding" prevents, it does not deny)
 */
const ceasesNothing = (tokens: readonly Token[], i: number): boolean => G.stopVerbs.has(tokens[i]?.w ?? '') && !(tokens[i + 1]?.w ?? '').endsWith('ing');

/** The name at `i` is part of a place's: its run of names follows "in", "from", "of" … ("in Corner Brook", "from Syria"). */
function placeNamed(tokens: readonly Token[], i: number): boolean {
  let k = i;
  while (tokens[k - 1]?.pos === 'PROPN') k--;
  return G.placeBefore.has(tokens[k - 1]?.w ?? '');
}

export interface SentenceFacts {
  s: Sentence;
  words: string[][];
  mentions: Mention[];
  /** groups named only as a description of a thing ("the Jewish school"): what "they" may refer to */
  weakGroups: string[];
  /** the token index of each of `weakGroups` */
  weakAt: number[];
  /** the tokens inside an everyday idiom ("take a stab at", "nothing beats"): no cue starts there */
  idioms: ReadonlySet<number>;
  clauseOf: number[];
  negators: number[];
  /** the negators that may deny praise: also the auxiliary of a complaint ("why can't they ever …?") */
  praiseDeniers: number[];
  /** the challenges ("name one …", "has anyone ever met a …"), [from, to): the example named after one stands for all */
  challenges: Array<readonly [number, number]>;
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

/**
 * "Name one thing they have ever …", "has anyone ever met a Traveller who …": asking for one example denies there
 * is any, so the challenge is a negator; a denial in the relative clause after it ("… who wasn't a thief") is denied
 * twice, and what it denies is said of all of them: neither stays a negator. Changes `negators` in place and
 * returns the challenges' spans.
 */
function challenged(tokens: readonly Token[], words: readonly (readonly string[])[], negators: number[], lex: Lexicon): Array<readonly [number, number]> {
  const spans: Array<readonly [number, number]> = [];
  for (let i = 0; i < tokens.length; i++) {
    const ch = matchAt(lex.challenge, words, i);
    if (!ch) continue;
    const end = i + ch.len;
    const rel = tokens.findIndex((t, k) => k >= end && k <= end + CHALLENGE_REACH && opensRelative(t));
    const inner = rel >= 0 ? negators.find((n) => n > rel && n <= rel + 3) : undefined;
    const own = negators.filter((n) => n >= i && n < end);
    if (inner !== undefined) {
      for (const n of [...own, inner]) negators.splice(negators.indexOf(n), 1);
    } else if (!own.length) {
      negators.push(i);
      negators.sort((x, y) => x - y);
    }
    spans.push([i, end]);
    i = end - 1;
  }
  return spans;
}

/** how far after a challenge the relative clause that names its example may start ("name one Roma family who …") */
const CHALLENGE_REACH = 5;

export function factsOf(s: Sentence, lex: Lexicon): SentenceFacts {
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
  const why = tokens[0]?.w === 'why' || tokens[0]?.w === 'how';
  const aux = why ? 1 : 0;
  const rhetorical = s.question && tokens[aux]?.pos === 'AUX' && isNegator(lex, tokens[aux + 1]) ? aux + 1 : -1;
  // but "why can't they stay sober?" complains that they are not: it denies the praise it asks about
  const complaint = why && rhetorical >= 0 && !G.speakerOrYou.has(tokens[aux + 2]?.w ?? '') ? rhetorical : -1;
  for (let i = 0; i < tokens.length; i++) {
    const not = matchAt(lex.negatorNot, words, i);
    if (not) i += not.len - 1;
    else if (i !== rhetorical && isNegator(lex, tokens[i]) && !ceasesNothing(tokens, i)) negators.push(i);
  }
  const challenges = challenged(tokens, words, negators, lex);
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
      // a plural before an "-ing" word names people doing something: "the refugees landing at Dungeness"
      const doing = t.w.endsWith('s') && t.w !== t.lemma && !!next?.w.endsWith('ing');
      // "Chinese food", "Muslim vote": the group word describes a thing, not people
      const describesThing =
        next && next.pos === 'NOUN' && /\p{Ll}/u.test(next.text) && !people && !doing && !matchAt(lex.groups, words, i + g.len) && !isCueWord(lex, words[i + g.len] ?? []);
      const len = people ? g.len + 1 : g.len;
      // "the Syrian family who took over the chippy", "that Pakistani man": one of them, named with a word for a person
      const one = people && next?.w === next?.lemma && !G.collective.has(next?.w ?? '') && G.thisOne.has(tokens[i - 1]?.w ?? '');
      if (describesThing) {
        weakGroups.push(g.value);
        weakAt.push(i);
      } else mentions.push(one ? { kind: 'person', from: i, to: i + len - 1 } : { kind: 'group', from: i, to: i + len - 1, group: g.value });
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
    else if (lex.thirdPerson.has(t.w) || lex.persons.has(t.w) || (t.pos === 'PROPN' && t.w !== 'i' && isName(tokens, i, lex) && !isCueWord(lex, forms) && !placeNamed(tokens, i))) {
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
    const ownWords = (speaker && !G.receiving.has(t.w)) || (before ? false : !t.w.endsWith('ing'));
    // "the accused", "the quoted figure": a participle after an article names someone or something, it reports nothing
    const named = before?.pos === 'DET' && t.w.endsWith('ed');
    if (ownWords || named || (before?.pos === 'PUNCT' && !t.w.endsWith('ing') && t.pos === 'VERB')) continue;
    reports.push(i);
    if (speakerAfter(tokens, i)) toSpeaker = true;
  }
  const idioms = new Set<number>();
  for (let j = 0; j < tokens.length; j++) {
    const idiom = matchAt(lex.cue.idiom, words, j);
    if (idiom) for (let k = j; k < j + idiom.len; k++) idioms.add(k);
  }
  const praiseDeniers = complaint >= 0 ? [...negators, complaint].sort((x, y) => x - y) : negators;
  return { s, words, mentions, weakGroups, weakAt, idioms, clauseOf, negators, praiseDeniers, challenges, reports, toSpeaker };
}

/** The mentions that name someone outright, when there are any; else the weak ones. */
export function strongFirst(mentions: Mention[]): Mention[] {
  const strong = mentions.filter((m) => !m.weak);
  return strong.length ? strong : mentions;
}

/** The sentence before, read only when a pronoun needs it. */
export type Prev = () => SentenceFacts | null;

export const namesAnyone = (f: SentenceFacts): boolean => f.mentions.length > 0 || f.weakGroups.length > 0;

/**
 * A capitalised word that is part of a name: inside a sentence, or at its start before another capitalised
 * word ("Coon Rapids is …", "Mong Kok"). Words in capitals throughout are shouting, not names.
 */
export function isName(tokens: readonly Token[], i: number, lex: Lexicon): boolean {
  const t = tokens[i];
  if (!t || !/^\p{Lu}/u.test(t.text) || t.text === t.text.toUpperCase()) return false;
  // "Megan Rapinoe Dyke": a word tacked onto a full name is a label, not a surname ("Dick Van Dyke" is a name)
  const cap = (k: number) => /^\p{Lu}\p{Ll}/u.test(tokens[k]?.text ?? '');
  const before = tokens[i - 1];
  // "on Monday", "Since March": a day or month names someone only beside another name ("Theresa May"), and a
  // sentence's first word is capitalised whatever it is
  const nameBeside = (k: number) => cap(k) && (k > 0 || !isKnownWord(tokens[k]?.w ?? ''));
  if (G.calendar.has(t.w) && !nameBeside(i - 1) && !nameBeside(i + 1)) return false;
  if (before && cap(i - 1) && cap(i - 2) && !lex.nameParticles.has(before.w)) return false;
  if (before && before.pos !== 'PUNCT') return true;
  const next = tokens[i + 1];
  // "Freeland is a two-faced snake": opening a sentence, a word no dictionary knows before its verb is a name
  if (next && (next.pos === 'AUX' || next.pos === 'VERB') && t.pos === 'PROPN' && !isKnownWord(t.w) && /^\p{L}+$/u.test(t.text)) return true;
  return !!next && /^\p{Lu}\p{Ll}/u.test(next.text);
}
