/**
 * Words on obscenity's English list that are also ordinary English in some
 * contexts: a blue tit, the wild ass, a dyke along the Fens, the prick of a
 * needle, magna cum laude, Dick Whittington. A hit on one of these words is
 * dropped when, and only when:
 *
 *  - it is written plainly (letters as in the table, no leetspeak, spacing,
 *    masking or stretched letters, and no invisible characters or mixed
 *    scripts anywhere in the sentence: a disguise is itself a sign of
 *    intent), and no sexual word is in the sentence (neverInnocent);
 *  - either it lies inside one of the word's fixed idioms (tit for tat,
 *    cock-and-bull, a chink in the armour, the Spastics Society, William the
 *    Bastard), in a sentence not aimed at someone (inIdiom);
 *  - or nothing makes it abuse (abusiveContext: second person, except "you"
 *    as the subject of a verb such as "can" or "see"; "what a …", "she is a
 *    …", "they are …", a vocative, "that … Name", a possessive before a body
 *    word, an insulting adjective, violence or a threat beside a slur) and
 *    one of its innocent collocations holds (excusedByCollocation): the word
 *    right before or after it (Dutch hoe, bastard sword, spastic paraplegia),
 *    a topic word near it (birds for tit, donkeys for ass, water and rock for
 *    dyke, whelping for bitch, gardens for hoe; within a few words for a
 *    slur), a collocation with a topic (bastard son of King …; a prick of the
 *    needle), or for names a capitalised given name or surname beside it
 *    (excusedAsName: Dick Francis, Alan Cumming).
 *
 * Two adversarial reviews shaped the abusive-context checks: every innocent
 * collocation is also a way to dress up abuse ("that bitch Rayner" beside
 * "season", "the tits on that bird"), so topic words with an insulting sense
 * are left out, and the checks run before any collocation is considered.
 *
 * The words are data (data/ambiguous.json: the table of word forms, their idioms,
 * collocations and topic words, and the word lists the checks read); this
 * module holds the rules that read them. The table is general English, not Parley's fixtures: collocations and
 * idioms from ordinary dictionaries (bird names, equids, geology, dog
 * breeding, Latin honours, plant and tool names, historians' and clinicians'
 * terms). Compound slang stays profanity ("dickhead", "asshole": not in the
 * table's word forms), and so do "cock-up" and "piss-up" (vulgar slang in
 * British dictionaries; piss is on the list and the site does not ignore it)
 * and "a bastard of a job". Slurs keep their force at people: "chinks" is
 * excused only inside its fixed idioms (armour, light, glasses, curtains).
 *
 * Place names that are a profane word themselves (Twatt, Dildo, Wankie; see
 * data/place-names.json) are entries too: innocent only capitalised, as a place
 * (after a preposition, before a place word, or opening a description), in
 * a sentence about places.
 */
import ambiguousFile from './data/ambiguous.json';
import { alternation, dataError, dataFile, regex, wordList } from './data-check';
import { PLACE_HOMOGRAPHS, PLACE_TOPIC, SURNAME_PLACE_HOMOGRAPHS } from './place-names';

export interface AmbiguousHit {
  start: number;
  end: number;
}

