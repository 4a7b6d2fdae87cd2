/**
 * Evidence: the words in a comment that could make it abusive (cues), each
 * with whom it is aimed at (target) and how it is used (use). A cue is found
 * from the data files (lexicon.ts); its target and use come from the
 * sentence around it as wink-nlp reads it (nlp.ts). Pure: text in, evidence
 * out; the policy table (policy-table.ts) turns evidence into an action.
 *
 * The reading is in parts: `surface-words.ts` (the words before wink, to
 * choose what it reads), `sentence-facts.ts` (whom a sentence names, its
 * clauses and negators), `targets.ts`, `use.ts`, `links.ts` (what a word is
 * said of), `threat-intent.ts` (violence willed or told), `slur-senses.ts`
 * and `clauses.ts`; this module finds the cues and puts the parts together.
 */
import { clauseEnd } from './clauses';
import { GRAMMAR as G } from './grammar';
import { getLexicon, matchAt, mayMatch, WordBag, type Lexicon, type PhraseNeeds, type PhraseTable, type WordCueKind } from './lexicon';
import { linked, challengeOf, startsClause, namesFeeling, describesSpeech, exclamation, setOff, CONTENT_POS, afterGroup, NAMING_POS } from './links';
import { analyseSpan, quotedMask, type Token } from './nlp';
import { type Target, type Use, type Mention, type SentenceFacts, factsOf, isName, type Prev, namesAnyone, strongFirst } from './sentence-facts';
import { beside, innocentSense } from './slur-senses';
import { correct, isAcronym, isKnownWord } from './speller';
import { quickWords, NEGATED_AUX, looseWords, readLeet, hasAny, roughSentences, joinSpelledOut } from './surface-words';
import { aimAt, calledAfter, causedOnThing, targetOf, thingSubject, threatTarget, type Aim } from './targets';
import { thingMoved, glorified, intended, wished } from './threat-intent';
import { NEGATION_REACH, type CommentFacts, isSpeaker, useOf } from './use';

export type { Target, Use } from './sentence-facts';
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
  /** aimed at people only a pronoun names ("these vermin", "they"), no group or trade found for it */
  unnamed?: true;
  use: Use;
}

/** how far a negator reaches to the praise it denies: "No black man has ever been a good father" */
const PRAISE_REACH = 10;

/** Adds tokens [from, to) to `set`. */
function addTokens(set: Set<Token>, tokens: readonly Token[], from: number, to: number): void {
  for (const t of tokens.slice(from, to)) set.add(t);
}

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

/**
 * The group's word at `k` describes every one of its places, and they are the subject of the passive at `at`: a
 * plural or a quantifier ("every Roma camp", "all the mosques"), then a form of "be" or "get" before `at` ("… should
 * be cleared at gunpoint"). One thing of theirs is not all of them ("the Muslim vote will be crushed").
 */
function everyPlaceOf(f: SentenceFacts, k: number, at: number): boolean {
  const tokens = f.s.tokens;
  const noun = tokens.findIndex((t, j) => j > k && t.pos === 'NOUN');
  if (noun < 0 || noun >= at) return false;
  const every = G.quantifiers.has(tokens[k - 1]?.w ?? '') || G.quantifiers.has(tokens[k - 2]?.w ?? '') || (tokens[noun]?.w !== tokens[noun]?.lemma && tokens[noun]?.w.endsWith('s'));
  return !!every && tokens.slice(noun + 1, at).some((t) => G.beOrGet.has(t.w));
}

/**
 * The group whose place the last noun before token `at` names: a group's word that is a place ("that mosque"), or a
 * group's word describing it ("the Chinese takeaway").
 */
function placeOwner(f: SentenceFacts, at: number): string | undefined {
  const noun = f.s.tokens.findLastIndex((t, k) => k < at && t.pos === 'NOUN');
  if (noun < 0) return undefined;
  const named = f.mentions.find((m) => m.kind === 'group' && m.from <= noun && noun <= m.to);
  const weak = f.weakAt.findIndex((k) => k < noun && noun <= k + 2);
  return named?.group ?? (weak >= 0 ? f.weakGroups[weak] : undefined);
}

