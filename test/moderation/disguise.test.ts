/** Profanity in disguise that word lists miss: masks, underscores, letters written one by one. */
import { describe, expect, it } from 'vitest';
import { findDisguised } from '../../src/moderation/disguise';

const words = (text: string) => findDisguised(text).map((h) => h.word);

describe('disguised profanity', () => {
  it('reads one letter and a run of masks as the word of exactly that length', () => {
    expect(words('Go f*** yourself, nobody asked.')).toEqual(['fuck']);
    expect(words('What a b**** she is.')).toEqual(['bitch']);
    // stars with no letter are a rating, not a word
    expect(words('Rated it *****, would go again.')).toEqual([]);
  });

  it('reads an underscore inside a word as a masked letter', () => {
    expect(words('You are a piece of sh_t.')).toEqual(['shit']);
    expect(words('My handle is big_tom_1982 on the forum.')).toEqual([]);
  });

  it('joins letters written one by one into the word they spell', () => {
    expect(words('Stop posting, you d o u c h e b a g.')).toEqual(['douchebag']);
    expect(words('Grades went A B C D across the year.')).toEqual([]);
  });

  it('joins two pieces of a word split by one space when one piece is no word', () => {
    expect(words('What a sh itshow, start to finish.')).toEqual(['shitshow']);
    expect(words('Sh it show from the council again.')).toEqual(['shit']);
    expect(words('Ph uck the lot of them.')).toEqual(['phuck']);
    // a sign between the pieces parts them
    expect(words('Sh! It is a library.')).toEqual([]);
  });

  it('reads a word listed with its hyphen as that word', () => {
    expect(words('The usual a-holes are at it again.')).toEqual(['a-holes']);
    expect(words('A well-known Hull-based firm.')).toEqual([]);
  });

  it('reads a profane abbreviation of any length as the words it stands for', () => {
    expect(words('roflmao, he said it with a straight face')).toEqual(['roflmao']);
    expect(words('nfi what the council is playing at')).toEqual(['nfi']);
    expect(words('Roflmaos is no word anyone writes.')).toEqual([]);
  });

  it('reads a run of dashes or a sign between letters as masked letters', () => {
    expect(words('That motherf---er put my rent up again.')).toEqual(['motherfucker']);
    expect(words('Bi+ch please, you do not even live in this ward.')).toEqual(['bitch']);
    expect(words('Another sh.t decision from the board.')).toEqual(['shit']);
    // ordinary words with a sign inside stay words
    expect(words('The co-op on Main St. sells A+B batteries, e.g. AA.')).toEqual([]);
    expect(words('See the e-mail of 3.4.2025 and the X-ray.')).toEqual([]);
  });

  it('reads a word masked whole before "off" or "you" as the one said so, and a rating as no word', () => {
    expect(words('**** off, you muppet.')).toEqual(['fuck']);
    expect(words('The hotel was **** and the food *****.')).toEqual([]);
  });
});
