/** Whom a cue is aimed at: you, a person, a group, people in general, a thing, or nobody. */
import { auxiliaryOf, clauseEnd, clauseStart, objectBefore, subjectBefore } from './clauses';
import { GRAMMAR as G } from './grammar';
import { linked } from './links';
import { type Target, type Mention, type SentenceFacts, strongFirst, type Prev } from './sentence-facts';
import { isKnownWord } from './speller';

/** Whom a cue is aimed at, the mention that names them, and whether only a pronoun does ("these vermin", "they"). */
export interface Aim {
  target: Target;
  group?: string;
  mention?: Mention;
  unnamed?: true;
}

const TARGET_RANK: Record<Mention['kind'], number> = { you: 0, group: 1, pronoun: 2, person: 3, others: 4 };

/**
 * Whom the cue at tokens [at, at+len) is aimed at: the nearest mention in its clause (else its sentence),
 * "they"/"them" read as the group named in the sentence or the one before.
 */
export function targetOf(f: SentenceFacts, at: number, len: number, prev: Prev): Aim {
  const clause = f.clauseOf[at] ?? -1;
  // "coming for you", "wipe them out": the cue's own words say whom it is for
  const within = f.mentions.filter((m) => m.from >= at && m.to < at + len);
  const inside = within.find((m) => m.kind === 'you') ?? within.find((m) => m.kind === 'pronoun');
  if (inside) return aimAt(f, prev, inside);
  // (not someone in a clause of its own after the cue: "pretending otherwise is dishonest, whatever you think")
  const ownClause = (m: Mention) => m.from > at && f.s.tokens.slice(at + len, m.from).some((t, k, between) => t.w === ',' && G.subordinators.has(between[k + 1]?.w ?? ''));
  const inClause = strongFirst(f.mentions.filter((m) => f.clauseOf[m.from] === clause && (m.to < at || m.from >= at + len) && !ownClause(m)));
  const pool = inClause.length ? inClause : strongFirst(f.mentions.filter((m) => (m.to < at || m.from >= at + len) && !ownClause(m)));
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
  return aimAt(f, prev, chosen);
}

/**
 * Whom a threat (or hatred) is for: the words of the threat itself ("find you"), else the subject of a passive ("should
 * be hanged") or the object of an active verb ("put a bullet in every one of them"), not the speaker.
 */
export function threatTarget(f: SentenceFacts, at: number, len: number, prev: Prev): Aim {
  const within = f.mentions.filter((m) => m.from >= at && m.to < at + len);
  const inside = within.find((m) => m.kind === 'you') ?? within.find((m) => m.kind === 'pronoun') ?? within[0];
  if (inside) return aimAt(f, prev, inside);
  const clause = f.clauseOf[at] ?? -1;
  // "Jews repulse me": a feeling said of the speaker is aimed at its subject, as in the passive
  // "should be shot", "deserve to be hanged": the passive may be inside the phrase itself
  const tokens = f.s.tokens;
  // "should be quietly euthanised", "should be carpet bombed": adverbs, or a noun made part of the verb, may stand
  // between the auxiliary and the participle
  const before = auxiliaryOf(tokens, at);
  const incorporated = tokens[before]?.pos === 'NOUN' || (tokens[before]?.pos === 'VERB' && tokens[before]?.w === tokens[before]?.lemma);
  const aux = incorporated && G.beOrGet.has(tokens[before - 1]?.w ?? '') ? before - 1 : before;
  // "need exterminating", "wants shooting": a gerund after "need" or "want" is passive in sense
  const gerundPassive = G.needOrWant.has(tokens[aux]?.lemma ?? '') && (tokens[at]?.w ?? '').endsWith('ing');
  // "Sikhs make me sick": the speaker may be inside the phrase
  const toSpeaker = G.firstPersonObject.has(tokens[at + len]?.w ?? '') || tokens.slice(at + 1, at + len).some((t) => G.firstPersonObject.has(t.w));
  // "deserves to hang from the nearest lamp post": what someone deserves befalls them, whatever follows the verb
  const deserved = tokens[at - 1]?.w === 'to' && G.deserving.has(tokens[at - 2]?.lemma ?? '');
  const passive = gerundPassive || toSpeaker || deserved || G.beOrGet.has(tokens[aux]?.w ?? '') || tokens.slice(at, at + len - 1).some((t) => G.beOrGet.has(t.w));
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
  // ("I hate the way this story is spun": a phrase may open with its subject and end with its verb)
  const verbFirst = tokens[at]?.pos === 'VERB' || (len === 2 && tokens[at]?.pos === 'PRON' && lastPos === 'VERB');
  const transitive = ((verbFirst && (lastPos === 'VERB' || lastPos === 'ADP' || lastPos === 'ADV')) || prepositionObject) && !toSpeaker;
  // "I want to see black bodies swinging from the trees": what a verb of seeing or causing names is what it is done
  // to, unless the verb names its own object ("see you kill him")
  const seen = f.mentions.find((x) => x.to === at - 1 && G.causative.has(tokens[x.from - 1]?.lemma ?? ''));
  if (!passive && seen && !f.mentions.some((x) => x.from === at + len)) return aimAt(f, prev, seen);
  if (!m && !passive && transitive && objectBefore(f, at + len, clauseEnd(f, at))) return { target: 'thing' };
  // "hoped it would die quietly": with no one after it, an active verb is said of its subject, here a thing
  if (!m && !passive && G.thingPronouns.has(subject)) return { target: 'thing' };
  if (!m && !passive && causedOnThing(f, at)) return { target: 'thing' };
  if (!m) return targetOf(f, at, len, prev);
  // "kill the process and reboot the server": a thing is the object, and someone named only by what they do
  // further on is not
  if (!passive && (m.weak || transitive) && objectBefore(f, at + len, m.from)) return { target: 'thing' };
  return aimAt(f, prev, m);
}