/** A verb in a form of its own that is no "-ing" form: a past participle ("given", "allowed"). */
const pastParticiple = (t: Token | undefined): boolean => t?.pos === 'VERB' && t.w !== t.lemma && !t.w.endsWith('ing');

/** One of `words` calls someone a name: an insult, a dehumanising word or a slur ("vermin scum"). */
const namesByWord = (lex: Lexicon, words: readonly string[]): boolean => hasAny(lex.cue.insult, words) || hasAny(lex.cue.dehumanise, words) || hasAny(lex.slurs, words);

/**
 * "Funny how the burglaries started right after the Roma moved in. Just saying.": a wink of `insinuation` outside
 * quotation marks, in a comment that names a group outside them, says of that group what it will not say outright.
 */
function insinuation(analysed: ReadonlyArray<{ f: SentenceFacts; prev: Prev }>, lex: Lexicon): { f: SentenceFacts; prev: Prev; at: number; len: number; aim: Aim } | null {
  let wink: { f: SentenceFacts; prev: Prev; at: number; len: number } | null = null;
  let group: string | undefined;
  for (const { f, prev } of analysed) {
    for (let k = 0; !wink && k < f.s.tokens.length; k++) {
      const hit = matchAt(lex.cue.insinuation, f.words, k);
      if (hit && !f.s.tokens[k]?.quoted) wink = { f, prev, at: k, len: hit.len };
    }
    // (not a group addressed, "you ladies", nor one named after someone else the sentence is about: "funny how
    // liberals change their tune about women")
    const first = f.mentions.find((m) => m.kind !== 'pronoun');
    // (nor one the speaker denies anything against: "I don't hate women. Just saying the policy is half baked")
    const denied = (m: Mention) => f.negators.some((n) => n < m.from && f.clauseOf[n] === f.clauseOf[m.from]);
    const named = first?.kind === 'group' && !f.s.tokens[first.from]?.quoted && !G.speakerOrYou.has(f.s.tokens[first.from - 1]?.w ?? '') && !denied(first) ? first : undefined;
    const weak = f.weakAt.findIndex((k) => !f.s.tokens[k]?.quoted);
    group ??= named ? named.group : weak >= 0 ? f.weakGroups[weak] : undefined;
  }
  return wink && group ? { ...wink, aim: { target: 'group', group } } : null;
}

