/** The moderation word files: a broken file is refused when loaded, with the file and key named. */
import { describe, expect, it } from 'vitest';
import ambiguousFile from '../../src/moderation/data/ambiguous.json';
import placeNamesFile from '../../src/moderation/data/place-names.json';
import profanityFile from '../../src/moderation/data/profanity.json';
import grammarFile from '../../src/moderation/data/grammar.json';
import { validateAmbiguousData } from '../../src/moderation/ambiguous';
import { validatePlaceNameData } from '../../src/moderation/place-names';
import { validateProfanityData } from '../../src/moderation/profanity';
import { validateGrammarData } from '../../src/moderation/analysis/grammar';

type Node = Record<string | number, unknown>;
/** A deep copy of `file` with the value at `path` set to `value` (or removed, for undefined) */
const broken = (file: unknown, path: Array<string | number>, value: unknown): unknown => {
  const copy = structuredClone(file) as Node;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Node;
  const last = path[path.length - 1]!;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy;
};

describe('moderation word files', () => {
  it('loads the shipped files', () => {
    expect(validateAmbiguousData(ambiguousFile).entries.length).toBeGreaterThan(15);
    expect(validatePlaceNameData(placeNamesFile).names).toContain('Shitterton');
    expect(validateProfanityData(profanityFile).builtinAllow).toContain('scunthorpe');
    expect(validateGrammarData(grammarFile).placeBefore.has('from')).toBe(true);
  });

  it.each([
    ['a word list that is text', ['entries', 3, 'before'], 'wild domestic', /^moderation data: ambiguous\.entries\[3\]\.before must be a list of words$/],
    ['a misspelt entry key', ['entries', 0, 'befor'], ['blue'], /ambiguous\.entries\[0\]\.befor is not a key an entry has/],
    ['an idiom that is not a regular expression', ['entries', 0, 'idioms'], ['/tit[/i'], /ambiguous\.entries\[0\]\.idioms\[0\] is not a valid regular expression/],
    ['a topic naming no shared list', ['entries', 0, 'topic'], ['@bird'], /ambiguous\.entries\[0\]\.topic names @bird/],
    ['a missing word list', ['neverInnocent'], undefined, /ambiguous\.neverInnocent must be a list of words/],
    ['another version', ['version'], 2, /ambiguous\.version must be 1/],
  ] as const)('refuses ambiguous.json with %s', (_, path, value, error) => {
    expect(() => validateAmbiguousData(broken(ambiguousFile, [...path], value))).toThrow(error);
  });

  it.each([
    ['a name group without its note', ['names', 1, 'note'], undefined, /place-names\.names\[1\]\.note must be text/],
    ['a homograph in capitals', ['homographs', 'Twatt'], 'Orkney', /place-names\.homographs must be lower case \("Twatt" is not\)/],
    ['no about', ['about'], undefined, /place-names\.about must say what the file holds/],
  ] as const)('refuses place-names.json with %s', (_, path, value, error) => {
    expect(() => validatePlaceNameData(broken(placeNamesFile, [...path], value))).toThrow(error);
  });

  it('refuses profanity.json with an empty word in the allow list', () => {
    expect(() => validateProfanityData(broken(profanityFile, ['builtinAllow', 0, 'words', 0], ''))).toThrow(
      /profanity\.builtinAllow\[0\]\.words must be a list of words/,
    );
  });

  it.each([
    ['a class the code reads left out', ['classes', 'thinking'], undefined, /^moderation data: grammar\.classes\.thinking is missing$/],
    ['a class the code does not read', ['classes', 'thinkng'], { note: 'typo', words: ['think'] }, /grammar\.classes\.thinkng is not a class the evidence step reads/],
    ['a class without its note', ['classes', 'relative', 'note'], undefined, /grammar\.classes\.relative\.note must say what the class is read for/],
    ['words that are one text', ['classes', 'relative', 'words'], 'who whoever', /grammar\.classes\.relative\.words must be a list of words/],
  ] as const)('refuses grammar.json with %s', (_, path, value, error) => {
    expect(() => validateGrammarData(broken(grammarFile, [...path], value))).toThrow(error);
  });
});
