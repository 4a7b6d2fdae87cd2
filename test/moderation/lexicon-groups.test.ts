/**
 * Lexicon group features of the abuse model: words of one group (a valence
 * bucket of the sentiment lexicon, or WordNet's contemptible-person nouns)
 * share one feature, and the scoring fast path counts it exactly as the
 * explaining path does.
 */
import { describe, expect, it } from 'vitest';
import { dotFeatures, featurize, tokenize } from '../../src/moderation/classifier/features';
import { PERSON_WORDS } from '../../src/moderation/classifier/person-lexicon';
import { VALENCE_BUCKETS } from '../../src/moderation/classifier/valence-lexicon';

const DIM = 1 << 18;
const features = (text: string) => new Set(featurize(text, DIM).idx);
/** the features two texts have in common */
const shared = (a: string, b: string) => [...features(a)].filter((i) => features(b).has(i));

describe('lexicon groups', () => {
  // neither word shares a character n-gram with the other, nor is in the sentiment lexicon
  const [person] = shared('nincompoop', 'blackguard');
  // both in the most negative valence bucket, and not person nouns
  const [veryNegative] = shared('vile', 'cruel');

  it('words of one group share one feature that other words lack', () => {
    expect(shared('nincompoop', 'blackguard')).toEqual([person]);
    expect(shared('vile', 'cruel')).toEqual([veryNegative]);
    expect(person).toBeDefined();
    expect(veryNegative).toBeDefined();
    expect(person).not.toBe(veryNegative);
    for (const other of ['council', 'budget', 'wonderful', 'contemptible']) {
      expect(features(other).has(person!)).toBe(false);
      expect(features(other).has(veryNegative!)).toBe(false);
    }
  });

  it('a word in two groups fires both ("idiot" is a person noun and negative)', () => {
    const idiot = features('idiot');
    expect(idiot.has(person!)).toBe(true);
    expect(shared('idiot', 'contemptible')).toHaveLength(1);
  });

  it('the scoring fast path counts group features as featurize does', () => {
    // weights that see only the two group features: the score is their share of the text
    const w = new Float32Array(DIM);
    w[person!] = 1;
    w[veryNegative!] = -0.5;
    for (const text of ['What a nincompoop.', 'A vile, cruel nincompoop; a NINCOMPOOP!', 'The council met on Tuesday.', 'idiot']) {
      const fv = featurize(text, DIM);
      let expected = 0;
      for (let k = 0; k < fv.idx.length; k++) expected += w[fv.idx[k]!]! * fv.val[k]!;
      expect(dotFeatures(text, w)).toBeCloseTo(expected, 5);
      // second time from the per-word cache
      expect(dotFeatures(text, w)).toBeCloseTo(expected, 5);
    }
    expect(dotFeatures('What a nincompoop.', w)).toBeGreaterThan(0);
  });

  it('lists only words the featurizer keeps as one token in that spelling', () => {
    const words = [...Object.values(VALENCE_BUCKETS), PERSON_WORDS].flatMap((s) => s.split(' '));
    expect(words.length).toBeGreaterThan(6000);
    const bad = words.filter((wd) => tokenize(wd).map((t) => t.text).join(' ') !== wd);
    expect(bad).toEqual([]);
  });
});
