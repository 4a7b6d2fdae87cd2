/**
 * The word knowledge behind the evidence step, read from versioned data files
 * (`src/moderation/data/groups.json`, `cues.json`), checked when loaded, and
 * compiled into phrase tables. A site adds its own words through the
 * moderation settings (`evidence.extra*`), merged here.
 */
import { GRAMMAR as G } from './grammar';
import { makeSpeller, type Speller } from './speller';
import { wordFile } from './word-files';
import verbExceptions from 'wink-eng-lite-web-model/dist/wn-verb-exceptions.js';
import nounExceptions from 'wink-eng-lite-web-model/dist/wn-noun-exceptions.js';
import adjectiveExceptions from 'wink-eng-lite-web-model/dist/wn-adjective-exceptions.js';
import groupsFile from '../data/groups.json';
import cuesFile from '../data/cues.json';

/** Cue kinds that come from word lists; `profanity` and `model` come from the other phases. */
export type WordCueKind = 'slur' | 'homonym' | 'insult' | 'dehumanise' | 'derogate' | 'hate' | 'threat' | 'exclusion';

export interface SlurSense {
  name: string;
  /** words (or phrases) near the slur that show this sense */
  near?: string[];
  /** the sense is a proper name: only written with a capital */
  capital?: boolean;
}

export interface Slur {
  form: string;
  group: string;
  senses: SlurSense[];
}

export interface GroupEntry {
  id: string;
  label: string;
  forms: string[];
  /** words that name the group only before a noun for people: "Black players", "female doctors" */
  beforePeople?: string[];
  /** what names the group by its festivals, places or food ("Ramadan", "kosher"): a mention, never a name the model reads */
  evokedBy?: string[];
  slurs?: Array<{ form: string; senses?: SlurSense[] }>;
}

export interface LexiconData {
  groups: GroupEntry[];
  others: string[];
  persons: string[];
  /** past tenses and participles that are not the stem plus -ed */
  irregular: Record<string, string[]>;
  cues: Record<
    'insult' | 'strongInsult' | 'dehumanise' | 'derogate' | 'praise' | 'hate' | 'violence' | 'threatPhrase' | 'survival' | 'wish' | 'wishedHarm' | 'exclusion' | 'modal' | 'negator' | 'report' | 'condemn' | 'endorse' | 'glorify' | 'secondPerson' | 'thirdPerson' | 'groupPronoun' | 'personNounsAfterGroup' | 'negatorNot' | 'challenge' | 'insinuation' | 'nameParticles' | 'idiom',
    string[]
  >;
}

/** Site additions from the settings page. */
export interface LexiconExtras {
  groups?: readonly string[];
  slurs?: readonly string[];
  insults?: readonly string[];
}

/** A phrase table: first word → phrases starting with it (as word arrays); `*` entries match by prefix. */
export interface PhraseTable<T = string> {
  byFirst: Map<string, Array<{ words: string[]; value: T }>>;
  prefixes: Array<{ prefix: string; rest: string[]; value: T }>;
  /** every prefix in one set, so a word that starts none of them costs one walk of its first letters */
  prefixSet: PrefixSet | null;
}

