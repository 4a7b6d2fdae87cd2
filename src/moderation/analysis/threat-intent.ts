/**
 * Whether violence in a sentence is willed — wished, ordered, planned or glorified — rather than told of as
 * something that happened or written as an idiom.
 */
import { auxiliaryOf, beforeAdverbs, clauseStart } from './clauses';
import { GRAMMAR as G } from './grammar';
import { matchAt, type Lexicon } from './lexicon';
import type { Token } from './nlp';
import type { SentenceFacts } from './sentence-facts';

/** how far back a modal ("should", "will", "deserve", "someone") reaches to make violence a threat */
const MODAL_REACH = 14;

/** A verb and a noun naming no one as its object stand before token `i`, after the last person named in its clause. */
export function thingMoved(f: SentenceFacts, i: number): boolean {
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
  // (joined on to a passive it is a participle too: "should be put on trial and then executed")
  return tokens[auxiliaryOf(tokens, k)]?.pos === 'CCONJ';
}

/**
 * "Whoever set fire to that hostel deserves a medal", "the lad who stabbed him is a hero": violence told of in a
 * clause about whoever did it, and that doer praised after it, is violence the speaker wants.
 */
export function glorified(f: SentenceFacts, at: number, lex: Lexicon): boolean {
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
export function intended(f: SentenceFacts, at: number, lex: Lexicon): boolean {
  const tokens = f.s.tokens;
  const start = clauseStart(f, at);
  const lead = tokens.slice(start, at).filter((t) => t.pos !== 'PUNCT' && !G.fillers.has(t.w));
  // an imperative: the verb in its base form ("Hang them", not "Hung, the HBO comedy") aimed at someone
  const verb = tokens[at];
  // ("Cull ewes are fetching £90": a noun right after the verb with a verb of its own is a subject the first word
  // describes, not an object)
  if (lead.length === 0) return !!verb && verb.w === verb.lemma && f.mentions.some((m) => m.from > at && m.from <= at + 4 && m.kind !== 'others' && !(m.from === at + 1 && tokens[m.to + 1]?.pos === 'AUX'));
  // "I'm throwing acid", "we're running them off the road": the speaker's plan, said in the present
  if (planned(tokens, at)) return true;
  // "any Mexican who sets foot on my land gets shot": harm that befalls whichever one of them does something is promised
  if (promised(tokens, start, at)) return true;
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
    // (a person named after a preposition describes the subject: "tariffs on Canadian steel are going to hurt …")
    f.mentions.some((m) => m.from >= start && m.from <= modal && !tokens.slice(start, m.from).some((t) => t.pos === 'ADP')) ||
    subject.some((t) => ['someone', 'somebody', 'anyone', 'everyone', 'people', 'somebody'].includes(t.w))
  );
}

/**
 * The harm at token `at` is wished on someone by the speaker ("I hope he gets cancer", "Hope the plane goes down",
 * "here's hoping …"): a word of wishing before it in its sentence, and a verb between that brings the harm about
 * ("gets", "puts … in hospital"). "I hope the patients in hospital get better care" and "I hope he beats his cancer"
 * wish no harm: the harm there is already where it is, or already theirs.
 */
export function wished(f: SentenceFacts, at: number, len: number, lex: Lexicon): boolean {
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


/** The violence at `at` follows "gets" or "is getting" in a clause whose subject opens on "any", "the next" or the like. */
function promised(tokens: readonly Token[], start: number, at: number): boolean {
  const get = tokens[at - 1];
  if (!get || (get.w !== 'gets' && get.w !== 'getting')) return false;
  const opening = tokens[start]?.pos === 'DET' && !G.anyOne.has(tokens[start]?.w ?? '') ? tokens[start + 1] : tokens[start];
  return G.anyOne.has(opening?.w ?? '');
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
