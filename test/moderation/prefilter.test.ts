/**
 * The profanity prefilter is rebuilt from obscenity's public terms and transformers: it must pass exactly the
 * texts in which obscenity's own matcher finds a term (allow lists aside), or profanity would slip past it.
 */
import { describe, expect, it } from 'vitest';
import { DataSet, RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import { makePrefilter } from '../../src/moderation/profanity';
import { mulberry32 } from '../../tools/train/civil-corpus';
import { fixtureLines } from './helpers';

const { blacklistedTerms } = (englishDataset as unknown as DataSet<unknown>).build();
const transformers = englishRecommendedTransformers.blacklistMatcherTransformers ?? [];
const obscenity = new RegExpMatcher({ blacklistedTerms, blacklistMatcherTransformers: transformers });
const prefilter = makePrefilter(blacklistedTerms, transformers);

const rng = mulberry32(11);
// letters, leetspeak, look-alikes, mathematical letters, Cyrillic, emoji, invisible characters and a lone surrogate
const alphabet = [...'abcdefghijklmnopqrstuvwxyz ABCFKUS@$!|0134567 .-_ ſƒüéñ𝒻𝓊𝒸𝓀ʃṳ𝗄фуск🙂\u200b\ud800'];
const random = Array.from({ length: 3000 }, () => {
  let s = '';
  const n = 1 + Math.floor(rng() * 30);
  for (let j = 0; j < n; j++) s += alphabet[Math.floor(rng() * alphabet.length)];
  return s;
});
const texts = [
  ...fixtureLines('trap-words.txt'),
  ...fixtureLines('civil-arguments.txt'),
  ...fixtureLines('obfuscated-profanity.tsv').map((l) => l.split('\t')[1]!),
  ...random,
];

describe('profanity prefilter', () => {
  it('passes exactly the texts obscenity finds a term in, disguised or not', () => {
    let passed = 0;
    for (const t of texts) {
      const pass = prefilter.regex.test(prefilter.transform(t));
      expect(pass, t).toBe(obscenity.hasMatch(t));
      if (pass) passed++;
    }
    // both outcomes occur: the fixtures hold clean and profane texts
    expect(passed).toBeGreaterThan(300);
    expect(texts.length - passed).toBeGreaterThan(300);
  });
});