/** One word of the table (`entries` in data/ambiguous.json, where each key is described). */
interface Entry {
  /** lower-case word forms the entry covers, exactly as written */
  forms: readonly string[];
  /** innocent if the previous word (lower case) is one of these */
  before?: ReadonlySet<string>;
  /** innocent if the next word (lower case) is one of these */
  after?: ReadonlySet<string>;
  /** innocent if a word of the same sentence (lower case) is one of these */
  topic?: ReadonlySet<string>;
  /** innocent if written capitalised beside a name (Dick Francis, Philip K. Dick, Greg Dyke) */
  name?: boolean;
  /** innocent as the middle of a hyphenated compound (kitchen-cum-dining room) */
  hyphenated?: boolean;
  /** the forms the topic excuses, when not all of them */
  topicForms?: ReadonlySet<string>;
  /** the topic excuses the word only when it is capitalised (a cat called Pussy) */
  topicCapital?: boolean;
  /**
   * a slur in its other senses: stricter context (never a predicate, a topic word only close by, never beside violence)
   * and its idioms not excused in a sentence aimed at a people (slurTarget)
   */
  slur?: boolean;
  /** innocent when followed by "<the|them|it|…>" as a verb at the start of an instruction (prick the sausages) */
  imperative?: boolean;
  /** never innocent unless written with a capital (a proper name) */
  capital?: boolean;
  /** an owner's name before it ("Balaam's ass") is no sign of a body part */
  ownerBefore?: boolean;
  /** whole hyphenated words holding the word that are innocent (cock-a-leekie) */
  compounds?: ReadonlySet<string>;
  /**
   * fixed phrases holding the word that have no abusive reading (tit for tat, a chink in the armour):
   * innocent when the hit lies inside one, whatever else the sentence says
   */
  idioms?: readonly RegExp[];
  /** collocations that are innocent only with a topic word in the same sentence (bastard son … King) */
  withTopic?: ReadonlyArray<{ before?: ReadonlySet<string>; after?: ReadonlySet<string>; topic: ReadonlySet<string> }>;
}

const ENTRY_LISTS = ['before', 'after', 'topicForms', 'compounds'] as const;
const ENTRY_FLAGS = ['name', 'hyphenated', 'topicCapital', 'slur', 'imperative', 'capital', 'ownerBefore'] as const;
const ENTRY_KEYS = new Set<string>(['forms', 'note', 'topic', 'topicExcept', 'idioms', 'withTopic', ...ENTRY_LISTS, ...ENTRY_FLAGS]);

export interface AmbiguousData {
  entries: Entry[];
  words: Record<(typeof WORD_KEYS)[number], ReadonlySet<string>>;
  slurThreat: RegExp;
  slurTarget: RegExp;
}

/** The top-level word lists of data/ambiguous.json (each is described where the code below reads it). */
const WORD_KEYS = [
  'abusiveBefore', 'neverInnocent', 'harm', 'slurBefore', 'slurVerbsAfter', 'abusiveAfterSome', 'predicateLeads', 'be', 'pronounSubjects',
  'vocativeTails', 'insultLeads', 'possessive', 'bodyForms', 'sexualBefore', 'secondPerson', 'subjectPronouns', 'readerVerbs',
  'imperativeAfter', 'imperativeObjects', 'placePrepositions', 'notName', 'titles',
] as const;