/** Every word cue of the comment with its target and use. */
export function findCues(a: CommentAnalysis): Cue[] {
  const { lex, text } = a;
  // the sentences with cue words say how the comment's words are used; wink reads for cues only those of them
  // where a cue can be whole: a word of violence is often a common word ("you", "broken"), and "broken" alone
  // is not "break his jaw"
  const withCueWords: number[] = [];
  const wanted: number[] = [];
  // a wink ("just saying", "funny how …") is read with every sentence that may name a group (the first words of a
  // phrase are looked up before its whole is: most sentences hold none)
  const winkIn = a.rough.map((_, i) => hasAny(lex.cue.insinuation, a.words(i)) && a.mayMatch(i, lex.insinuationNeeds));
  const winks = winkIn.includes(true);
  a.rough.forEach(([from, to], i) => {
    const words = a.words(i);
    if (winks && (winkIn[i] || hasAny(lex.groupWords, words))) {
      withCueWords.push(i);
      wanted.push(i);
      return;
    }
    const challenge = () => hasAny(lex.challenge, words) && a.mayMatch(i, lex.challengeNeeds);
    // a group named in a challenge ("name one thing Muslims have ever …") may have its praise denied
    const hint = cueWordsIn(lex, words, a.reading.slice(from, to)) ?? (hasAny(lex.groupWords, words) && challenge() ? 'word' : null);
    if (!hint) return;
    withCueWords.push(i);
    if (hint === 'word' || a.mayMatch(i, lex.cueNeeds) || (a.mayMatch(i, lex.praiseNeeds) && (a.mayNegate(i) || challenge())) || (a.mayMatch(i, lex.harmNeeds) && a.mayMatch(i, lex.wishNeeds))) wanted.push(i);
  });
  if (!wanted.length) return [];
  const analysed = a.sentences(wanted);
  const found: Array<{ f: SentenceFacts; prev: Prev; at: number; len: number; kind: WordCueKind; negator?: number; aim?: Aim }> = [];
  const cueTokens = new Set<Token>();
  for (const { f, prev } of analysed) {
    // "I'll take a stab at it", "it cost a bomb": no cue starts inside an everyday idiom
    const taken = new Set(f.idioms);
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
      // or what someone named by a noun had ("one gunman with a rifle")
      const describes = f.mentions.some((m) => m.weak && m.to === i - 1);
      const needsIntent = f.s.tokens[i]?.pos === 'VERB' || (f.s.tokens[i]?.pos === 'ADP' && (thingMoved(f, i) || describes));
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
        // "until they win or I die": violence the speaker suffers, with no one after it, is no threat
        if (kind === 'threat' && hit.len === 1 && isSpeaker(f.s.tokens[i - 1]) && !f.mentions.some((m) => m.from > i && f.clauseOf[m.from] === f.clauseOf[i])) continue;
        // "heating their homes with gas", "killed by fire": a word of violence as a noun after a preposition is
        // what something was done with, not violence done
        if (kind === 'threat' && hit.len === 1 && f.s.tokens[i]?.pos === 'NOUN' && f.s.tokens[i - 1]?.pos === 'ADP' && f.s.tokens[i - 1]?.w !== 'to') continue;
        // a capitalised word inside a sentence is a name (Virgin Atlantic, Dick Pound, Rape Crisis), not a cue
        if (kind !== 'slur' && isName(f.s.tokens, i, lex)) break;
        // "rape threats", "rat poison", "the swarming case": a noun or an -ing form before a noun it describes names no
        // one (a noun for people or a cue noun after it may: "garbage people", "vermin scum")
        const modifier = f.s.tokens[i]?.pos === 'NOUN' || (f.s.tokens[i]?.pos === 'VERB' && !!f.s.tokens[i]?.w.endsWith('ing'));
        if ((kind === 'dehumanise' || kind === 'derogate') && hit.len === 1 && modifier && f.s.tokens[i + 1]?.pos === 'NOUN' && !lex.personNouns.has(f.s.tokens[i + 1]?.w ?? '') && !f.mentions.some((m) => m.from === i + 1) && !namesByWord(lex, f.words[i + 1] ?? [])) break;
        const naming = kind === 'insult' || ((kind === 'dehumanise' || kind === 'derogate') && NAMING_POS.has(f.s.tokens[i]?.pos ?? ''));
        // "Another story about Muslims getting special treatment. Vermin.": a name standing alone calls whoever the
        // sentence before was about
        const calls = naming && kind !== 'derogate' && exclamation(f) ? calledAfter(prev) : null;
        if (calls) {
          found.push({ f, prev, at: i, len: hit.len, kind, aim: calls });
          addTokens(cueTokens, f.s.tokens, i, i + hit.len);
          break;
        }
        // "Muslim areas are filthy", "Black neighbourhoods are dumps": scorn said of a group's places, in the plural,
        // is said of the group
        const place = naming ? placesCalled(f, i) : -1;
        if (place >= 0) {
          found.push({ f, prev, at: i, len: hit.len, kind, aim: { target: 'group', group: f.weakGroups[place] } });
          addTokens(cueTokens, f.s.tokens, i, i + hit.len);
          break;
        }
        if (naming && !linked(f, i, hit.len, targetOf(f, i, hit.len, prev).mention ?? null) && !(kind === 'insult' && startsClause(f, i))) break;
        // "the online hate aimed at women", "hate crime": hatred named as a thing, not felt by the speaker
        if (kind === 'hate' && hit.len === 1 && namesFeeling(f, i)) break;
        // "tired of hearing that …": weary of what is said, not of people
        if (kind === 'hate' && G.receiving.has(f.s.tokens[i + hit.len]?.w ?? '')) break;
        // "stink", "steal", "take over" say something of a group only with a group as subject
        if (kind === 'derogate' && !naming && (targetOf(f, i, hit.len, prev).target !== 'group' || causedOnThing(f, i))) break;
        found.push({ f, prev, at: i, len: hit.len, kind: foundKind });
        addTokens(cueTokens, f.s.tokens, i, i + hit.len);
        // (the words in a phrase's slot may hold a cue of their own: "send the wetbacks back")
        if (!(typeof hit.value === 'string' && hit.value.includes('_'))) i += hit.len - 1;
        break;
      }
    }
    // negated praise aimed at a group: "immigrants are never grateful", "no Roma has ever paid tax"
    for (const n of f.praiseDeniers) {
      // "they contribute nothing": "nothing" as its object denies the verb before it
      const objectDenied = f.s.tokens[n]?.w === 'nothing' && matchAt(lex.cue.praise, f.words, n - 1)?.len === 1;
      // "not a single Somali in this country has ever …": a negator before the group's name denies of all of them,
      // and reaches from the name, past what describes it
      // (and the example a challenge asks for: "have you ever met a Jew who was honest?")
      const named = f.mentions.find((m) => m.kind === 'group' && m.from > n && (m.from <= n + 3 || challengeOf(f, m)?.[0] === n));
      const reachEnd = Math.min(f.s.tokens.length, (named?.to ?? n) + 1 + PRAISE_REACH);
      for (let i = objectDenied ? n - 1 : n + 1; i < reachEnd; i++) {
        if (f.clauseOf[i] !== f.clauseOf[n]) continue;
        // "are not numbers, they are human beings": a comma before a pronoun starts a clause of its own
        if (f.s.tokens[i]?.w === ',' && f.s.tokens[i + 1]?.pos === 'PRON') break;
        // "aren't vermin, they're human beings": the negator belongs to the cue it reaches first
        const token = f.s.tokens[i];
        if (token && cueTokens.has(token)) break;
        // "shouldn't be denied care while governments argue over who pays": a subordinate clause is not denied; and
        // "don't tell me immigrants don't pay": the praise belongs to the negator nearest it
        if (token?.pos === 'SCONJ' || f.praiseDeniers.includes(i)) break;
        const hit = matchAt(lex.cue.praise, f.words, i);
        if (!hit) continue;
        // "has never been anything but kind": denied twice, the praise is said; "has never been given a fair
        // hearing": what they were given is praised, not they
        const between = f.s.tokens.slice(n + 1, i);
        if (between.some((x, k) => x.w === 'but' && between[k - 1]?.w === 'anything')) break;
        // ("are not allowed to work": the passive's auxiliary may stand before the negator)
        if (between.some((x, k) => pastParticiple(x) && G.passiveAux.has(between[k - 1]?.w ?? '')) || (pastParticiple(between[0]) && G.beOrGet.has(f.s.tokens[n - 1]?.w ?? ''))) break;
        // "don't tell me immigrants don't pay their way": a denial denied says the praise
        if (f.negators.some((d) => d < n && f.clauseOf[d] === f.clauseOf[n] && f.s.tokens.slice(d + 1, Math.min(d + 5, n)).some((t) => G.thinking.has(t.lemma)))) break;
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
        // (a noun of no group's with a verb of its own between them starts another clause: "mentions refugees but not
        // that half the locals helped set up the welcome centre")
        const ownClause = between.some((x, k) => x.pos === 'NOUN' && between[k + 1]?.pos === 'VERB' && !f.mentions.some((m) => m.kind === 'group' && m.from <= n + 1 + k && n + 1 + k <= m.to));
        if (ownClause) break;
        const aim: Aim = subject && ownSubject ? aimAt(f, prev, subject) : t;
        // "'Women belong in the kitchen' wasn't funny": a group named inside a quotation is someone else's words,
        // and praise denied outside it is said of those words
        if (aim.mention && f.s.tokens[aim.mention.from]?.quoted && !f.s.tokens[n]?.quoted) break;
        const saidOf = !!subject || !t.mention || t.mention.to < i || t.mention.from <= i + hit.len;
        if (aim.target === 'group' && saidOf) {
          found.push({ f, prev, at: i, len: hit.len, kind: 'derogate', negator: n, aim });
          addTokens(cueTokens, f.s.tokens, Math.min(n, i), Math.max(n + 1, i + hit.len));
        }
        break;
      }
    }
  }
  const wink = winks ? insinuation(analysed, lex) : null;
  if (wink) {
    found.push({ ...wink, kind: 'derogate' });
    addTokens(cueTokens, wink.f.s.tokens, wink.at, wink.at + wink.len);
  }
  if (!found.length) return [];
  const comment = commentFacts(a, a.context(withCueWords), cueTokens);
  return found.flatMap(({ f, prev, at, len, kind, negator, aim }): Cue[] => {
    const first = f.s.tokens[negator === undefined ? at : Math.min(at, wholeWord(f.s.tokens, negator))];
    const last = f.s.tokens[Math.max(at + len - 1, negator ?? 0)];
    if (!first || !last) return [];
    let t = aim ?? (kind === 'threat' || kind === 'hate' ? threatTarget(f, at, len, prev) : targetOf(f, at, len, prev));
    // "Muslim voters are fed up with both parties": a feeling that ends in a preposition is about what follows it,
    // not about whoever feels it
    // (a particle at the end has no object: "makes me want to throw up.")
    const object = f.s.tokens[at + len];
    if (kind === 'hate' && !aim && f.s.tokens[at + len - 1]?.pos === 'ADP' && object && object.pos !== 'PUNCT') t = feltAbout(f, at, len, prev);
    // "send the Roma back", "kick the Muslims out": whom a phrase of exclusion holds in its slot is whom it sends off
    const held = kind === 'exclusion' && (t.target === 'nobody' || t.target === 'thing') ? f.mentions.find((m) => m.kind === 'group' && m.from > at && m.to < at + len - 1) : undefined;
    if (held) t = aimAt(f, prev, held);
    // "Shut up and read it", "Get lost": an insult given as an order is aimed at whoever reads it; a word of scorn
    // for no person standing alone after a sentence ("The update logs me out. Useless.") judges what that sentence
    // spoke of, while a noun for people ("… Coward.") calls the reader
    if (kind === 'insult' && (t.target === 'nobody' || t.target === 'thing') && startsClause(f, at)) t = verdictAfter(f, at, prev, lex) ?? { target: 'you' };
    // "jokes about Muslims are disgusting", "comments aimed at women have no place here": said of the thing
    if (kind !== 'slur' && kind !== 'homonym' && t.mention && t.mention.to < at && thingSubject(f, at)) t = { target: 'thing' };
    // "a brick through every Chinese takeaway", "firebomb the Jewish school": violence at a group's places (after
    // the violence, in its clause: "Jewish humour is the best, I'll die on this hill" threatens nothing of theirs),
    // or at every one of them as the subject of a passive ("every Roma camp should be burned")
    const place = f.weakAt.findIndex((k) => f.clauseOf[k] === f.clauseOf[at] && (k >= at + len || (k < at && everyPlaceOf(f, k, at))));
    if (kind === 'threat' && t.target === 'thing' && place >= 0) t = { target: 'group', group: f.weakGroups[place] };
    // "If they build that mosque I will burn it to the ground": "it" after the violence is the noun before it, here a
    // group's place
    const owner = kind === 'threat' && t.target === 'thing' && G.thingPronouns.has(f.s.tokens[at + len]?.w ?? '') ? placeOwner(f, at) : undefined;
    if (owner) t = { target: 'group', group: owner };
    // "Hindus marching through Leicester again? I'll be waiting with a machete.": violence willed in a sentence that
    // names no one and acts on nothing is for the group the sentence before is about
    if (kind === 'threat' && (t.target === 'thing' || t.target === 'nobody') && !f.mentions.length && !actsOnThing(f, at, len) && intended(f, at, lex)) t = calledAfter(prev) ?? t;
    // "lesbians are the thing I hate most": a feeling about a noun that stands for the subject of "be" is about it
    const standsFor = kind === 'hate' && t.target === 'thing' ? standInSubject(f, at) : undefined;
    if (standsFor) t = aimAt(f, prev, standsFor);
    // "burn it to the ground with them inside", "sink every dinghy full of refugees": violence at a thing with people
    // in it is for them
    const holds = (m: Mention) => f.s.tokens[m.from - 1]?.w === 'with' || (f.s.tokens[m.from - 1]?.w === 'of' && G.fullOf.has(f.s.tokens[m.from - 2]?.w ?? ''));
    const inside = kind === 'threat' && t.target === 'thing' ? f.mentions.find((m) => !m.weak && m.from > at && f.clauseOf[m.from] === f.clauseOf[at] && holds(m)) : undefined;
    if (inside) t = aimAt(f, prev, inside);
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
        ...(t.unnamed ? { unnamed: true as const } : {}),
        use,
      },
    ];
  });
}

