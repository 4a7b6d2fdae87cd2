import { describe, expect, it } from 'vitest';
import { getLexicon } from '../../src/moderation/analysis/lexicon';
import { correct } from '../../src/moderation/analysis/speller';
import { moderate } from '../../src/moderation/pipeline';
import { input } from './helpers';

const decide = (text: string) => moderate(input({ text })).decision;

describe('misspelt on purpose', () => {
  const speller = getLexicon().speller;

  it('reads a word no dictionary knows as the cue word one swap or one left-out letter away', () => {
    expect(correct(speller, 'vemrin')).toBe('vermin');
    expect(correct(speller, 'cockraoches')).toBe('cockroaches');
    expect(correct(speller, 'imigrants')).toBe('immigrants');
  });

  it('reads a four-letter word with a letter left out only when no ordinary word is as close', () => {
    expect(correct(speller, 'wmen')).toBe('women');
    expect(correct(speller, 'jwes')).toBe('jews'); // a swap before a left-out letter
    expect(correct(speller, 'rpes')).toBeNull(); // ropes as much as rapes
  });

  it("reads a group's name without its vowels though two of its names share that skeleton", () => {
    expect(correct(speller, 'mslms')).toMatch(/^m[ou]sl[ie]ms$/); // muslims, moslems: one group
    expect(decide('mslms are savages.')).not.toBe('publish');
  });

  it('leaves real words, short words and added or changed letters alone', () => {
    expect(correct(speller, 'shirt')).toBeNull(); // a real word one letter from a rude one
    expect(correct(speller, 'vermin')).toBeNull(); // already the word
    expect(correct(speller, 'rta')).toBeNull(); // too short to tell
    expect(correct(speller, 'verminn')).toBeNull(); // an added letter: names and foreign words look like that
  });

  it('reads profanity spelt as it sounds, not a word one consonant away nor one in the dictionary', () => {
    expect(decide('Absolute shyte, this match.')).toBe('reject');
    expect(decide('What an azzhole, blocking the whole drive.')).toBe('reject');
    expect(decide('Oh fook off, mate.')).toBe('reject');
    expect(decide('Proper cahnt, that one.')).toBe('reject');
    expect(decide('Rotten barstard, evicting a family at Christmas.')).toBe('reject');
    expect(decide('The French word for a seal is phoque, as every school trip to Brittany finds out.')).toBe('publish');
    expect(decide("In Dutch kunt simply means can, as in 'u kunt hier betalen'.")).toBe('publish');
    expect(decide('The shy tenor sang a fugue in the cathedral.')).toBe('publish');
    // the evidence step's speller reads by letters only: a cue word is not read from a sound-alike
    expect(correct(speller, 'moran')).toBeNull();
  });

  it('refuses or holds abuse whose words are misspelt', () => {
    expect(decide('Muslmis are vemrin.')).not.toBe('publish');
    expect(decide('Asylum seekers are cockraoches.')).not.toBe('publish');
    expect(decide('Go fcuk yourself.')).toBe('reject');
    expect(decide("You're a wnaker.")).toBe('reject');
  });

  it('publishes names, brands and acronyms that look like misspellings', () => {
    expect(decide('Wankel rotary engines are smooth but thirsty.')).toBe('publish');
    expect(decide("French Connection's FCUK branding feels dated now.")).toBe('publish');
    expect(decide('Sheila Dikshit was Chief Minister of Delhi for 15 years.')).toBe('publish');
    expect(decide('The bastarda script in the manuscript is gorgeous.')).toBe('publish');
  });

  it('a corrected word is still read in its sentence: a typo in civil text is not abuse', () => {
    expect(decide('The report on vemrin control in council housing is overdue.')).toBe('publish');
  });
});