/** Checks data/ambiguous.json (or a file of the same shape) and builds the table; throws naming the file and key. */
export function validateAmbiguousData(file: unknown): AmbiguousData {
  const f = dataFile(file, 'ambiguous');
  const topics = new Map<string, string[]>();
  if (!f.topics || typeof f.topics !== 'object' || Array.isArray(f.topics)) dataError('ambiguous.topics', 'must map names to lists of words');
  for (const [k, v] of Object.entries(f.topics)) topics.set(k, wordList(v, `ambiguous.topics.${k}`));
  // "@birds" in a topic stands for the shared list topics.birds
  const topicWords = (v: unknown, path: string): string[] =>
    wordList(v, path).flatMap((w) => (w.startsWith('@') ? (topics.get(w.slice(1)) ?? dataError(path, `names ${w}, which is not in ambiguous.topics`)) : [w]));
  if (!Array.isArray(f.entries) || f.entries.length === 0) dataError('ambiguous.entries', 'must be a non-empty list');
  const entries = (f.entries as unknown[]).map((raw, i): Entry => {
    const at = `ambiguous.entries[${i}]`;
    if (!raw || typeof raw !== 'object') dataError(at, 'must be an object');
    const e = raw as Record<string, unknown>;
    for (const k of Object.keys(e)) if (!ENTRY_KEYS.has(k)) dataError(`${at}.${k}`, 'is not a key an entry has');
    if (e.note !== undefined && typeof e.note !== 'string') dataError(`${at}.note`, 'must be text');
    const entry: { -readonly [K in keyof Entry]: Entry[K] } = { forms: wordList(e.forms, `${at}.forms`) };
    if (entry.forms.length === 0) dataError(`${at}.forms`, 'must name at least one word form');
    for (const k of ENTRY_LISTS) if (e[k] !== undefined) entry[k] = new Set(wordList(e[k], `${at}.${k}`));
    for (const k of ENTRY_FLAGS) {
      if (e[k] === undefined) continue;
      if (typeof e[k] !== 'boolean') dataError(`${at}.${k}`, 'must be true or false');
      entry[k] = e[k];
    }
    if (e.topic !== undefined) {
      const except = new Set(e.topicExcept === undefined ? [] : wordList(e.topicExcept, `${at}.topicExcept`));
      entry.topic = new Set(topicWords(e.topic, `${at}.topic`).filter((w) => !except.has(w)));
    } else if (e.topicExcept !== undefined) dataError(`${at}.topicExcept`, 'needs a topic to take words from');
    if (e.idioms !== undefined) {
      if (!Array.isArray(e.idioms)) dataError(`${at}.idioms`, 'must be a list of regular expressions');
      entry.idioms = e.idioms.map((re, k) => regex(re, `${at}.idioms[${k}]`));
    }
    if (e.withTopic !== undefined) {
      if (!Array.isArray(e.withTopic)) dataError(`${at}.withTopic`, 'must be a list of collocations');
      entry.withTopic = e.withTopic.map((raw, k) => {
        const t = (raw ?? {}) as Record<string, unknown>;
        const p = `${at}.withTopic[${k}]`;
        if (t.before === undefined && t.after === undefined) dataError(p, 'needs before or after');
        return {
          before: t.before === undefined ? undefined : new Set(wordList(t.before, `${p}.before`)),
          after: t.after === undefined ? undefined : new Set(wordList(t.after, `${p}.after`)),
          topic: new Set(topicWords(t.topic, `${p}.topic`)),
        };
      });
    }
    return entry;
  });
  const words = {} as AmbiguousData['words'];
  for (const k of WORD_KEYS) words[k] = new Set(wordList(f[k], `ambiguous.${k}`));
  return { entries, words, slurThreat: regex(f.slurThreat, 'ambiguous.slurThreat'), slurTarget: regex(f.slurTarget, 'ambiguous.slurTarget') };
}

const DATA = validateAmbiguousData(ambiguousFile);
const W = DATA.words;

const TABLE: readonly Entry[] = [
  ...DATA.entries,
  // the gazetteer's names that are a profane word themselves (data/place-names.json)
  { forms: PLACE_HOMOGRAPHS, topic: PLACE_TOPIC, capital: true },
  { forms: SURNAME_PLACE_HOMOGRAPHS, topic: PLACE_TOPIC, capital: true, name: true },
];

const BY_FORM = new Map<string, Entry>();
for (const e of TABLE) for (const f of e.forms) BY_FORM.set(f, e);

/** A whole word (or phrase) of `words`, case-insensitively */
const anyOf = (words: ReadonlySet<string>, flags = 'i') => new RegExp(`^${alternation([...words])}$`, flags);