/**
 * The group or person a stand-in noun right before the cue at `at` is said to be ("X are the thing I hate", "the
 * group I resent"): the noun follows "be" and its article, and the mention before "be" is the clause's.
 */
function standInSubject(f: SentenceFacts, at: number): Mention | undefined {
  const tokens = f.s.tokens;
  // (the feeling's subject may stand between: "the group I resent")
  const end = tokens[at - 1]?.pos === 'PRON' ? at - 1 : at;
  const noun = G.standIns.has(tokens[end - 1]?.w ?? '') ? end - 1 : G.standIns.has(tokens[end - 2]?.w ?? '') && tokens[end - 1]?.pos === 'ADJ' ? end - 2 : -1;
  if (noun < 0 || tokens[noun - 1]?.pos !== 'DET' || !G.be.has(tokens[noun - 2]?.w ?? '')) return undefined;
  return f.mentions.findLast((m) => m.to === noun - 3 && (m.kind === 'group' || m.kind === 'pronoun' || m.kind === 'person') && f.clauseOf[m.to] === f.clauseOf[at]);
}

/**
 * Which of the sentence's group places (`weakAt`: "Muslim areas", "Roma camps") the word at `at` is said of: the
 * place is plural, and only "be" and words that describe stand between it and the word. -1 for none.
 */
