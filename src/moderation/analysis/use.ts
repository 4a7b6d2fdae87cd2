/** How a cue is used: asserted, negated, quoted, reported, questioned, or countered. */
import { GRAMMAR as G } from './grammar';
import { challengeOf } from './links';
import type { Token } from './nlp';
import type { Use, Mention, SentenceFacts } from './sentence-facts';

/** how far back a negator reaches in its clause */
export const NEGATION_REACH = 6;

/** Read-only, and each worked out only when asked for (see `commentFacts`). */
export interface CommentFacts {
  readonly condemned: boolean;
  readonly endorsed: boolean;
  /** a sentence of the comment says who said its quotations ("… was a real comment I read today") */
  readonly quotesAttributed: boolean;
}

/** How the cue at tokens [at, at+len) is used; `m` is its target, whose link to the cue a negator may sit in. */
export function useOf(f: SentenceFacts, at: number, len: number, comment: CommentFacts, m?: Mention): Use {
  const tok = f.s.tokens[at];
  const clause = f.clauseOf[at];
  if (!tok || clause === undefined) return 'asserted';
  // the example a challenge asks for is denied as far as the relative clause that describes it ("has anyone ever met a
  // Traveller who was honest?")
  const challenge = m && m.to < at ? challengeOf(f, m) : undefined;
  const from = challenge ? challenge[0] : m && m.to < at ? Math.min(m.to, at - NEGATION_REACH) : at - NEGATION_REACH;
  const to = m && m.from > at ? m.from : at;
  // a negator inside the cue is part of it ("better off without"); one compared with its target is a superlative
  // ("nothing I despise more than Jews", "nobody is lazier than …")
  const superlative = !!m && m.from > at && f.s.tokens.slice(at + len, m.from).some((t) => t.w === 'than');
  // "nobody I know thinks they are lazy", "I don't believe Roma are thieves": denied thinking denies what is thought
  const raised = (n: number) => n < at && n >= at - RAISED_REACH && f.s.tokens.slice(n + 1, Math.min(n + 5, at)).some((t) => G.thinking.has(t.lemma));
  // "aren't people, they're a swarm": a comma before a pronoun starts a clause of its own
  // and "ugly and bitter and no fella would have them": a conjunction after the cue starts a clause of its own too
  const ownClause = (n: number) =>
    n < at ? f.s.tokens.slice(n + 1, at).some((t, k) => t.w === ',' && f.s.tokens[n + 2 + k]?.pos === 'PRON') : f.s.tokens.slice(at + len, n).some((t) => t.pos === 'CCONJ');
  const negated =
    !superlative && f.negators.some((n) => ((n >= from && n < to) || raised(n)) && (n < at || n >= at + len) && f.clauseOf[n] === clause && !ownClause(n));
  // said by someone: a reporting word before the cue, or anywhere in the sentence when the cue is quoted
  // a report reaches over a comma only straight after it ("He said, …"): "what the law says about them, they're freaks" is the speaker's
  // "people who …", "whoever …" report only their own clause: "the people who shut the mine will pay" is the speaker's
  const reaches = (r: number) => r < at && !f.s.tokens.slice(r + 2, at).some((t) => t.w === ',') && !(mainClauseAfter(f.s.tokens, r) <= at) && !turnsToSpeakerOrYou(f.s.tokens, r, at);
  // "reading about it reminded me how much I hate them": a feeling the speaker says is theirs is no one else's words
  const speakerFeels = !tok.quoted && speakerSubject(f.s.tokens, at);
  const attributed = (f.reports.some(reaches) && !speakerFeels) || (tok.quoted && (f.reports.length > 0 || comment.quotesAttributed));
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

/** The word is the speaker as a subject ("I", "we're"), not as an owner ("my … together" may be anyone's words). */
export const isSpeaker = (t: Token | undefined): boolean => G.firstPerson.has(t?.w ?? '') && !G.firstPersonOwn.has(t?.w ?? '');

/** The cue at `at` opens on the speaker ("I hate …") or has them as its subject, an adverb at most between ("I really hate"). */
function speakerSubject(tokens: readonly Token[], at: number): boolean {
  return isSpeaker(tokens[at]) || isSpeaker(tokens[at - 1]) || (tokens[at - 1]?.pos === 'ADV' && isSpeaker(tokens[at - 2]));
}

/** how far the clause after a denied verb of thinking (`G.thinking`) may reach */
const RAISED_REACH = 12;

/**
 * "Keep writing lies about my family and you'll end up in the canal": a clause joined on with "I", "we" or "you" as
 * its subject is the speaker's own, not part of the words reported before it; so is the main clause after a
 * condition that reports ("if he screams one more time I'm going over there …").
 */
function turnsToSpeakerOrYou(tokens: readonly Token[], r: number, at: number): boolean {
  const conditional = tokens.slice(Math.max(0, r - 8), r).some((t) => t.pos === 'SCONJ');
  for (let k = r + 1; k < at; k++) {
    const joined = tokens[k]?.pos === 'CCONJ' || (conditional && k > r + 1);
    const subject = tokens[k + 1]?.w ?? '';
    if (joined && (G.speakerOrYou.has(subject) || G.speakerIs.has(subject)) && (tokens[k + 2]?.pos === 'AUX' || tokens[k + 2]?.pos === 'VERB')) return true;
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