/** Words right before the term that make it abuse whatever the context: "you dick", "what a prick", "stupid ass". */
const ABUSIVE_BEFORE = W.abusiveBefore;
/** Words that make a sentence sexual or abusive whatever else is in it ("show us your tits by the bird table"). */
const NEVER_INNOCENT = W.neverInnocent;
/** Violence in the same sentence: a slur is never excused beside it ("hang the dykes from the cliffs"). */
const HARM = W.harm;
/** Threats that need no violent verb ("get what's coming") */
const SLUR_THREAT = DATA.slurThreat;
/** Forms of "to be" that make the term a predicate: "she is a …", "he's a …" */
const BE = W.be;
/** Words before a term that say whose body part it is ("her tits", "my cock") */
const POSSESSIVE = W.possessive;
/** Entries for body words: a possessive in front makes them sexual */
const BODY_FORMS = W.bodyForms;
/** Size and praise words within two words before the term ("nice big tits", "huge dick") */
const SEXUAL_BEFORE = W.sexualBefore;
/** Second person within the six words before the term ("you are a dick", "you're acting like a prick") */
const SECOND_PERSON = anyOf(W.secondPerson);
/** "you" as a subject; with a READER_VERB after it, it addresses the reader ("you will see", "you can use") */
const SUBJECT_PRONOUN = anyOf(W.subjectPronouns);
const READER_VERB = W.readerVerbs;
/** Intensifiers two words before a slur ("a proper dyke", "a right bitch"), besides ABUSIVE_BEFORE */
const SLUR_TWO_BEFORE = new Set([...W.slurBefore, ...ABUSIVE_BEFORE]);
/** Verbs after a slur that make it a judgement on people ("hoes belong in the kitchen", "bitches deserve it") */
const SLUR_VERBS_AFTER = W.slurVerbsAfter;
/** Forms that are an insult after "some" ("some tit from the council") */
const ABUSIVE_AFTER_SOME = W.abusiveAfterSome;
/** Words leading "a/an …" that make a predicate of the term ("what a …", "such a …", "like a …") */
const PREDICATE_LEADS = W.predicateLeads;
/** Subjects of "is a …" that are people or things pointed at, not a common noun ("the kiang is a wild ass") */
const PRONOUN_SUBJECT = anyOf(W.pronounSubjects);
/** What may end a sentence after a vocative ("…, bitch lol") */
const VOCATIVE_TAIL = new RegExp(`^(?:[\\s.!?…"'”’)]|\\p{Extended_Pictographic}|\\uFE0F|\\b${alternation([...W.vocativeTails])}\\b)*$`, 'iu');
/** Phrases right before the term that make it abuse ("son of a …") */
const INSULT_LEAD = new RegExp(`\\b${alternation([...W.insultLeads])} $`, 'i');
/** Words an instruction opens with before an imperative entry ("then prick the …"), and the objects after it */
const IMPERATIVE_AFTER = W.imperativeAfter;
const IMPERATIVE_OBJECTS = W.imperativeObjects;
/** Titles before a name ("Mr Dick") */
const TITLE = anyOf(W.titles);

type Word = { w: string; start: number; end: number };
/** Is words[i] the reader or target addressed? "you" as the subject of a READER_VERB ("you can see blue tits") is not. */
function addressed(words: readonly Word[], i: number): boolean {
  const word = words[i];
  if (!word) return false;
  return SECOND_PERSON.test(word.w) && !(SUBJECT_PRONOUN.test(word.w) && READER_VERB.has(words[i + 1]?.w.toLowerCase() ?? ''));
}
/** A sentence that points a slur's idiom at a people ("go back to China", "belongs in the Spastics Society") */
const SLUR_TARGET = DATA.slurTarget;
/** How many words from the term a topic word may be */
const TOPIC_REACH = 20;
/** For slurs the excusing word must be close: "sea dykes", "faggots and peas", not anywhere in the sentence */
const SLUR_TOPIC_REACH = 6;
/** A disguise in the sentence (invisible characters, a word mixing Latin with Cyrillic or Greek letters) excuses nothing */
const DISGUISE = /[\u200B-\u200F\u2060\uFEFF\u00AD]|(?=\S*\p{Script=Latin})(?=\S*[\p{Script=Cyrillic}\p{Script=Greek}])\S+/u;
/** Prepositions a place name follows ("a village in Twatt", "the road to Dildo") */
const PLACE_PREPS = W.placePrepositions;
/** Function words and titles that are capitalised but are not a name. */
const NOT_NAME = W.notName;