export interface Lexicon {
  groups: PhraseTable<string>;
  /** words that name a group only before a noun for people */
  groupsBeforePeople: PhraseTable<string>;
  groupLabels: Map<string, string>;
  slurs: PhraseTable<Slur>;
  others: PhraseTable;
  persons: Set<string>;
  /** nouns that name a person (WordNet's noun.person): whom a cue may be aimed at */
  personNouns: Set<string>;
  cue: Record<Exclude<WordCueKind, 'slur' | 'homonym'> | 'praise' | 'report' | 'condemn' | 'endorse' | 'glorify' | 'modal' | 'groupPronoun' | 'threatPhrase' | 'survival' | 'wishedHarm' | 'idiom' | 'insinuation', PhraseTable>;
  strongInsult: PhraseTable;
  negators: Set<string>;
  /** "hope", "wish": what the speaker wishes on someone */
  wishes: Set<string>;
  /** "nothing but", "no better than": a negator that does not negate */
  negatorNot: PhraseTable;
  /** "name one …", "has anyone ever met a … who": asking for one example denies there is any */
  challenge: PhraseTable;
  /** every word that names a group, for the cheap test of negated praise ("no X has ever …") */
  groupWords: PhraseTable<string>;
  secondPerson: Set<string>;
  thirdPerson: Set<string>;
  personNounsAfterGroup: Set<string>;
  /** van, de, Mac: small words inside names ("Dick Van Dyke") */
  nameParticles: Set<string>;
  /** every word that can start a cue but violence: a comment with none of them needs no analysis */
  triggers: PhraseTable;
  /** every word that can start a threat: evidence only where the sentence names someone it is for */
  violenceTriggers: PhraseTable;
  /** every word that names someone: groups, people in general, pronouns and person nouns */
  whoWords: Set<string>;
  /** the first words of every word cue, so a token that starts none of them is passed over at once */
  cueStarts: PhraseTable<unknown>;
  /** every word cue, for the cheap test of whether one can be whole in a sentence */
  cueNeeds: PhraseNeeds;
  /** what wished harm and a word of wishing need, each: wink reads a sentence for harm only where both may be */
  harmNeeds: PhraseNeeds;
  wishNeeds: PhraseNeeds;
  /** praise, for the same test of negated praise ("no X has ever been a good father") */
  praiseNeeds: PhraseNeeds;
  /** a challenge ("name one …"), for the same test */
  challengeNeeds: PhraseNeeds;
  /** an insinuation ("just saying", "funny how …"), for the same test */
  insinuationNeeds: PhraseNeeds;
  /** words that condemn or endorse what is said, for the same test */
  condemnNeeds: PhraseNeeds;
  endorseNeeds: PhraseNeeds;
  /** reads a misspelt word of the cues or groups as that word */
  speller: Speller;
}

const CUE_KEYS = [
  'insult', 'strongInsult', 'dehumanise', 'derogate', 'praise', 'hate', 'violence', 'threatPhrase', 'survival', 'wish', 'wishedHarm', 'exclusion', 'modal', 'negator', 'report', 'condemn',
  'endorse', 'glorify', 'secondPerson', 'thirdPerson', 'groupPronoun', 'personNounsAfterGroup', 'negatorNot', 'challenge', 'insinuation', 'nameParticles', 'idiom',
] as const;

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((w) => typeof w === 'string' && w.trim() === w && w.length > 0 && w.length <= 100);

/** Checks the shape of the data files; throws with the path of the first problem. */
export function validateLexiconData(groups: unknown, cues: unknown): LexiconData {
  // typed on the name, so that TypeScript narrows after each call
  const fail: (path: string, why: string) => never = (path, why) => {
    throw new Error(`moderation data: ${path} ${why}`);
  };
  const g = groups as { version?: unknown; groups?: unknown; others?: { forms?: unknown }; persons?: { forms?: unknown } };
  if (g?.version !== 1) fail('groups.version', 'must be 1');
  if (!Array.isArray(g.groups) || g.groups.length === 0) fail('groups.groups', 'must be a non-empty list');
  const seen = new Set<string>();
  (g.groups as unknown[]).forEach((raw, i) => {
    const e = raw as Partial<GroupEntry>;
    if (typeof e.id !== 'string' || !/^[a-z-]+$/.test(e.id)) fail(`groups.groups[${i}].id`, 'must be a lower-case id');
    if (seen.has(e.id)) fail(`groups.groups[${i}].id`, 'is repeated');
    seen.add(e.id);
    if (typeof e.label !== 'string') fail(`groups.groups[${i}].label`, 'must be text');
    if (!isStringList(e.forms)) fail(`groups.groups[${i}].forms`, 'must be a list of words');
    if (e.beforePeople !== undefined && !isStringList(e.beforePeople)) fail(`groups.groups[${i}].beforePeople`, 'must be a list of words');
    if (e.evokedBy !== undefined && !isStringList(e.evokedBy)) fail(`groups.groups[${i}].evokedBy`, 'must be a list of words');
    (e.slurs ?? []).forEach((s, k) => {
      if (typeof s.form !== 'string' || !s.form) fail(`groups.groups[${i}].slurs[${k}].form`, 'must be a word');
      (s.senses ?? []).forEach((sense, m) => {
        if (typeof sense.name !== 'string') fail(`groups.groups[${i}].slurs[${k}].senses[${m}].name`, 'must be text');
        if (sense.near !== undefined && !isStringList(sense.near)) fail(`groups.groups[${i}].slurs[${k}].senses[${m}].near`, 'must be a list of words');
      });
    });
  });
  if (!isStringList(g.others?.forms)) fail('groups.others.forms', 'must be a list of words');
  if (!isStringList(g.persons?.forms)) fail('groups.persons.forms', 'must be a list of words');
  const c = cues as Record<string, unknown>;
  if (c?.version !== 1) fail('cues.version', 'must be 1');
  for (const k of CUE_KEYS) if (!isStringList(c[k])) fail(`cues.${k}`, 'must be a list of words');
  const irregular = c.irregular as Record<string, unknown> | undefined;
  if (!irregular || typeof irregular !== 'object') fail('cues.irregular', 'must map verbs to their irregular forms');
  for (const [verb, forms] of Object.entries(irregular)) if (!Array.isArray(forms) || !forms.every((f) => typeof f === 'string')) fail(`cues.irregular.${verb}`, 'must be a list of words');
  return {
    irregular: irregular as Record<string, string[]>,
    groups: g.groups as GroupEntry[],
    others: g.others.forms,
    persons: g.persons.forms,
    cues: Object.fromEntries(CUE_KEYS.map((k) => [k, c[k] as string[]])) as LexiconData['cues'],
  };
}