function placesCalled(f: SentenceFacts, at: number): number {
  const tokens = f.s.tokens;
  return f.weakAt.findIndex((k) => {
    const place = tokens[k + 1];
    if (!place || place.pos !== 'NOUN' || place.w === place.lemma || k + 1 >= at || f.clauseOf[k + 1] !== f.clauseOf[at]) return false;
    const between = tokens.slice(k + 2, at);
    return between.some((t) => G.be.has(t.w)) && between.every((t) => G.be.has(t.w) || ['ADV', 'DET', 'ADJ', 'PART'].includes(t.pos));
  });
}

/** Whom a feeling ending in a preposition ("sick of", "fed up with") at [at, at+len) is about: the first one named after it in its clause, else a thing. */
function feltAbout(f: SentenceFacts, at: number, len: number, prev: Prev): Aim {
  const after = f.mentions.find((m) => m.from >= at + len && f.clauseOf[m.from] === f.clauseOf[at]);
  return after ? aimAt(f, prev, after) : { target: actsOnThing(f, at, len) ? 'thing' : 'nobody' };
}

/** A noun after the cue at [at, at+len) in its clause names what it acts on (not when: "this time", "tonight"). */
function actsOnThing(f: SentenceFacts, at: number, len: number): boolean {
  return f.s.tokens.slice(at + len, clauseEnd(f, at)).some((t) => (t.pos === 'NOUN' || t.pos === 'PROPN') && !G.timeNouns.has(t.w));
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

/** A word of scorn standing alone after a sentence is said of that sentence's first mention, or of the thing it spoke of. */
function verdictAfter(f: SentenceFacts, at: number, prev: Prev, lex: Lexicon): Aim | null {
  const p = exclamation(f) && !lex.personNouns.has(f.s.tokens[at]?.w ?? '') ? prev() : null;
  if (!p) return null;
  const m = strongFirst(p.mentions)[0];
  return m ? aimAt(p, () => null, m) : { target: 'thing' };
}

/**
 * A sentence of the comment holds a word that may start a threat ("shoot", "up against a wall"), read cheaply (no
 * wink); a word that names someone ("they" in "they'll pay") does not count on its own.
 */
export function speaksOfViolence(a: CommentAnalysis): boolean {
  return a.rough.some((_, i) => a.words(i).some((w) => !a.lex.whoWords.has(w) && hasAny(a.lex.violenceTriggers, [w])));
}

/**
 * The comment speaks of or to someone: a mention, a name, a word for a contemptible person, a pronoun for a person
 * ("anyone who defends him"), or an order given to the reader ("Sit down", "Imagine being this thick").
 */
export function speaksOfPeople(a: CommentAnalysis): boolean {
  return a.sentences(a.rough.map((_, i) => i)).some(
    ({ f }) =>
      f.mentions.length > 0 ||
      f.weakGroups.length > 0 ||
      ordersReader(f, a.lex) ||
      f.s.tokens.some(
        (t, i) =>
          mayBeName(t.text) ||
          (t.pos === 'PRON' && (G.indefinite.has(t.w) || a.lex.thirdPerson.has(t.w))) ||
          (t.pos === 'NOUN' && a.lex.personNouns.has(t.w) && !!matchAt(a.lex.cue.insult, f.words, i)),
      ),
  );
}

/**
 * The sentence opens on a verb in its base form, asks nothing, and no modal in its clause makes the verb a subject
 * ("Kill -9 should be the last resort"): an order given to the reader, unless it orders violence done to a thing.
 */
function ordersReader(f: SentenceFacts, lex: Lexicon): boolean {
  const tokens = f.s.tokens;
  // "Honestly, grow a spine": an adverb or interjection may stand before the order
  const first = tokens.findIndex((t) => t.pos !== 'PUNCT' && t.pos !== 'ADV' && t.pos !== 'INTJ' && !G.fillers.has(t.w));
  const verb = tokens[first];
  if (!verb || verb.pos !== 'VERB' || verb.w !== verb.lemma || tokens.at(-1)?.w === '?') return false;
  // ("Burn the tax code down", "Kill the bill": an order of violence done to a thing the dictionary knows is aimed at it)
  const object = tokens.findIndex((t, k) => k > first && f.clauseOf[k] === f.clauseOf[first] && (t.pos === 'NOUN' || t.pos === 'PROPN'));
  const thing = object >= 0 && isKnownWord(tokens[object]?.w ?? '') && !lex.personNouns.has(tokens[object]?.w ?? '') && !f.mentions.some((m) => m.from <= object && object <= m.to);
  if (thing && hasAny(lex.violenceTriggers, f.words[first] ?? [])) return false;
  return !tokens.some((_, k) => k > first && f.clauseOf[k] === f.clauseOf[first] && !!matchAt(lex.cue.modal, f.words, k));
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
