/**
 * Gazetteer: real places and proper names that contain a profane string and
 * that obscenity's English list flags (Shitterton, Cumnor, Fukushima, Pat
 * Cummins, Dicky Beach). Each entry is one whose every-day mention is clean;
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
 * misspelt insult. They are in PLACE_HOMOGRAPHS, excused by ambiguous.ts only
 * as a capitalised name in a sentence about places and with no abusive
 * context. Left out altogether: Fucking (Austria, renamed Fugging in 2021) and
 * the Wank (a Bavarian mountain), which cannot be told from the commonest
 * profanity by the words around them, and names that read as an insult beside
 * any other name (the surname Dikshit, but for the full names of people in the
 * news, the Spanish given name Kike, the Chinese
 * surname Fu). Local names (a village's own lanes and families) belong in a
 * site's `allowWords`.
 */

export const PLACE_NAMES: readonly string[] = [
  // Britain and Ireland
  'Shitterton', 'Bitchfield', 'Cumnor', 'Cumwhitton', 'Cumwhinton', 'Cumrew', 'Cummersdale', 'Cumdivock', 'Cumnock', 'Cummertrees',
  'Cockshutt', 'Cockpen', 'Cock Bridge', 'Cock Clarks', 'Cock Lane', 'Dickleburgh', 'Slutshole Lane', 'Pisshill', 'Assynt', 'Asselby',
  'Cuckfield', 'Cuckmere', 'Cuckney',
  // Europe, the Americas, Asia
  'Wankdorf', 'Pissouri', 'Pissos', 'Pissis', 'Assos', 'Asslar', 'Assonet', 'Cummington', 'Cumiana', 'Cumaná', 'Cumana', 'Cumae', 'Cumaean',
  'Cocke County', 'Klondyke', 'Fukuoka', 'Fukushima', 'Fukui', 'Fukuyama', 'Fukuda', 'Fukuzawa', 'Fukaya', 'Fukuchiyama', 'Fukagawa',
  'Fukien', 'Terengganu', 'Trengganu', 'Shitamachi', 'Wankhede', 'Fagersta',
  // peoples, faiths, institutions
  'ASSR',
  // family and given names, and things named after people
  'Cummins', 'Cumiskey', 'Cumhaill', 'Fagan', 'Fagles', 'Fagerström', 'Fagerstrom', 'Roddick', 'Riddick', 'Reddick', 'Burdick', 'Fosdick',
  'Sheila Dikshit', 'Sandeep Dikshit', 'Opdyke', 'Dickon', 'Dickel', 'Dickin Medal', 'Wanklyn', 'Assmann', 'Asscher', 'Shittu', 'Harshit', 'Hartree-Fock', 'Focke-Wulf',
  // places and titles, taxa, and the common misspelling of shih tzu
  'Dicky Beach',
  'Octopussy', 'Fagus', 'Fagaceae', 'Turdus', 'Turdidae', 'Shitzu', 'Shitzus',
];

/**
 * Place names that are a profane word or one plus an ending; excused only
 * as a capitalised name among PLACE_TOPIC words, with no abusive context
 * (ambiguous.ts). Cumming (Georgia) is also a Scottish surname, so it is
 * excused beside a name as well (Alan Cumming).
 */
export const PLACE_HOMOGRAPHS: readonly string[] = [
  'twatt', // Orkney and Shetland
  'dildo', // Newfoundland
  'wankie', // Zimbabwe, now Hwange
  'bastardo', // Umbria
  'bitche', // Moselle
  'cunter', // Graubünden
  'cuntis', // Galicia
];
export const SURNAME_PLACE_HOMOGRAPHS: readonly string[] = ['cumming'];

/**
 * Words that make a sentence about a place: kinds of settlement and area, natural features, residents and
 * visitors, and the regions of PLACE_HOMOGRAPHS. Kept to the vocabulary of geography: words such as "road", "called"
 * or "visit" fit a taunt as easily ("get off the road, Dildo").
 */
export const PLACE_TOPIC: ReadonlySet<string> = new Set(
  `village villages town towns hamlet hamlets city parish county district borough region province municipality commune
  island islands isle mainland valley glen river loch lake bay coast harbour mountain hill moor park reserve sanctuary
  signpost postcode population inhabitants residents locals tourists tourism visitors renamed located
  orkney shetland newfoundland labrador canada zimbabwe rhodesia umbria italy moselle lorraine france switzerland
  graubünden grisons galicia pontevedra spain georgia`
    .split(/\s+/)
    .filter(Boolean),
);

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
const CASED_NAMES = /(?<![\p{L}\p{N}])(?:Shiites?|Cumans?|Cumann)(?![\p{L}\p{N}])/gu;
const NOT_BEFORE_CASED = /\b(?:holy|talking|full of|load of|pile of|piece of|bull|total|utter|absolute|eat|that's)[\s,!]+$/i;
/** …nor at the end of a sentence or before "for" ("Shiite for brains"): a real mention names what is Shiite */
const NOT_AFTER_CASED = /^\s*(?:$|[.!?,;:]|for\b|all\b|in her|on her)/i;

/** True when `raw.slice(hit.start, hit.end)` lies inside a gazetteer name as written in `raw`. */
export function inPlaceName(raw: string, hit: { start: number; end: number }): boolean {
  const inside = (m: RegExpMatchArray) => m.index! <= hit.start && m.index! + m[0].length >= hit.end;
  for (const m of raw.matchAll(NAMES)) if (inside(m)) return true;
  for (const m of raw.matchAll(CASED_NAMES)) {
    const end = m.index! + m[0].length;
    if (inside(m) && !NOT_BEFORE_CASED.test(raw.slice(Math.max(0, m.index! - 14), m.index)) && !NOT_AFTER_CASED.test(raw.slice(end, end + 8))) return true;
  }
  return false;
}
