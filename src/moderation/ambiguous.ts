/**
 * Words on obscenity's English list that are also ordinary English in some
 * contexts: a blue tit, the wild ass, a dyke along the Fens, the prick of a
 * needle, magna cum laude, Dick Whittington. A hit on one of these words is
 * dropped when, and only when:
 *
 *  - it is written plainly (letters as in the table, no leetspeak, spacing,
 *    masking or stretched letters, and no invisible characters or mixed
 *    scripts anywhere in the sentence: a disguise is itself a sign of
 *    intent), and no sexual word is in the sentence (NEVER_INNOCENT);
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
 * The table is general English, not Parley's fixtures: collocations and
 * idioms from ordinary dictionaries (bird names, equids, geology, dog
 * breeding, Latin honours, plant and tool names, historians' and clinicians'
 * terms). Compound slang stays profanity ("dickhead", "asshole": not in the
 * table's word forms), and so do "cock-up" and "piss-up" (vulgar slang in
 * British dictionaries; piss is on the list and the site does not ignore it)
 * and "a bastard of a job". Slurs keep their force at people: "chinks" is
 * excused only inside its fixed idioms (armour, light, glasses, curtains).
 *
 * Place names that are a profane word themselves (Twatt, Dildo, Wankie; see
 * place-names.ts) are entries too: innocent only capitalised, as a place
 * (after a preposition, before a place word, or opening a description), in
 * a sentence about places.
 */
import { PLACE_HOMOGRAPHS, PLACE_TOPIC, SURNAME_PLACE_HOMOGRAPHS } from './place-names';

export interface AmbiguousHit {
  start: number;
  end: number;
}

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
  /**
   * a slur in its other senses: stricter context (never a predicate, a topic word only close by, never beside violence)
   * and its idioms not excused in a sentence aimed at a people (SLUR_TARGET)
   */
  slur?: boolean;
  /** innocent when followed by "<the|them|it|…>" as a verb at the start of an instruction (prick the sausages) */
  imperative?: boolean;
  /** never innocent unless written with a capital (a proper name) */
  capital?: boolean;
  /**
   * fixed phrases holding the word that have no abusive reading (tit for tat, a chink in the armour):
   * innocent when the hit lies inside one, whatever else the sentence says
   */
  idioms?: readonly RegExp[];
  /** collocations that are innocent only with a topic word in the same sentence (bastard son … King) */
  withTopic?: ReadonlyArray<{ before?: ReadonlySet<string>; after?: ReadonlySet<string>; topic: ReadonlySet<string> }>;
}

const set = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

const BIRD_TOPIC = set(`bird birds birdwatch birdwatchers birdwatching birder birders nest nests nesting nested nestbox chick chicks fledgling fledglings
  feeder feeders plumage songbird songbirds finch finches sparrow sparrows robin robins wren wrens warbler warblers rspb ringed ringing
  reed reedbed reedbeds hedgerow species survey colony colonies woodland reserve seabird seabirds gannet gannets galapagos
  titmouse titmice chickadee chickadees`);

