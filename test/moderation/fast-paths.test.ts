/**
 * The fast paths must decide exactly as the slow ones: the ASCII transform
 * used by the profanity prefilter agrees with obscenity's own transformers,
 * and the allocation-free model score equals the score from the full
 * feature vector; the evidence step's cheap phrase test never rules out a
 * sentence where wink reads a phrase.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import { asciiTransform, DEFAULT_IGNORED_ENGLISH, getProfanityMatcher } from '../../src/moderation/profanity';
import { moderateLine } from '../../src/moderation/stream';
import { featurize, tokenize } from '../../src/moderation/classifier/features';
import { getAbuseModel, scoreLogit, scoreText } from '../../src/moderation/classifier/model';
import { mulberry32 } from '../../tools/train/civil-corpus';
import { analyseComment } from '../../src/moderation/analysis/evidence';
import { matchAt, type PhraseTable } from '../../src/moderation/analysis/lexicon';
import { fixtureLines } from './helpers';

const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers }) as unknown as {
  applyTransformers(s: string, t: unknown): [number[], string];
  blacklistMatcherTransformers: unknown;
};
const obscenityTransform = (s: string) => matcher.applyTransformers(s, matcher.blacklistMatcherTransformers)[1];

const texts = [
  ...fixtureLines('trap-words.txt'),
  ...fixtureLines('civil-arguments.txt'),
  ...fixtureLines('obfuscated-profanity.tsv').map((l) => l.split('\t')[1]!),
];

describe('profanity prefilter transform', () => {
  it('matches obscenity on the fixtures and on random ASCII', () => {
    const rng = mulberry32(5);
    const random = Array.from({ length: 5000 }, () => {
      let s = '';
      const n = 1 + Math.floor(rng() * 30);
      for (let j = 0; j < n; j++) s += rng() < 0.5 ? String.fromCharCode(32 + Math.floor(rng() * 95)) : 'bbeeoollssggffuu'[Math.floor(rng() * 16)];
      return s;
    });
    for (const t of [...texts.map((x) => x.toLowerCase()), ...random]) {
      const fast = asciiTransform(t);
      if (fast !== null) expect(fast).toBe(obscenityTransform(t));
    }
  });
  it('declines non-ASCII text (obscenity handles it)', () => {
    expect(asciiTransform('ſhit')).toBeNull();
  });
});

describe('abuse model fast score', () => {
  it('equals the score from the full feature vector', () => {
    const m = getAbuseModel();
    for (const t of texts) {
      const fv = featurize(t, m.dim, false, m.charNgrams);
      expect(scoreText(m, t).logit).toBeCloseTo(scoreLogit(m, fv.idx, fv.val), 4);
      expect(scoreText(m, t, true).score).toBeCloseTo(scoreText(m, t).score, 6);
    }
  });
  it('tokenizes words, keeps offsets into the original, drops tweet artefacts and profanity stems', () => {
    const text = 'RT @someone: The MINISTER’s plan is sooooo bad URL https://x.example/a, what a cocktail 😡';
    const toks = tokenize(text);
    expect(toks.map((t) => t.text)).toEqual(['the', 'minister\'s', 'plan', 'is', 'soo', 'bad', 'what', 'a', '😡']);
    for (const t of toks.filter((x) => /^[a-z]/.test(x.text))) expect(text.slice(t.start, t.end).toLowerCase().replace('’', "'").replace(/o{3,}/, 'oo')).toBe(t.text.replace(/o{3,}/, 'oo'));
  });
});

describe('long comments', () => {
  const filler = (n: number) => 'The council published the budget figures for the library and the bus routes. '.repeat(n);
  it('profanity is found wherever it sits in a long comment, and reported at its position', () => {
    for (const at of [0, 1, 3, 5, 9, 20]) {
      const text = filler(at) + 'What a f.u.c.k decision. ' + filler(25 - at);
      const r = moderateLine(1, text);
      expect(r.reasons).toContain('profanity');
      const hits = getProfanityMatcher({ ignore: DEFAULT_IGNORED_ENGLISH, words: [], allow: [] }).find(text);
      expect(hits.map((h) => text.slice(h.start, h.end))).toEqual(['f.u.c.k']);
    }
  });
  it('allowed phrases are not flagged at any offset (window edges)', () => {
    for (let pad = 0; pad < 300; pad += 7) {
      const text = 'x'.repeat(pad) + ' ' + filler(3) + 'I read Moby Dick in Scunthorpe. ' + filler(4);
      expect(moderateLine(1, text).reasons).not.toContain('profanity');
    }
  });
  it('scores empty, emoji-only, non-Latin and 5,000-character comments', () => {
    const m = getAbuseModel();
    for (const t of ['', '😡😡', 'Привет, как дела', '完全に間違っている', filler(64).slice(0, 5000)]) {
      const s = scoreText(m, t).score;
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
      expect(scoreText(m, t, true).score).toBeCloseTo(s, 6);
    }
  });
});

describe('the cheap phrase test of the evidence step', () => {
  // every sentence of every fixture file: where the test says a phrase cannot be there, wink must find none, or
  // a sentence wink would have read for a cue (or for how cues are used) is passed over and a decision changes
  const files = readdirSync(new URL('../fixtures/moderation/', import.meta.url)).filter((f) => /\.(txt|tsv)$/.test(f));
  const suites = readdirSync(new URL('../fixtures/moderation/suite/', import.meta.url)).map((f) => `suite/${f}`);
  const all = [...files, ...suites].flatMap((f) => fixtureLines(f).map((l) => l.split('\t').at(-1) ?? l));
  it('never rules out a sentence where wink reads a cue, praise, negator or condemning word', () => {
    const lex = analyseComment('').lex;
    const cueTables: PhraseTable<unknown>[] = [lex.slurs, lex.cue.insult, lex.cue.dehumanise, lex.cue.derogate, lex.cue.hate, lex.cue.exclusion, lex.cue.threat, lex.cue.threatPhrase];
    const missed: string[] = [];
    for (const text of all) {
      const a = analyseComment(text);
      a.rough.forEach(([from, to], i) => {
        const may = { cue: a.mayMatch(i, lex.cueNeeds), praise: a.mayMatch(i, lex.praiseNeeds), condemn: a.mayMatch(i, lex.condemnNeeds), negator: a.mayNegate(i) };
        if (may.cue && may.praise && may.condemn && may.negator) return;
        for (const f of a.facts(i)) {
          f.s.tokens.forEach((t, k) => {
            const found = {
              cue: cueTables.some((table) => matchAt(table, f.words, k)),
              praise: !!matchAt(lex.cue.praise, f.words, k),
              condemn: !!matchAt(lex.cue.condemn, f.words, k),
              negator: lex.negators.has(t.w) || t.lemma === 'not',
            };
            for (const kind of ['cue', 'praise', 'condemn', 'negator'] as const) if (found[kind] && !may[kind]) missed.push(`${kind}: ${text.slice(from, to)}`);
          });
        }
      });
    }
    expect(missed).toEqual([]);
  });
});