const WORD = /[\p{L}\p{N}'’-]+/gu;

function sentenceBounds(text: string, start: number, end: number): [number, number] {
  let s = start;
  // a single line break does not end a sentence ("Her\ntits …"), a blank line does
  const stop = (i: number) => /[.!?]/.test(text.charAt(i)) || (text[i] === '\n' && text[i - 1] === '\n');
  while (s > 0 && !stop(s - 1)) s--;
  // do not stop at the full stop of an initial the term follows ("Philip K. Dick"): step back over single capitals
  while (s > 1 && /^\s*$/.test(text.slice(s, start)) && /[A-Z]/.test(text.charAt(s - 2)) && (s < 3 || /[\s.]/.test(text.charAt(s - 3)))) {
    s -= 2;
    while (s > 0 && !stop(s - 1)) s--;
  }
  let e = end;
  while (e < text.length && !(/[.!?]/.test(text.charAt(e)) || (text[e] === '\n' && text[e + 1] === '\n'))) e++;
  return [s, e];
}

function wordsIn(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(WORD)) out.push({ w: m[0].replace(/’/g, "'"), start: m.index, end: m.index + m[0].length });
  return out;
}

const isCapitalised = (w: string) => /^\p{Lu}[\p{Ll}'’-]/u.test(w) || /^\p{Lu}\.?$/u.test(w);

/**
 * True when the hit `raw.slice(start, end)` is an ambiguous word used in one
 * of its innocent senses (see the module comment). Anything else, including
 * every disguised spelling, is left to the profanity phase.
 */
export function innocentInContext(raw: string, hit: AmbiguousHit): boolean {
  // a hit inside a word ("shit" in "Dikshit") is judged as the whole word
  let wordStart = hit.start;
  while (wordStart > 0 && /\p{L}/u.test(raw.charAt(wordStart - 1))) wordStart--;
  const written = raw.slice(wordStart, hit.end).replace(/’/g, "'");
  if (!/^[A-Za-z]+(?:'s)?$/.test(written)) return false;
  const form = written.toLowerCase();
  const entry = BY_FORM.get(form);
  if (!entry) return false;
  // shouting in capitals, or Title Case Throughout, gives no evidence about names
  if (written.length > 1 && written === written.toUpperCase()) return false;
  if (entry.capital && !isCapitalised(written)) return false;

  const [ss, se] = sentenceBounds(raw, hit.start, hit.end);
  const sentence = raw.slice(ss, se);
  const words = wordsIn(sentence);
  const at = words.findIndex((w) => ss + w.start <= hit.start && ss + w.end >= hit.end);
  const self = words[at];
  if (!self) return false;
  // the sentence before, whose topic carries on ("Our donkey is a jack. The ass is the most underrated farm animal.")
  const before = ss > 1 ? sentenceBounds(raw, ss - 1, ss - 1) : null;
  const c: Context = {
    entry, form, written, sentence, words, at, self, slur: entry.slur === true,
    prevWord: words[at - 1]?.w, prev: words[at - 1]?.w.toLowerCase(), next: words[at + 1]?.w.toLowerCase(),
    wordsBefore: before ? wordsIn(raw.slice(before[0], before[1])).map((w) => w.w.toLowerCase()) : [],
  };

  if (words.some((w, i) => i !== at && NEVER_INNOCENT.has(w.w.toLowerCase()))) return false;
  if (DISGUISE.test(sentence)) return false;
  if (inIdiom(c, hit.start - ss)) return true;
  if (abusiveContext(c)) return false;
  return excusedByCollocation(c) || excusedAsName(c);
}

interface Context {
  entry: Entry;
  form: string;
  written: string;
  sentence: string;
  words: Word[];
  at: number;
  self: Word;
  slur: boolean;
  prevWord: string | undefined;
  prev: string | undefined;
  next: string | undefined;
  /** the words of the sentence before, lower case */
  wordsBefore: readonly string[];
}

/** "they are dykes", "Koreans are chinks in the armour": a slur as the predicate */
const pluralPredicate = (c: Context) => c.slur && BE.has(c.prev ?? '');

/**
 * Inside one of the entry's fixed phrases with no abusive reading ("what a cock-and-bull story", "a chink in the
 * armour"), unless the sentence is aimed at someone ("you tit for tat merchant") or, for a slur, at a people
 * ("go back to China, chink in the armour").
 */
function inIdiom(c: Context, offset: number): boolean {
  const { entry, words, at, sentence } = c;
  const aimed =
    words.slice(Math.max(0, at - 6), at).some((_, k) => addressed(words, Math.max(0, at - 6) + k)) ||
    /\byou(?:'re|’re| are)\b/i.test(sentence.slice(c.self.end)) ||
    (c.slur && SLUR_TARGET.test(sentence)) ||
    pluralPredicate(c);
  if (aimed) return false;
  for (const re of entry.idioms ?? []) {
    for (const m of sentence.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'))) {
      if (m.index <= offset && offset < m.index + m[0].length) return true;
    }
  }
  return false;
}

/** Whatever the collocations, the sentence uses the word as abuse: it is aimed at someone, sexual, or violent. */
function abusiveContext(c: Context): boolean {
  const { entry, form, written, sentence, words, at, self, slur, prev, next } = c;
  const lower = (i: number) => words[i]?.w.toLowerCase().replace(/’/g, "'") ?? '';
  if (prev && ABUSIVE_BEFORE.has(prev)) return true;
  if (pluralPredicate(c)) return true;
  if (slur && SLUR_TWO_BEFORE.has(lower(at - 2))) return true;
  if (slur && SLUR_THREAT.test(sentence)) return true;
  const properName = isCapitalised(written) && prev !== undefined && entry.before?.has(prev) === true; // Plymouth Hoe
  if (slur && !properName && words.some((w, i) => i !== at && HARM.has(w.w.toLowerCase()))) return true;
  // "some tit from the council"
  if (prev === 'some' && ABUSIVE_AFTER_SOME.has(form)) return true;
  // "hoes belong in the kitchen", "bitches deserve it"
  if (slur && SLUR_VERBS_AFTER.has(next ?? '')) return true;
  // an article up to two adjectives before the term, led by "what", "such", "like", an insult word ("what an absolute
  // great …") or a form of "to be" ("she is a …", "he's nothing but a nasty old …"); after "to be" the entry's own
  // word still excuses a common noun's predicate ("the kiang is a wild ass"), but not a slur's or a name's
  for (const k of [1, 2, 3]) {
    if (!['a', 'an'].includes(lower(at - k))) continue;
    const lead = lower(at - k - 1);
    if (ABUSIVE_BEFORE.has(lead) || PREDICATE_LEADS.has(lead)) return true;
    const subject = words[at - k - 2]?.w ?? '';
    const commonNoun = subject !== '' && !isCapitalised(subject) && !PRONOUN_SUBJECT.test(subject);
    const own = k > 1 && !slur && prev !== undefined && entry.before?.has(prev) === true && commonNoun;
    if (BE.has(lead) && !own) return true;
  }
  // "that bitch Rayner"
  if ((prev === 'that' || prev === 'this') && isCapitalised(words[at + 1]?.w ?? '') && !NOT_NAME.has(lower(at + 1))) return true;
  // a vocative: "Bitch, you need …", "Go see a vet, bitch.", "Back to the kennel, bitch 😂"; at the start only for a
  // slur, a short sentence or one that speaks to someone, and not before a list ("Faggots, mash and peas at the pub")
  // or a region ("Dildo, Newfoundland, is a fishing town")
  const before = sentence.slice(0, self.start).trimEnd();
  const after = sentence.slice(self.end).trimStart();
  const listFollows = /^,\s*(?:[\p{L}'-]+\s*,?\s*){1,4}\b(?:and|or|with)\b/iu.test(after);
  const vocativeFirst =
    at === 0 && after.startsWith(',') && !placeFollows(c) && !listFollows && (slur || words.length <= 5 || words.some((_, i) => addressed(words, i)));
  const vocativeLast = before.endsWith(',') && VOCATIVE_TAIL.test(after);
  if (vocativeFirst || vocativeLast) return true;
  // whose body part: "her tits", "my cock", "the presenter's tits"; two words back too ("his black cock"), unless the
  // word between is the entry's own ("our bantam cocks") or a title before a name ("my uncle Dick")
  if (BODY_FORMS.has(form)) {
    for (const p of [prev, entry.before?.has(prev ?? '') || (TITLE.test(prev ?? '') && isCapitalised(written)) ? undefined : lower(at - 2)]) {
      if (p && (POSSESSIVE.has(p) || (/'s$/.test(p) && !entry.ownerBefore && !isCapitalised(written)))) return true;
    }
  }
  for (let i = Math.max(0, at - 6); i < at; i++) if (addressed(words, i)) return true;
  // (unless the entry's own word follows: "lovely cock pheasant")
  if (!entry.after?.has(next ?? '') && words.slice(Math.max(0, at - 2), at).some((w) => SEXUAL_BEFORE.has(w.w.toLowerCase()))) return true;
  return INSULT_LEAD.test(sentence.slice(0, self.start));
}

// ("Dildo, Newfoundland, …", "Bitche, in Lorraine, …")
const placeFollows = (c: Context) => c.entry.capital === true && /^,\s*(?:(?:in|near) )?\p{Lu}/u.test(c.sentence.slice(c.self.end).trimStart());

/** One of the entry's innocent collocations holds: a word beside it, a hyphenated compound, a topic word nearby. */
function excusedByCollocation(c: Context): boolean {
  const { entry, form, written, sentence, words, at, self, slur, prev, next } = c;
  // the token itself is part of a longer hyphenated word, e.g. "kitchen-cum-dining" or "moby-dick"
  const selfWord = self.w.toLowerCase().replace(/'s$|'$/, '');
  if (selfWord !== form.replace(/'s$/, '')) {
    const parts = selfWord.split('-');
    const i = parts.indexOf(form.replace(/'s$/, ''));
    if (entry.hyphenated && i > 0 && i < parts.length - 1 && !/ed$/.test(parts[parts.length - 1] ?? '')) return true; // not "face-cum-covered"
    const before = parts[i - 1];
    if (entry.before && before !== undefined && i > 0 && entry.before.has(before)) return true;
    if (entry.before && before !== undefined && i > 0 && entry.before.has(before + '-')) return true;
    if (entry.compounds?.has(selfWord)) return true;
    if (entry.after && i >= 0 && i < parts.length - 1 && entry.after.has(parts[i + 1] ?? '')) return true; // cock-sparrow, cum-dividend
    return i > 0 && parts.slice(0, i).some((p) => entry.before?.has(p));
  }
  if (prev && entry.before?.has(prev)) return true;
  if (next && entry.after?.has(next)) return true;
  // a topic word near this occurrence (for slurs within a few words), and nearer to it than to another use of the
  // same word ("the great tit on the feeder … the tit in Number 10" excuses only the first), unless that use
  // stands between the two and a word beside it excuses it: a list goes on ("a great tit and a blue tit at the feeder")
  const lowerAt = (i: number) => words[i]?.w.toLowerCase() ?? '';
  const besideExcused = (j: number) => entry.before?.has(lowerAt(j - 1)) === true || entry.after?.has(lowerAt(j + 1)) === true;
  const uses = words.map((w, i) => (i !== at && entry.forms.includes(w.w.toLowerCase()) ? i : -1)).filter((i) => i >= 0);
  const competes = (j: number, topicAt: number, d: number) =>
    Math.abs(topicAt - j) <= d && !(Math.min(at, topicAt) < j && j < Math.max(at, topicAt) && besideExcused(j));
  // (for a word that is no slur, the sentence before may name the topic, with no use of the word between)
  const near = (topic: ReadonlySet<string>) =>
    words.some((w, i) => {
      const d = Math.abs(i - at);
      return i !== at && d <= (slur ? SLUR_TOPIC_REACH : TOPIC_REACH) && !uses.some((j) => competes(j, i, d)) && topic.has(w.w.toLowerCase().replace(/'s$/, ''));
    }) ||
    (!slur && !uses.some((j) => j < at) && c.wordsBefore.some((w) => topic.has(w.replace(/'s$/, ''))) && !c.wordsBefore.some((w) => entry.forms.includes(w)));
  // a place homograph counts as a place only after a place preposition, right before a place word ("the Wankie game
  // reserve"), or opening a description ("Twatt is a village in Orkney", "Dildo, Newfoundland, …")
  const placeAfter = words.slice(at + 1, at + 3).some((w) => PLACE_TOPIC.has(w.w.toLowerCase()) && !/[,.;:!?]/.test(sentence.slice(self.end, w.start)));
  const opensDescription = at === 0 && (BE.has(next ?? '') || placeFollows(c)) && words.slice(1, 7).some((w) => PLACE_TOPIC.has(w.w.toLowerCase()));
  // ("the signpost for Twatt", "the road for Dildo": "for" after a place word points to a place)
  const forPlace = prev === 'for' && PLACE_TOPIC.has(words[at - 2]?.w.toLowerCase() ?? '');
  const topicAllowed = !entry.capital || PLACE_PREPS.has(prev ?? '') || forPlace || placeAfter || opensDescription;
  const topicForm = !entry.topicForms || entry.topicForms.has(form);
  // a cat called Pussy is written as a name
  if (entry.topic && topicAllowed && topicForm && (!entry.topicCapital || isCapitalised(written)) && near(entry.topic)) return true;
  for (const t of entry.withTopic ?? []) {
    // after the term the topic must follow at once ("a prick of the needle"); before it, anywhere near
    const close = t.after && next && t.after.has(next)
      ? words.slice(at + 2, at + 5).some((w) => t.topic.has(w.w.toLowerCase().replace(/'s$/, '')))
      : prev !== undefined && t.before?.has(prev) === true && near(t.topic);
    if (close) return true;
  }
  return entry.imperative === true && (at === 0 || IMPERATIVE_AFTER.has(prev ?? '')) && IMPERATIVE_OBJECTS.has(next ?? '');
}

/** A capitalised given name or surname beside another name: Dick Francis, Alan Cumming, Greg Dyke. */
function excusedAsName(c: Context): boolean {
  const { entry, written, sentence, words, at, self, prevWord } = c;
  if (!entry.name || !isCapitalised(written)) return false;
  const capsShare = words.filter((w) => isCapitalised(w.w)).length / words.length;
  if (capsShare > 0.6) return false; // Title Case Throughout gives no evidence about names
  const nextW = words[at + 1]?.w;
  const nameLike = (w: string | undefined): w is string => !!w && isCapitalised(w) && !NOT_NAME.has(w.toLowerCase());
  const before = words[at - 1];
  const after = words[at + 1];
  const twoBefore = words[at - 2]?.w;
  const spaced = (a: Word, b: Word) => /^ *["'“”‘’]? *$/.test(sentence.slice(a.end, b.start));
  // a word slipped between a first name and a surname ("Boris Dick Johnson", Keir "Dick" Starmer) is not a name,
  // nor one after two names ("Megan Rapinoe Dyke of the year")
  if (nameLike(prevWord) && !TITLE.test(prevWord) && nameLike(nextW) && before && after && spaced(before, self) && spaced(self, after)) return false;
  if (nameLike(prevWord) && !/'s$/.test(prevWord) && nameLike(twoBefore) && !TITLE.test(twoBefore) && before && spaced(before, self)) return false;
  if (nameLike(nextW) && nextW !== 'I') return true;
  if (prevWord !== undefined && TITLE.test(prevWord) && before && spaced(before, self)) return true; // "my uncle Dick", "Mr Dick"
  if (nameLike(prevWord) && at - 1 > 0) return true; // a capitalised word that is not just the first of the sentence
  return at - 1 === 0 && nameLike(prevWord); // "Greg Dyke resigned"
}
