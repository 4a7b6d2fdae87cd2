/** Positions in a sentence: where a clause starts and ends, a verb's subject, what stands before a word. */
import { GRAMMAR as G } from './grammar';
import type { Token } from './nlp';
import type { SentenceFacts } from './sentence-facts';

/** The token before `k` once adverbs are passed ("should be quietly euthanised", "and then killed"). */
export function beforeAdverbs(tokens: readonly Token[], k: number): number {
  let p = k - 1;
  while (tokens[p]?.pos === 'ADV') p--;
  return p;
}

/**
 * The auxiliary before the verb at `k`, adverbs passed; for a verb joined on with "and" or "or" to a passive
 * participle ("should be put on trial and then executed"), that participle's auxiliary, which both share.
 */
export function auxiliaryOf(tokens: readonly Token[], k: number): number {
  const before = beforeAdverbs(tokens, k);
  if (tokens[before]?.pos !== 'CCONJ') return before;
  for (let j = before - 1; j >= Math.max(0, before - 6); j--) {
    if (tokens[j]?.pos !== 'VERB') continue;
    const aux = beforeAdverbs(tokens, j);
    return G.beOrGet.has(tokens[aux]?.w ?? '') ? aux : before;
  }
  return before;
}

/** The token before a verb once auxiliaries and adverbs are passed: its subject, where it has one. */
export function subjectBefore(tokens: readonly Token[], k: number): number {
  while (k >= 0 && (tokens[k]?.pos === 'ADV' || G.subjectAux.has(tokens[k]?.w ?? ''))) k--;
  return k;
}

/** The index of the first token of the clause of token `at`. */
export function clauseStart(f: SentenceFacts, at: number): number {
  let k = at;
  while (k > 0 && f.clauseOf[k - 1] === f.clauseOf[at]) k--;
  return k;
}

/** The index after the last token of the clause of token `at`. */
export function clauseEnd(f: SentenceFacts, at: number): number {
  let k = at;
  while (k < f.s.tokens.length && f.clauseOf[k] === f.clauseOf[at]) k++;
  return k;
}

/**
 * A noun phrase naming a thing ends in tokens [from, to): a noun not followed by another noun ("pipeline protester"
 * is one phrase) and not naming anyone ("that cyclist activist").
 */
export function objectBefore(f: SentenceFacts, from: number, to: number): boolean {
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