/**
 * The clause of token `at` opens with a subject naming no one ("comments", "jokes"), everyone named between it
 * and `at` is named after a preposition that makes them what it is about ("aimed at women"), and `at` is in the
 * predicate.
 */
export function thingSubject(f: SentenceFacts, at: number): boolean {
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
export function calledAfter(prev: Prev): Aim | null {
  const p = prev();
  const first = p?.mentions[0];
  if (!p || !first || (first.kind !== 'group' && first.kind !== 'pronoun')) return null;
  const tokens = p.s.tokens;
  if (tokens.some((t, k) => G.beOrGet.has(t.w) && tokens[k + 1]?.pos === 'VERB')) return null;
  if (first.kind === 'group') return { target: 'group', group: first.group, mention: first };
  const resolved = resolvePronoun(p, () => null, first);
  return resolved.target === 'group' ? resolved : null;
}

/**
 * "had to have the cat put down", "get the dog shot", "want it replaced": done to the noun or thing pronoun a
 * causative verb names, which names no one
 */
export function causedOnThing(f: SentenceFacts, at: number): boolean {
  const tokens = f.s.tokens;
  const noun = at - 1;
  if (G.thingPronouns.has(tokens[noun]?.w ?? '') && G.causative.has(tokens[noun - 1]?.lemma ?? '')) return true;
  return (
    tokens[noun]?.pos === 'NOUN' &&
    !f.mentions.some((m) => m.from <= noun && noun <= m.to) &&
    (tokens[noun - 1]?.pos === 'DET' || G.possessive.has(tokens[noun - 1]?.w ?? '')) &&
    G.causative.has(tokens[noun - 2]?.lemma ?? '')
  );
}

/** Whom a mention aims at: those it names, or for "they" the group it stands for (`resolvePronoun`). */
export function aimAt(f: SentenceFacts, prev: Prev, m: Mention): Aim & { mention: Mention } {
  return m.kind === 'pronoun' ? resolvePronoun(f, prev, m) : { target: m.kind, group: m.group, mention: m };
}

/**
 * "they", "those people", "his sort": the group named in this sentence or the one before, else the people named by
 * what they do there ("politicians …, every last one of them"), else people in general, the pronoun their only name.
 */
function resolvePronoun(f: SentenceFacts, prev: Prev, pronoun: Mention): Aim & { mention: Mention } {
  const named = f.mentions.find((m) => m.kind === 'group') ?? prev()?.mentions.find((m) => m.kind === 'group');
  if (named) return { target: 'group', group: named.group, mention: pronoun };
  const weak = f.weakGroups[0] ?? prev()?.weakGroups[0];
  if (weak) return { target: 'group', group: weak, mention: pronoun };
  const trade = f.mentions.some((m) => m.kind === 'others') || prev()?.mentions.some((m) => m.kind === 'others');
  return trade ? { target: 'others', mention: pronoun } : { target: 'others', mention: pronoun, unnamed: true };
}
