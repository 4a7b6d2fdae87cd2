/**
 * Gazetteer: real places and proper names that contain a profane string and
 * that obscenity's English list flags (Shitterton, Cumnor, Fukushima, Pat
 * Cummins, Dicky Beach), kept in data/place-names.json with the words this
 * module reads around them. Each entry is one whose every-day mention is clean;
 * test/moderation/place-names.test.ts checks that each is flagged without the
 * gazetteer, so the list holds nothing obscenity already allows.
 *
 * Entries match as whole words or phrases, case-insensitively, in the text as
 * written (so "Cumnor" excuses neither "cumnors" nor "C u m n o r", and
 * disguises stay profanity). Words between a phrase's parts may be joined by
 * spaces or any hyphen or dash ("Hartree–Fock").
 *
 * Names that are themselves a profane word, or one plus an ending (Twatt,
 * Dildo, Wankie, Bastardo), are not here: "Twatt" written alone is also a
 * misspelt insult. They are the file's `homographs` (PLACE_HOMOGRAPHS),
 * excused by ambiguous.ts only as a capitalised name in a sentence about
 * places and with no abusive context. Left out altogether: Fucking (Austria, renamed Fugging in 2021) and
 * the Wank (a Bavarian mountain), which cannot be told from the commonest
 * profanity by the words around them, and names that read as an insult beside
 * any other name (the surname Dikshit, but for the full names of people in the
 * news, the Spanish given name Kike, the Chinese
 * surname Fu). Local names (a village's own lanes and families) belong in a
 * site's `allowWords`.
 */
import placeNamesFile from './data/place-names.json';
import { alternation, dataError, dataFile, notedWordLists, regex, wordList, wordMap } from './data-check';

const DATA = validatePlaceNameData(placeNamesFile);

/** The gazetteer: names matched as whole words or phrases, as written. */
export const PLACE_NAMES: readonly string[] = DATA.names;

/**
 * Place names that are a profane word or one plus an ending; excused only
 * as a capitalised name among PLACE_TOPIC words, with no abusive context
 * (ambiguous.ts). Cumming (Georgia) is also a Scottish surname, so it is
 * excused beside a name as well (Alan Cumming).
 */
export const PLACE_HOMOGRAPHS: readonly string[] = DATA.homographs;
export const SURNAME_PLACE_HOMOGRAPHS: readonly string[] = DATA.surnameHomographs;

/**
 * Words that make a sentence about a place: kinds of settlement and area, natural features, residents and
 * visitors, and the regions of PLACE_HOMOGRAPHS. Kept to the vocabulary of geography: words such as "road", "called"
 * or "visit" fit a taunt as easily ("get off the road, Dildo").
 */
export const PLACE_TOPIC: ReadonlySet<string> = new Set(DATA.topic);

export interface PlaceNameData {
  names: string[];
  homographs: string[];
  surnameHomographs: string[];
  topic: string[];
  casedNames: string[];
  notBeforeCased: string[];
  notAfterCased: RegExp;
}

/** Checks data/place-names.json (or a file of the same shape); throws naming the file and key. */
export function validatePlaceNameData(file: unknown): PlaceNameData {
  const f = dataFile(file, 'place-names');
  const lower = (words: string[], path: string) => {
    const upper = words.find((w) => w !== w.toLowerCase());
    if (upper) dataError(path, `must be lower case ("${upper}" is not): they are matched as the word is written in lower case`);
    return words;
  };
  return {
    names: notedWordLists(f.names, 'place-names.names', 'names'),
    homographs: lower(wordMap(f.homographs, 'place-names.homographs'), 'place-names.homographs'),
    surnameHomographs: lower(wordMap(f.surnameHomographs, 'place-names.surnameHomographs'), 'place-names.surnameHomographs'),
    topic: lower(wordList(f.topic, 'place-names.topic'), 'place-names.topic'),
    casedNames: wordList(f.casedNames, 'place-names.casedNames'),
    notBeforeCased: wordList(f.notBeforeCased, 'place-names.notBeforeCased'),
    notAfterCased: regex(f.notAfterCased, 'place-names.notAfterCased'),
  };
}

function entryPattern(entry: string): string {
  return entry
    .trim()
    .split(/[\s\-‐‑–—]+/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "['’]"))
    .join('[\\s\\-‐‑–—]+');
}

const NAMES = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${[...PLACE_NAMES].sort((a, b) => b.length - a.length).map(entryPattern).join('|')})(?![\\p{L}\\p{N}])`,
  'giu',
);

/**
 * Names that are only names when capitalised and not an exclamation: "the Shiite clergy", not "holy shiite" or
 * "talking Shiite"; the Cumans, the Cumann. (Titles whose words are the insult itself, such as "The Bitch Is Back", are not in the
 * gazetteer at all: a site that writes about them adds them to its `allowWords`.)
 */
const CASED_NAMES = new RegExp(`(?<![\\p{L}\\p{N}])${alternation(DATA.casedNames)}(?![\\p{L}\\p{N}])`, 'gu');
const NOT_BEFORE_CASED = new RegExp(`\\b${alternation(DATA.notBeforeCased)}[\\s,!]+$`, 'i');
/** …nor at the end of a sentence or before "for" ("Shiite for brains"): a real mention names what is Shiite */
const NOT_AFTER_CASED = DATA.notAfterCased;

/** True when `raw.slice(hit.start, hit.end)` lies inside a gazetteer name as written in `raw`. */
export function inPlaceName(raw: string, hit: { start: number; end: number }): boolean {
  const inside = (m: RegExpExecArray) => m.index <= hit.start && m.index + m[0].length >= hit.end;
  for (const m of raw.matchAll(NAMES)) if (inside(m)) return true;
  for (const m of raw.matchAll(CASED_NAMES)) {
    const end = m.index + m[0].length;
    if (inside(m) && !NOT_BEFORE_CASED.test(raw.slice(Math.max(0, m.index - 14), m.index)) && !NOT_AFTER_CASED.test(raw.slice(end, end + 8))) return true;
  }
  return false;
}