const NEGATED_MODAL: Record<string, string> = { ca: 'can', wo: 'will', sha: 'shall' };

/**
 * Lower-case words of a phrase as wink-nlp splits text: "can't" → can n't (wink's "ca" has the lemma "can"),
 * "they're" → they 're; "money-grabbing" → money grabbing (matching steps over hyphens, so it also finds
 * "money grabbing").
 */
export function phraseWords(phrase: string): string[] {
  const out: string[] = [];
  for (const word of phrase.toLowerCase().replace(/’/g, "'").split(/\s+/).filter(Boolean)) {
    const parts = word.split('-').filter(Boolean);
    for (const part of parts) {
      const negated = /^(.+)n't$/.exec(part)?.[1];
      const [, host, clitic] = /^(.+?)('(?:re|ll|ve|d|s|m))$/.exec(part) ?? [];
      if (negated !== undefined) out.push(NEGATED_MODAL[negated] ?? negated, "n't");
      else if (host !== undefined && clitic !== undefined) out.push(host, clitic);
      else out.push(part);
    }
  }
  return out;
}

/** A set of prefixes that tells whether a word starts with any of them, walking the word's letters once. */
export class PrefixSet {
  private readonly root = new PrefixNode();
  constructor(prefixes: Iterable<string>) {
    for (const p of prefixes) {
      let node = this.root;
      for (let i = 0; i < p.length; i++) node = node.childOrNew(p.charCodeAt(i));
      node.end = true;
    }
  }

  /** `w` starts with one of the prefixes. */
  test(w: string): boolean {
    let node: PrefixNode | undefined = this.root;
    for (let i = 0; i < w.length; i++) {
      node = node.child(w.charCodeAt(i));
      if (!node) return false;
      if (node.end) return true;
    }
    return false;
  }
}

/** One letter of a prefix: its children by character code, in an array for ASCII (most words) and a map for the rest. */
class PrefixNode {
  end = false;
  private readonly ascii: Array<PrefixNode | undefined> = new Array<PrefixNode | undefined>(128).fill(undefined);
  private other: Map<number, PrefixNode> | null = null;

  child(c: number): PrefixNode | undefined {
    return c < 128 ? this.ascii[c] : this.other?.get(c);
  }

  childOrNew(c: number): PrefixNode {
    let node = this.child(c);
    if (!node) {
      node = new PrefixNode();
      if (c < 128) this.ascii[c] = node;
      else (this.other ??= new Map()).set(c, node);
    }
    return node;
  }
}

/** Every prefix in one set, or null when there are none. */
function prefixSetOf(prefixes: ReadonlyArray<{ prefix: string }>): PrefixSet | null {
  return prefixes.length ? new PrefixSet(prefixes.map((p) => p.prefix)) : null;
}

/** One table that starts wherever any of `tables` does (for the quick test of a token; its values mean nothing). */
function union(tables: ReadonlyArray<PhraseTable<unknown>>): PhraseTable<unknown> {
  const t: PhraseTable<unknown> = { byFirst: new Map(), prefixes: [], prefixSet: null };
  for (const u of tables) {
    for (const [first, list] of u.byFirst) t.byFirst.set(first, [...(t.byFirst.get(first) ?? []), ...list]);
    t.prefixes.push(...u.prefixes);
  }
  t.prefixSet = prefixSetOf(t.prefixes);
  return t;
}

function table<T>(entries: Iterable<[string, T]>): PhraseTable<T> {
  const t: PhraseTable<T> = { byFirst: new Map(), prefixes: [], prefixSet: null };
  for (const [phrase, value] of entries) {
    const words = phraseWords(phrase);
    const first = words[0];
    if (first === undefined) continue;
    if (first.endsWith('*') && first.length > 2) {
      t.prefixes.push({ prefix: first.slice(0, -1), rest: words.slice(1), value });
      continue;
    }
    const list = t.byFirst.get(first) ?? [];
    list.push({ words, value });
    t.byFirst.set(first, list);
  }
  t.prefixSet = prefixSetOf(t.prefixes);
  return t;
}

/**
 * The regular inflections of a word or of a phrase's first word (kill → kills, killed, killing; die → dies,
 * died, dying), for the cheap test that decides whether a comment needs the analysis at all. Irregular forms
 * (shot, hung, beaten) are listed in the data.
 */
export function inflections(phrase: string, irregular: Readonly<Record<string, readonly string[]>> = {}): string[] {
  const [w = '', ...rest] = phrase.split(' ');
  const tail = rest.length ? ' ' + rest.join(' ') : '';
  if (w.endsWith('*') || w.length < 3) return [phrase, ...(irregular[w] ?? []).map((f) => f + tail)];
  const stem = w.endsWith('e') ? w.slice(0, -1) : w;
  const doubled = /[^aeiou][aeiou][bdgklmnprt]$/.test(w) ? w + w[w.length - 1] : w;
  const forms = new Set([w, w + 's', w + 'es', stem + 'ed', doubled + 'ed', stem + 'ing', doubled + 'ing', w + 'd']);
  if (w.endsWith('y')) for (const e of ['ies', 'ied']) forms.add(w.slice(0, -1) + e);
  if (w.endsWith('ie')) forms.add(w.slice(0, -2) + 'ying');
  for (const f of irregular[w] ?? []) forms.add(f);
  return [...forms].map((f) => f + tail);
}

/** Words too common to decide whether a text needs reading: a phrase is keyed by another of its words. */
const COMMON = new Set(
  'the a an with of in on to for at by from and or your you his her their them they this that which who be is are was were it its out up down off back into all every one no not so like as what get got going gonna will should can must need make made put take send go come coming find keep let time only good real where when just nothing something'.split(' '),
);

/**
 * The words that must be in a text for `phrase` to match it, for the cheap test: the phrase's longest word
 * ("put a bullet" → bullet, not "put"; "the gallows" → gallows), with its inflections and comparison when it is the first word.
 */
function triggerKeys(phrase: string, irregular: Readonly<Record<string, readonly string[]>>): string[] {
  const words = phrase.split(' ');
  const weight = (w: string) => (COMMON.has(w) ? 0 : w.replace('*', '').length);
  let key = 0;
  let word = words[0] ?? '';
  words.forEach((w, k) => {
    if (weight(w) > weight(word)) {
      key = k;
      word = w;
    }
  });
  if (word.endsWith('*')) return [word];
  return key === 0 ? [...inflections(word, irregular), ...comparison(word)] : [word, ...inflections(word, irregular).slice(1)];
}

/** An adjective's comparison ("dirtier", "filthiest", "vilest"): the tagger's lemma is the listed word. */
function comparison(w: string): string[] {
  if (w.length < 3) return [];
  if (w.endsWith('y')) return [w.slice(0, -1) + 'ier', w.slice(0, -1) + 'iest'];
  const stem = w.endsWith('e') ? w.slice(0, -1) : w;
  return [stem + 'er', stem + 'est'];
}

const self = (list: readonly string[]) => list.map((w) => [w, w] as [string, string]);
/** Verbs in every inflection, for words the tagger does not read back to their lemma ("exterminated" as an adjective). */
const inflected = (list: readonly string[], irregular: Readonly<Record<string, readonly string[]>>) =>
  list.flatMap((w) => inflections(w, irregular).map((f) => [f, w] as [string, string]));

/**
 * Closed-class words: pronouns, determiners, prepositions, auxiliaries and particles. wink reads them from
 * spellings unlike their own ("da" → the, "y" → you, "wo" → will, "was" → be), so the cheap test of a phrase
 * requires one only where the phrase has no other word.
 */
const FUNCTION_WORDS = new Set(
  'a an the this that these those some any all every each no not never none one i me my we us our you your yours he him his she her hers it its they them their theirs who whom whose what which where when why how be is are was were am been being have has had do does did will would shall should can could may might must ought in on at to for of with by from into onto about over under through against up down out off back away around as so than then there here and or but if'.split(' '),
);

/** One word of a phrase as the cheap test looks for it: any of its forms (by the id of the word in a `NeedIndex`), or a word starting with its prefix. */
type WordNeed = { id: number } | { prefix: string };

/** The words the phrases of a lexicon require, each with an id, and the ids each written form may stand for. */
export interface NeedIndex {
  idOf: Map<string, number>;
  idsByForm: Map<string, number[]>;
}

/**
 * Phrases as the cheap test reads them: each as the words a sentence must hold (in some form) before the
 * phrase can match there. Indexed by the id of each phrase's first required word.
 */
export interface PhraseNeeds {
  index: NeedIndex;
  byFirst: Map<number, Array<readonly WordNeed[]>>;
  byPrefix: Array<{ prefix: string; needs: readonly WordNeed[] }>;
  /** every prefix of `byPrefix` in one set, so a word that starts none of them costs one walk of its first letters */
  prefixSet: PrefixSet | null;
  /** a phrase with no word to look for ("100%"), which any sentence may hold */
  always: boolean;
}

/**
 * The words of one sentence for the cheap test, and, when first asked, the ids of the phrase words they hold in
 * some form — so a test of every phrase table costs one look-up per word, once. A bag may extend another with
 * more words (the loose words of a sentence beyond its quick ones), and then looks up only those.
 */
export class WordBag {
  readonly words: readonly string[];
  private held: Set<number> | null = null;
  private heldFor: NeedIndex | null = null;
  constructor(
    private readonly own: readonly string[],
    private readonly base: WordBag | null = null,
  ) {
    this.words = base ? [...base.words, ...own] : own;
  }

  heldNeeds(index: NeedIndex): ReadonlySet<number> {
    if (this.held && this.heldFor === index) return this.held;
    const held = new Set<number>(this.base?.heldNeeds(index));
    for (const w of this.own) {
      const ids = index.idsByForm.get(w);
      if (ids) for (const id of ids) held.add(id);
    }
    this.held = held;
    this.heldFor = index;
    return held;
  }
}

let winkIrregular: Map<string, string[]> | null = null;

/** The irregular forms wink's lemmatiser reads as `lemma` (paid → pay, lay → lie, children → child). */
function winkIrregularForms(lemma: string): readonly string[] {
  if (!winkIrregular) {
    const byLemma = new Map<string, string[]>();
    for (const table of [verbExceptions, nounExceptions, adjectiveExceptions]) {
      for (const [form, l] of Object.entries(table)) {
        const forms = byLemma.get(l);
        if (forms) forms.push(form);
        else byLemma.set(l, [form]);
      }
    }
    winkIrregular = byLemma;
  }
  return winkIrregular.get(lemma) ?? [];
}

/**
 * The forms in which a word of a phrase may be written where wink reads it as that word (as written or as its
 * lemma): its regular endings (-s, -ed, -ing or -in, -er, -est, doubled or not), plurals in -ves and -men, and
 * the irregular forms of the data and of wink's lemmatiser.
 */
function wordForms(w: string, irregular: Readonly<Record<string, readonly string[]>>): Set<string> {
  const stem = w.endsWith('y') ? w.slice(0, -1) + 'i' : w.endsWith('e') ? w.slice(0, -1) : w;
  // the stem too: wink reads "san" as sane
  const forms = new Set([stem, ...inflections(w, irregular), ...(irregular[w] ?? []), ...winkIrregularForms(w)]);
  const doubled = w + w.slice(-1);
  for (const end of ['s', 'es', 'd', 'ed', 'ing', 'r', 'er', 'st', 'est']) for (const base of [w, stem, doubled]) forms.add(base + end);
  forms.add(w.replace(/fe?$/, 'ves'));
  forms.add(w.replace(/man$/, 'men'));
  // "goin", which wink reads as going
  for (const f of [...forms]) if (f.endsWith('ing')) forms.add(f.slice(0, -1));
  return forms;
}

/** The id of phrase word `w`, its forms indexed when first seen. */
function needId(index: NeedIndex, w: string, irregular: Readonly<Record<string, readonly string[]>>): number {
  let id = index.idOf.get(w);
  if (id === undefined) {
    id = index.idOf.size;
    index.idOf.set(w, id);
    for (const f of wordForms(w, irregular)) {
      const ids = index.idsByForm.get(f);
      if (ids) ids.push(id);
      else index.idsByForm.set(f, [id]);
    }
  }
  return id;
}

function phraseNeeds(index: NeedIndex, phrases: readonly string[], irregular: Readonly<Record<string, readonly string[]>>): PhraseNeeds {
  const out: PhraseNeeds = { index, byFirst: new Map(), byPrefix: [], prefixSet: null, always: false };
  for (const phrase of phrases) {
    // clitics ("'re", "n't") and words with signs in them ("100%") are not required, nor function words
    // beside a word of content; a phrase of function words alone ("out", "not in our") needs them all
    const words = phraseWords(phrase).filter((w) => /^[a-z]+\*?$/.test(w));
    const content = words.filter((w) => !FUNCTION_WORDS.has(w));
    const needs: WordNeed[] = (content.length ? content : words).map((w) => (w.endsWith('*') ? { prefix: w.slice(0, -1) } : { id: needId(index, w, irregular) }));
    const first = needs[0];
    if (!first) out.always = true;
    else if ('prefix' in first) out.byPrefix.push({ prefix: first.prefix, needs });
    else {
      const list = out.byFirst.get(first.id);
      if (list) list.push(needs);
      else out.byFirst.set(first.id, [needs]);
    }
  }
  out.prefixSet = prefixSetOf(out.byPrefix);
  return out;
}

const holds = (need: WordNeed, bag: WordBag, held: ReadonlySet<number>): boolean =>
  'prefix' in need ? bag.words.some((w) => w.startsWith(need.prefix)) : held.has(need.id);

/** Every word of `needs` from `from` on is there in some form. */
function holdsFrom(needs: readonly WordNeed[], from: number, bag: WordBag, held: ReadonlySet<number>): boolean {
  for (let k = from; k < needs.length; k++) {
    const need = needs[k];
    if (need && !holds(need, bag, held)) return false;
  }
  return true;
}

/**
 * One of the phrases may match in a sentence of these words (the cheap words of the evidence step): every
 * word the phrase requires is there in some form. A necessary condition, not a match. (Plain loops: it runs
 * for every sentence and phrase table, and callbacks would be allocated each time.)
 */
export function mayMatch(needs: PhraseNeeds, bag: WordBag): boolean {
  if (needs.always) return true;
  const held = bag.heldNeeds(needs.index);
  for (const id of held) {
    const list = needs.byFirst.get(id);
    // the phrase's first word is there: only the others need looking for
    if (list) for (const n of list) if (holdsFrom(n, 1, bag, held)) return true;
  }
  const prefixSet = needs.prefixSet;
  if (!prefixSet) return false;
  let any = false;
  for (const w of bag.words) if ((any = prefixSet.test(w))) break;
  if (!any) return false;
  return needs.byPrefix.some((p) => bag.words.some((w) => w.startsWith(p.prefix)) && holdsFrom(p.needs, 0, bag, held));
}

export function compileLexicon(data: LexiconData, extras: LexiconExtras = {}): Lexicon {
  const groupForms: Array<[string, string]> = [];
  const beforePeople: Array<[string, string]> = [];
  const slurs: Array<[string, Slur]> = [];
  const groupLabels = new Map<string, string>();
  for (const g of data.groups) {
    groupLabels.set(g.id, g.label);
    for (const f of [...g.forms, ...(g.evokedBy ?? [])]) groupForms.push([f, g.id]);
    for (const f of g.beforePeople ?? []) beforePeople.push([f, g.id]);
    for (const s of g.slurs ?? []) slurs.push([s.form, { form: s.form, group: g.id, senses: s.senses ?? [] }]);
  }
  groupLabels.set('site', 'a group the site protects');
  for (const f of extras.groups ?? []) groupForms.push([f.toLowerCase(), 'site']);
  for (const f of extras.slurs ?? []) slurs.push([f.toLowerCase(), { form: f.toLowerCase(), group: 'site', senses: [] }]);
  // a one-word slur listed without its plural is said in the plural too ("piky", "Pikys"): the tagger has no lemma
  // for a word it does not know
  const listed = new Set(slurs.map(([f]) => f));
  for (const [f, slur] of [...slurs]) {
    const plural = /(?:s|x|z|ch|sh)$/.test(f) ? f + 'es' : f + 's';
    if (/^[a-z]+$/.test(f) && !listed.has(plural)) slurs.push([plural, slur]);
  }
  const c = data.cues;
  const insult = [...c.insult, ...(extras.insults ?? []).map((w) => w.toLowerCase())];
  const hateForms = inflected(c.hate, data.irregular);
  const violenceForms = inflected(c.violence, data.irregular);
  const exclusionForms = inflected(c.exclusion, data.irregular);
  const cue = {
    insult: table(self(insult)),
    dehumanise: table(self(c.dehumanise)),
    derogate: table(self(c.derogate)),
    hate: table(hateForms),
    threat: table(violenceForms),
    threatPhrase: table(self(c.threatPhrase)),
    survival: table(self(c.survival)),
    wishedHarm: table(self(c.wishedHarm)),
    exclusion: table(exclusionForms),
    praise: table(self(c.praise)),
    report: table(self(c.report)),
    condemn: table(self(c.condemn)),
    endorse: table(self(c.endorse)),
    glorify: table(self(c.glorify)),
    modal: table(self(c.modal)),
    groupPronoun: table(self(c.groupPronoun)),
    idiom: table(self(c.idiom)),
    insinuation: table(self(c.insinuation)),
  };
  const triggerWords = [...slurs.map(([f]) => f), ...insult, ...c.dehumanise, ...c.derogate, ...c.hate, ...c.exclusion].flatMap((w) => triggerKeys(w, data.irregular));
  const violenceWords = [...c.violence, ...c.threatPhrase, ...c.survival, ...c.wishedHarm].flatMap((w) => triggerKeys(w, data.irregular));
  const whoWords = new Set([...groupForms.map(([f]) => f), ...data.others, ...c.groupPronoun, ...data.persons, ...c.secondPerson, ...c.thirdPerson].flatMap(phraseWords));
  const slurTable = table(slurs);
  const cueWords = [...groupForms.map(([f]) => f), ...slurs.map(([f]) => f), ...insult, ...c.strongInsult, ...c.dehumanise, ...c.derogate, ...c.hate, ...c.violence, ...c.threatPhrase, ...c.exclusion];
  // (a group's names are one family: "mslms" is Muslims whether it drops the vowels of "muslims" or "moslems")
  const family = new Map(groupForms.flatMap(([f, id]) => inflections(f, data.irregular).map((w) => [w, id] as const)));
  const speller = makeSpeller(cueWords.flatMap(phraseWords).filter((w) => w !== '_').flatMap((w) => inflections(w.replace(/\*$/, ''), data.irregular)), { family });
  // one index of phrase words for every table of phrases, so a sentence's words are looked up once for all
  const needs: NeedIndex = { idOf: new Map(), idsByForm: new Map() };
  return {
    groups: table(groupForms),
    groupsBeforePeople: table(beforePeople),
    groupLabels,
    slurs: slurTable,
    others: table(self(data.others)),
    persons: new Set(data.persons),
    personNouns: wordFile('person-nouns.txt', 1000),
    cue,
    strongInsult: table(self(c.strongInsult)),
    negators: new Set(c.negator),
    wishes: new Set(c.wish),
    negatorNot: table(self(c.negatorNot)),
    challenge: table(self(c.challenge)),
    groupWords: table(groupForms),
    secondPerson: new Set(c.secondPerson),
    thirdPerson: new Set(c.thirdPerson),
    personNounsAfterGroup: new Set(c.personNounsAfterGroup),
    nameParticles: new Set(c.nameParticles),
    triggers: table(self(triggerWords)),
    violenceTriggers: table(self(violenceWords)),
    whoWords,
    speller,
    cueStarts: union([slurTable, cue.insult, cue.dehumanise, cue.derogate, cue.hate, cue.threat, cue.threatPhrase, cue.survival, cue.wishedHarm, cue.exclusion]),
    // the tables of verbs hold every inflection ("killing"), and wink may read a further form as one ("killings")
    cueNeeds: phraseNeeds(
      needs,
      [...slurs.map(([f]) => f), ...insult, ...c.dehumanise, ...c.derogate, ...[...hateForms, ...exclusionForms, ...violenceForms].map(([form]) => form), ...c.threatPhrase, ...c.survival],
      data.irregular,
    ),
    harmNeeds: phraseNeeds(needs, c.wishedHarm, data.irregular),
    wishNeeds: phraseNeeds(needs, c.wish, data.irregular),
    praiseNeeds: phraseNeeds(needs, c.praise, data.irregular),
    challengeNeeds: phraseNeeds(needs, c.challenge, data.irregular),
    insinuationNeeds: phraseNeeds(needs, c.insinuation, data.irregular),
    condemnNeeds: phraseNeeds(needs, c.condemn, data.irregular),
    endorseNeeds: phraseNeeds(needs, c.endorse, data.irregular),
  };
}

let checkedData: LexiconData | null = null;

/** The data files, checked once. */
function lexiconData(): LexiconData {
  return (checkedData ??= validateLexiconData(groupsFile, cuesFile));
}

/**
 * The words that name identity groups in the data files ("muslims", "asylum", "seekers", "trans"), without the
 * nouns for people that follow a group word ("people", "men"): what the abuse model leaves out, so that a group's
 * name alone cannot move its score; whom a comment is about is the evidence step's business.
 */
export function groupNameWords(): string[] {
  const data = lexiconData();
  const generic = new Set([...data.cues.personNounsAfterGroup, 'the', 'of', 'with', 'from', 'and']);
  const words = new Set<string>();
  for (const g of data.groups) {
    for (const form of [...g.forms, ...(g.beforePeople ?? [])]) {
      const parts = form.split(' ');
      for (const w of parts) if (parts.length === 1 || !generic.has(w)) words.add(w);
    }
  }
  return [...words];
}

let builtIn: Lexicon | null = null;
const withExtras = new Map<string, Lexicon>();

/** The lexicon of the data files, plus a site's additions (compiled once per distinct set). */
export function getLexicon(extras?: LexiconExtras): Lexicon {
  builtIn ??= compileLexicon(lexiconData());
  if (!extras || (!extras.groups?.length && !extras.slurs?.length && !extras.insults?.length)) return builtIn;
  const key = JSON.stringify([extras.groups ?? [], extras.slurs ?? [], extras.insults ?? []]);
  let lex = withExtras.get(key);
  if (!lex) {
    if (withExtras.size > 16) withExtras.clear();
    lex = compileLexicon(lexiconData(), extras);
    withExtras.set(key, lex);
  }
  return lex;
}

/**
 * The longest phrase of `t` that starts at word `i` of `words` (each word given in one or more forms, e.g.
 * as written and as lemma). Returns the number of words matched and the entry's value.
 */
export function matchAt<T>(t: PhraseTable<T>, words: ReadonlyArray<readonly string[]>, i: number): { len: number; value: T } | null {
  let best: { len: number; value: T } | null = null;
  const forms = words[i];
  if (!forms) return null;
  for (const f of forms) {
    const entries = t.byFirst.get(f);
    if (!entries) continue;
    for (const e of entries) {
      const len = restLength(e.words, 1, words, i + 1);
      if (len >= 0 && (!best || len + 1 > best.len)) best = { len: len + 1, value: e.value };
    }
  }
  const prefixSet = t.prefixSet;
  if (prefixSet && forms.some((f) => prefixSet.test(f))) {
    for (const p of t.prefixes) {
      if (!forms.some((f) => f.startsWith(p.prefix))) continue;
      const len = restLength(p.rest, 0, words, i + 1);
      if (len >= 0 && (!best || len + 1 > best.len)) best = { len: len + 1, value: p.value };
    }
  }
  return best;
}

/** How many words the slot `_` of a phrase may take: someone, named in a few words ("that councillor's"). */
const SLOT_REACH = 5;

/**
 * How many tokens from `j` on spell `want[from..]` (hyphens and intensifiers stepped over; `word*` matches by prefix; `_` takes
 * one to SLOT_REACH words, no sign among them but a possessive: "break _ legs"), or -1.
 */
function restLength(want: readonly string[], from: number, words: ReadonlyArray<readonly string[]>, j: number): number {
  const start = j;
  for (let k = from; k < want.length; k++) {
    while (words[j]?.[0] === '-') j++;
    const wanted = want[k];
    // ("fill me with absolute revulsion", "a complete waste of space": an intensifier inside a phrase changes nothing)
    for (let forms = words[j]; forms && wanted !== undefined && G.intensifiers.has(forms[0] ?? '') && !forms.includes(wanted); forms = words[j]) j++;
    const w = words[j];
    if (wanted === '_') {
      for (let n = 1; n <= SLOT_REACH && /^(?:\p{L}|'s$)/u.test(words[j + n - 1]?.[0] ?? ''); n++) {
        const rest = restLength(want, k + 1, words, j + n);
        if (rest >= 0) return j + n + rest - start;
      }
      return -1;
    }
    if (!w || wanted === undefined || !(wanted.endsWith('*') ? w.some((f) => f.startsWith(wanted.slice(0, -1))) : w.includes(wanted))) return -1;
    j++;
  }
  return j - start;
}
