/** The profanity phase's word files: a broken file is refused when loaded, with the file and key named. */
import { describe, expect, it } from 'vitest';
import ambiguousFile from '../../src/moderation/data/ambiguous.json';
import placeNamesFile from '../../src/moderation/data/place-names.json';
import profanityFile from '../../src/moderation/data/profanity.json';
import { validateAmbiguousData } from '../../src/moderation/ambiguous';
import { validatePlaceNameData } from '../../src/moderation/place-names';
import { validateProfanityData } from '../../src/moderation/profanity';

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
});