const TABLE: readonly Entry[] = [
  {
    // not "great": "(you) great tit" is the standard British insult, so the great tit needs a bird word nearby
    forms: ['tit'],
    before: set('blue coal marsh willow crested bearded long-tailed penduline sombre varied azure siberian rufous-naped bush'),
    after: set('for'), // tit for tat
    topic: BIRD_TOPIC,
    idioms: [/\btit[\s-]+for[\s-]+tat\b/i, /\btit-bits?\b/i], // Tit-Bits: the old spelling of titbits
  },
  {
    // "bird(s)" and "chick(s)" are also slang for women ("the tits on that bird"), so they do not excuse the plural
    forms: ['tits'],
    before: set('blue coal marsh willow crested bearded long-tailed penduline sombre varied azure siberian rufous-naped bush'),
    topic: new Set([...BIRD_TOPIC].filter((w) => !['bird', 'birds', 'chick', 'chicks', 'reserve', 'species', 'survey', 'colony', 'colonies'].includes(w))),
  },
  {
    forms: ['boobies', 'booby'],
    before: set('blue-footed red-footed brown masked nazca abbott\'s'),
    topic: BIRD_TOPIC,
  },
  {
    forms: ['ass', 'asses', "ass's"],
    before: set('wild domestic feral'),
    withTopic: [{ before: set('somali nubian asiatic african persian syrian indian tibetan'), topic: set('donkey donkeys equid equids equine kiang onager wild') }],
    topic: set(`donkey donkeys mule mules foal foals equid equids equine equines kiang onager onagers burro burros jawbone nativity
      bray brays braying balaam samson ox oxen parable prophet livestock manger breed breeds`),
  },
  {
    forms: ['prick', 'pricks'],
    before: set('pin needle finger skin thorn slight sharp sudden faint brief'),
    after: set('test tests testing injury injuries sensation sensations'),
    // "a prick of/on/in …" only where needles and thorns are about ("the prick on the council" is the insult)
    withTopic: [{
      after: set('of on from in up'),
      topic: set('needle needles pin pins thorn thorns finger fingers skin blood injection injections vaccine jab jabs cactus rose roses bramble brambles sting conscience'),
    }],
    imperative: true,
    // gardeners prick out seedlings (not "vote the prick out")
    idioms: [/\bprick(?:s|ed|ing)? up (?:your|their|his|her|its|my|our|the) ears\b/i, /\bprick(?:s|ed|ing)? out (?:the |some |your |my |our |these |those )?(?:[\p{L}-]+ )?(?:seedlings?|seeds|plants|cuttings|lettuces?|brassicas|tomatoes)\b/iu],
  },
  {
    forms: ['cum'],
    after: set('dividend div'), // "magna/summa cum laude" are whole phrases in BUILTIN_ALLOW
    hyphenated: true,
  },
  {
    forms: ['dick', "dick's", 'dicky', 'dicks'],
    before: set('spotted tricky moby moby-'),
    // British "dicky" = unreliable: a bit dicky, a dicky heart
    idioms: [/\b(?:a bit|rather|feeling|still) dicky\b/i, /\bdicky (?:heart|knee|knees|hip|back|ticker|tummy|stomach|bow)\b/i],
    name: true,
  },
  {
    forms: ['dyke', 'dykes', 'dike', 'dikes', "dyke's"],
    slur: true,
    before: set("offa's devil's van"),
    topic: set(`river rivers flood sea seas drainage fens fen fenland netherlands holland
      embankment embankments levee levees canal canals ditch ditches tide tides tidal coast coastal coastline marsh marshes
      rock rocks volcanic basalt granite igneous dolerite geologist geologists geology geological magma lava intrusion cliff cliffs`),
    name: true,
  },
  {
    forms: ['cock', 'cocks'],
    before: set('weather game turkey moor bantam'), // black cock: with "grouse" after it (a bare "black cock" is porn slang)
    after: set('pheasant pheasants grouse bird birds sparrow robin chicken crow crowing fight fights fighting fighter fighters horse'),
    // a cock is also a tap or valve (stopcock, ballcock, petcock)
    topic: set(`hens pheasant pheasants grouse chickens poultry rooster roosters crowing crowed farmyard lek coop
      valve valves pipework cistern boiler radiator`),
    idioms: [
      /\bcock[\s-]+and[\s-]+bull\b/i,
      /\bcock[\s-]+a[\s-]+(?:hoop|snook)\b/i,
      /\bcock[\s-]?eyed\b/i,
      /\bcocks?'?-foot\b/i, // the grass
      /\bhalf[\s-]cock\b/i, // go off at half cock
      /\bcock o[f'’] the (?:walk|north|rock)\b/i,
      // taps and valves, hyphenated (spaced "stop cock" needs a plumbing word: withTopic)
      /\b(?:stop|ball|bib|drain|pet|feed)-cocks?\b/i,
      // the verb: cock a gun, cock one's head or an eyebrow
      /\bcocks? (?:the|a|an|his|her|its|their|your|one's) (?:head|ears?|eyebrow|eye|leg|hat|trigger|hammer|pistol|gun|rifle|revolver|musket|crossbow|bow)\b/i,
    ],
    withTopic: [{ before: set('stop ball'), topic: set('tap taps valve valves water mains cistern cisterns plumber plumbers plumbing pipe pipes pipework leak leaks boiler') }],
  },
  {
    forms: ['bitch', 'bitches'],
    slur: true,
    before: set('labrador beagle spaniel terrier greyhound collie sheepdog retriever setter pointer whippet lurcher brood'),
    // not "breed", "vet", "season", "stud", "dam" or "spay": each has a sense that fits an insult ("that bitch should be spayed")
    topic: set(`puppy puppies pup pups litter litters whelp whelps whelped whelping breeder breeders sire crufts
      greyhounds labradors spaniels terriers collies whippets lurchers`),
  },
  {
    forms: ['bastard', 'bastards'],
    // tools, swords, scripts, plants and the bird's alula; feudalism in the historians' sense
    after: set('sword swords wing wings feudalism script toadflax balm indigo saffron agrimony cedar teak mahogany'),
    idioms: [/\b(?:a|the) bastard file\b/i, /\b(?:William|Philip|Edmund|Faulconbridge|Falconbridge) the Bastard\b/, /\bthe Bastard of (?:Orl[eé]ans|Burgundy|Bourbon|Savoy|Lorraine|Vendôme)\b/u],
    // "illegitimate" in historical writing: the bastard son of a king
    withTopic: [{
      after: set('son sons daughter daughters child children brother half-brother sister half-sister line offspring issue grandson granddaughter nephew'),
      topic: set(`king kings queen queens duke dukes duchess earl earls count countess lord lords prince princes princess emperor empress pope baron
        marquess marquis knight monarch throne crown royal reign dynasty heir heirs succession illegitimate legitimised legitimized legitimated
        shakespeare lear tudor tudors stuart stuarts plantagenet plantagenets norman normans medieval mediaeval`),
    }],
  },
  {
    forms: ['pussy'],
    // an old pet name for a cat, written as a name (capitalised: see innocentInContext)
    topic: set('cat cats moggy moggie tabby tomcat'),
    idioms: [/\bpussy[\s-]?cats?\b/i, /\bpussy[\s-]?willows?\b/i, /\bpussy[\s-]?foot(?:s|ed|ing|er|ers)?\b/i, /\bPussy Riot\b/],
  },
  {
    forms: ['chink', 'chinks'],
    slur: true,
    idioms: [
      /\bchinks? in (?:[\p{L}'’-]+ ){0,3}armou?r\b/iu,
      /\bchinks? of (?:[\p{L}-]+ )?(?:light|sunlight|daylight|moonlight|lamplight|sky|hope|glasses|glass|coins?|money|china|cutlery|crockery|ice|metal|keys|bottles|cups|teacups|spurs|chains?|harness|steel)\b/iu,
      /\bchinks? (?:in|between|through) (?:(?:the|a|an|its|their|his|her|our|my) )?(?:[\p{L}-]+ )?(?:curtains?|walls?|doors?|fences?|shutters?|blinds?|clouds?|roof|masonry|stonework|brickwork|planks?|boards|floorboards|hedge|rocks?|ceiling|windows?|timbers?|logs|canvas|tent|stones|bricks)\b/iu,
    ],
  },
  {
    // the verb: glasses chinked (the noun forms above can be the slur, so only these get a topic)
    forms: ['chinked', 'chinking'],
    topic: set('glasses glass coins coin cutlery crockery china cups teacups ice bottles keys spurs chains harness toast toasted logs cabin'),
  },
  {
    forms: ['spastic', 'spastics'],
    slur: true,
    after: set(`paraplegia paraparesis diplegia hemiplegia quadriplegia tetraplegia hemiparesis tetraparesis quadriparesis cerebral muscle muscles
      colon bladder dysphonia dysarthria gait hypertonia paralysis ataxia`),
    // the charities' old names (the Spastics Society, now Scope; the Spastic Centre, now the Cerebral Palsy Alliance)
    idioms: [/\bSpastics? (?:Society|Association|Centre|Center|League|Fellowship)\b/],
  },
  {
    // Parley's own list word (profanity.ts); the garden tool
    forms: ['hoe', 'hoes'],
    slur: true,
    before: set('dutch draw push stirrup onion collinear scuffle oscillating hula swan-necked swan-neck warren garden long-handled wheel plymouth'),
    // the verb: "I hoe the onion bed", "we hoe between the rows"
    idioms: [/\b(?:I|we|they|to) hoe (?:the |my |our |their |between |along |round |around )(?:[\p{L}-]+ )?(?:beds?|rows?|borders?|plots?|allotments?|garden|patch|onions|potatoes|beans|carrots|leeks|weeds)\b/iu],
    // the garden words excuse the singular only: "hoes" is far more often the slur
    topic: set(`garden gardens gardening gardener gardeners allotment allotments weeds weeding seedlings soil tilth rake rakes spade spades trowel
      mulch compost vegetable vegetables veg onion onions potatoes beans carrots leeks furrow furrows`),
    topicForms: set('hoe'),
    imperative: true,
  },
  {
    // a surname with a listed string (Manfred Dicke); Cummins, Shittu and Wankhede are in the gazetteer, and
    // Dikshit only as the full names of people in the news (place-names.ts): beside any name it reads as an insult
    forms: ['dicke'],
    name: true,
  },
  {
    forms: ['faggot', 'faggots'],
    slur: true,
    // the dish and the bundle of sticks; "burning faggots" is a homophobic trope, refused with any violent word (HARM)
    topic: set('peas gravy mash pork liver sticks firewood kindling'),
  },
  { forms: PLACE_HOMOGRAPHS, topic: PLACE_TOPIC, capital: true },
  { forms: SURNAME_PLACE_HOMOGRAPHS, topic: PLACE_TOPIC, capital: true, name: true },
];

const BY_FORM = new Map<string, Entry>();
for (const e of TABLE) for (const f of e.forms) BY_FORM.set(f, e);

/** Words right before the term that make it abuse whatever the context: "you dick", "what a prick", "stupid ass". */
const ABUSIVE_BEFORE = set(`you you're youre ur your yer ya u what such total complete absolute utter stupid silly dumb fat lazy ugly pompous
  arrogant smug lying useless pathetic massive big fucking bloody effing frigging`);
/** Words that make a sentence sexual or abusive whatever else is in it ("show us your tits by the bird table"). */
const NEVER_INNOCENT = set(`flash flashed flashing grab grabbed grabbing grope groped groping fondle fondled suck sucked sucking
  lick licked licking naked nude sexy horny perky saggy boobs bra porn filthy fucking`);
/** Violence in the same sentence: a slur is never excused beside it ("hang the dykes from the cliffs"). */
const HARM = set(`kill killed killing hang hanged hanging lynch lynched burn burnt burned burning drown drowned drowning shoot shooting
  gas gassed stab stabbed exterminate exterminated throw thrown throwing push pushed bury buried die dies died beat beaten beating fire torch`);
/** Threats that need no violent verb ("get what's coming") */
const SLUR_THREAT = /\b(?:get|gets|got) what(?:'|’)?s coming|deserve what|wiped out|wipe (?:them|'em) out|put down\b/i;
/** Forms of "to be" that make the term a predicate: "she is a …", "he's a …" */
const BE = set(`is are was were be been being am isn't aren't wasn't weren't she's he's it's that's who's there's what's i'm you're they're we're
  shes hes thats whos theres im youre theyre`);
/** Words before a term that say whose body part it is ("her tits", "my cock") */
const POSSESSIVE = set('her his my your their our yer ur');
/** Entries for body words: a possessive in front makes them sexual */
const BODY_FORMS = set('tit tits cock cocks dick dicks pussy ass asses boobies booby');
/** Size and praise words within two words before the term ("nice big tits", "huge dick") */
const SEXUAL_BEFORE = set('big bigger biggest huge massive nice lovely perfect fat ugly hairy dirty hard tiny amazing gorgeous juicy');
/** Second person within the six words before the term ("you are a dick", "you're acting like a prick") */
const SECOND_PERSON = /^(?:you|you're|youre|your|yours|ur|u|ya|yer|yourself)$/i;
/** "you" as a subject; with a READER_VERB after it, it addresses the reader ("you will see", "you can use") */
const SUBJECT_PRONOUN = /^(?:you|u|ya|ye)$/i;
const READER_VERB = set(`can can't cannot could couldn't will won't would should might may must need needn't use used see saw spot spotted
  hear heard find found get got try buy bought want have had grow plant sow put keep know notice`);

type Word = { w: string; start: number; end: number };
/** Is words[i] the reader or target addressed? "you" as the subject of a READER_VERB ("you can see blue tits") is not. */
function addressed(words: readonly Word[], i: number): boolean {
  return SECOND_PERSON.test(words[i]!.w) && !(SUBJECT_PRONOUN.test(words[i]!.w) && READER_VERB.has(words[i + 1]?.w.toLowerCase() ?? ''));
}
/** A sentence that points a slur's idiom at a people ("go back to China", "belongs in the Spastics Society") */
const SLUR_TARGET = /\b(?:China|Chinese|Asians?|belongs? in|go back|join)\b/;
/** How many words from the term a topic word may be */
const TOPIC_REACH = 20;
/** For slurs the excusing word must be close: "sea dykes", "faggots and peas", not anywhere in the sentence */
const SLUR_TOPIC_REACH = 6;
/** A disguise in the sentence (invisible characters, a word mixing Latin with Cyrillic or Greek letters) excuses nothing */
const DISGUISE = /[\u200B-\u200F\u2060\uFEFF\u00AD]|(?=\S*\p{Script=Latin})(?=\S*[\p{Script=Cyrillic}\p{Script=Greek}])\S+/u;
/** Prepositions a place name follows ("a village in Twatt", "the road to Dildo") */
const PLACE_PREPS = set('in at near to from through of via outside around beyond');
/** Function words and titles that are capitalised but are not a name. */
const NOT_NAME = set(`a an the this that these those what such being be is are was were you your my his her our their its he she they we i it
  and or but of on in at to for with by from as big little stupid fat old total complete absolute utter massive stop don't dont
  head heads face faces hole holes move moves wad weed`);

const WORD = /[\p{L}\p{N}'’-]+/gu;

function sentenceBounds(text: string, start: number, end: number): [number, number] {
  let s = start;
  // a single line break does not end a sentence ("Her\ntits …"), a blank line does
  const stop = (i: number) => /[.!?]/.test(text[i]!) || (text[i] === '\n' && text[i - 1] === '\n');
  while (s > 0 && !stop(s - 1)) s--;
  // do not stop at the full stop of an initial the term follows ("Philip K. Dick"): step back over single capitals
  while (s > 1 && /^\s*$/.test(text.slice(s, start)) && /[A-Z]/.test(text[s - 2]!) && (s < 3 || /[\s.]/.test(text[s - 3]!))) {
    s -= 2;
    while (s > 0 && !stop(s - 1)) s--;
  }
  let e = end;
  while (e < text.length && !(/[.!?]/.test(text[e]!) || (text[e] === '\n' && text[e + 1] === '\n'))) e++;
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
  while (wordStart > 0 && /\p{L}/u.test(raw[wordStart - 1]!)) wordStart--;
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
  if (at < 0) return false;
  const c: Context = {
    entry, form, written, sentence, words, at, self: words[at]!, slur: entry.slur === true,
    prevWord: words[at - 1]?.w, prev: words[at - 1]?.w.toLowerCase(), next: words[at + 1]?.w.toLowerCase(),
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
  if (slur && ['proper', 'right', ...ABUSIVE_BEFORE].includes(lower(at - 2))) return true;
  if (slur && SLUR_THREAT.test(sentence)) return true;
  const properName = isCapitalised(written) && prev !== undefined && entry.before?.has(prev) === true; // Plymouth Hoe
  if (slur && !properName && words.some((w, i) => i !== at && HARM.has(w.w.toLowerCase()))) return true;
  // "some tit from the council"
  if (prev === 'some' && ['tit', 'prick', 'dick', 'cock'].includes(form)) return true;
  // "hoes belong in the kitchen", "bitches deserve it"
  if (slur && /^(?:belong|belongs|deserve|deserves|deserved)$/.test(next ?? '')) return true;
  // an article up to two adjectives before the term, led by "what", "such", "like", an insult word ("what an absolute
  // great …") or a form of "to be" ("she is a …", "he's nothing but a nasty old …"); after "to be" the entry's own
  // word still excuses a common noun's predicate ("the kiang is a wild ass"), but not a slur's or a name's
  for (const k of [1, 2, 3]) {
    if (!['a', 'an'].includes(lower(at - k))) continue;
    const lead = lower(at - k - 1);
    if (ABUSIVE_BEFORE.has(lead) || ['what', 'such', 'like', 'being', 'but', 'proper'].includes(lead)) return true;
    const subject = words[at - k - 2]?.w ?? '';
    const commonNoun = subject !== '' && !isCapitalised(subject) && !/^(?:he|she|they|it|this|that|who|you|i|we)$/i.test(subject);
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
  const vocativeLast = before.endsWith(',') && /^(?:[\s.!?…"'”’)]|\p{Extended_Pictographic}|\uFE0F|\b(?:lol|lmao|haha|innit)\b)*$/iu.test(after);
  if (vocativeFirst || vocativeLast) return true;
  // whose body part: "her tits", "my cock", "the presenter's tits"; two words back too ("his black cock"), unless the
  // word between is the entry's own ("our bantam cocks")
  if (BODY_FORMS.has(form)) {
    for (const p of [prev, entry.before?.has(prev ?? '') ? undefined : lower(at - 2)]) {
      if (p && (POSSESSIVE.has(p) || (/'s$/.test(p) && !entry.forms.includes('ass') && !isCapitalised(written)))) return true;
    }
  }
  for (let i = Math.max(0, at - 6); i < at; i++) if (addressed(words, i)) return true;
  if (words.slice(Math.max(0, at - 2), at).some((w) => SEXUAL_BEFORE.has(w.w.toLowerCase()))) return true;
  return /\bson of an? $/i.test(sentence.slice(0, self.start));
}

const placeFollows = (c: Context) => c.entry.capital === true && /^,\s*\p{Lu}/u.test(c.sentence.slice(c.self.end).trimStart());

/** One of the entry's innocent collocations holds: a word beside it, a hyphenated compound, a topic word nearby. */
function excusedByCollocation(c: Context): boolean {
  const { entry, form, written, sentence, words, at, self, slur, prev, next } = c;
  // the token itself is part of a longer hyphenated word, e.g. "kitchen-cum-dining" or "moby-dick"
  const selfWord = self.w.toLowerCase().replace(/'s$|'$/, '');
  if (selfWord !== form.replace(/'s$/, '')) {
    const parts = selfWord.split('-');
    const i = parts.indexOf(form.replace(/'s$/, ''));
    if (entry.hyphenated && i > 0 && i < parts.length - 1 && !/ed$/.test(parts[parts.length - 1]!)) return true; // not "face-cum-covered"
    if (entry.before && i > 0 && entry.before.has(parts[i - 1]!)) return true;
    if (entry.before && i > 0 && entry.before.has(parts[i - 1]! + '-')) return true;
    if (entry.forms.includes('cock') && /^cock-a-(?:leekie|doodle-doo|hoop|snook)$/.test(selfWord)) return true;
    if (entry.forms.includes('cock') && parts[i - 1] === 'weather') return true;
    if (entry.after && i >= 0 && i < parts.length - 1 && entry.after.has(parts[i + 1]!)) return true; // cock-sparrow, cum-dividend
    return i > 0 && parts.slice(0, i).some((p) => entry.before?.has(p));
  }
  if (prev && entry.before?.has(prev)) return true;
  if (next && entry.after?.has(next)) return true;
  // a topic word near this occurrence (for slurs within a few words), and nearer to it than to another use of the
  // same word ("the great tit on the feeder … the tit in Number 10" excuses only the first)
  const uses = words.map((w, i) => (i !== at && entry.forms.includes(w.w.toLowerCase()) ? i : -1)).filter((i) => i >= 0);
  const near = (topic: ReadonlySet<string>) =>
    words.some((w, i) => {
      const d = Math.abs(i - at);
      return i !== at && d <= (slur ? SLUR_TOPIC_REACH : TOPIC_REACH) && uses.every((j) => Math.abs(i - j) > d) && topic.has(w.w.toLowerCase().replace(/'s$/, ''));
    });
  // a place homograph counts as a place only after a place preposition, right before a place word ("the Wankie game
  // reserve"), or opening a description ("Twatt is a village in Orkney", "Dildo, Newfoundland, …")
  const placeAfter = words.slice(at + 1, at + 3).some((w) => PLACE_TOPIC.has(w.w.toLowerCase()) && !/[,.;:!?]/.test(sentence.slice(self.end, w.start)));
  const opensDescription = at === 0 && (BE.has(next ?? '') || placeFollows(c)) && words.slice(1, 7).some((w) => PLACE_TOPIC.has(w.w.toLowerCase()));
  const topicAllowed = !entry.capital || PLACE_PREPS.has(prev ?? '') || placeAfter || opensDescription;
  const topicForm = !entry.topicForms || entry.topicForms.has(form);
  // a cat called Pussy is written as a name
  if (entry.topic && topicAllowed && topicForm && (form !== 'pussy' || isCapitalised(written)) && near(entry.topic)) return true;
  for (const t of entry.withTopic ?? []) {
    // after the term the topic must follow at once ("a prick of the needle"); before it, anywhere near
    const close = t.after && next && t.after.has(next)
      ? words.slice(at + 2, at + 5).some((w) => t.topic.has(w.w.toLowerCase().replace(/'s$/, '')))
      : prev !== undefined && t.before?.has(prev) === true && near(t.topic);
    if (close) return true;
  }
  return entry.imperative === true && (at === 0 || ['then', 'and', 'gently', 'lightly'].includes(prev ?? '')) && ['the', 'them', 'it', 'each', 'all', 'holes'].includes(next ?? '');
}

/** A capitalised given name or surname beside another name: Dick Francis, Alan Cumming, Greg Dyke. */
function excusedAsName(c: Context): boolean {
  const { entry, written, sentence, words, at, self, prevWord } = c;
  if (!entry.name || !isCapitalised(written)) return false;
  const capsShare = words.filter((w) => isCapitalised(w.w)).length / words.length;
  if (capsShare > 0.6) return false; // Title Case Throughout gives no evidence about names
  const nextW = words[at + 1]?.w;
  const nameLike = (w: string | undefined) => !!w && isCapitalised(w) && !NOT_NAME.has(w.toLowerCase());
  const spaced = (a: Word, b: Word) => /^ *["'“”‘’]? *$/.test(sentence.slice(a.end, b.start));
  const title = /^(?:mr|mrs|ms|miss|dr|sir|lord|lady|uncle|aunt|captain|professor|prof)$/i;
  // a word slipped between a first name and a surname ("Boris Dick Johnson", Keir "Dick" Starmer) is not a name,
  // nor one after two names ("Megan Rapinoe Dyke of the year")
  if (nameLike(prevWord) && !title.test(prevWord!) && nameLike(nextW) && spaced(words[at - 1]!, self) && spaced(self, words[at + 1]!)) return false;
  if (nameLike(prevWord) && !/'s$/.test(prevWord!) && nameLike(words[at - 2]?.w) && !title.test(words[at - 2]!.w) && spaced(words[at - 1]!, self)) return false;
  if (nameLike(nextW) && nextW !== 'I') return true;
  if (nameLike(prevWord) && at - 1 > 0) return true; // a capitalised word that is not just the first of the sentence
  return at - 1 === 0 && nameLike(prevWord); // "Greg Dyke resigned", "Mr Dick"
}
