/**
 * Generated neutral news-comment text for training the abuse model: plain
 * reports, questions and corrections about local and national news, some
 * using ordinary words that happen to contain a profane string (from
 * trap-vocabulary.txt, built from the system dictionaries), and a smaller set
 * of abusive sentences in the same frames so that the frame itself is not
 * what the model learns. Deterministic for a given seed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths';
import { mulberry32 } from './civil-corpus';

const TOPICS = [
  'bus timetable', 'library', 'bin collection', 'school meals', 'hospital car park', 'housing estate', 'rail fares', 'water bills', 'flood defences',
  'cycle lane', 'council tax', 'care home', 'planning application', 'high street', 'market', 'swimming pool', 'bridge repairs', 'harbour',
  'police station', 'fire service', 'ambulance response times', 'GP surgery', 'pension scheme', 'energy prices', 'broadband rollout', 'airport expansion',
  'wind farm', 'recycling centre', 'youth club', 'museum', 'football club', 'cricket ground', 'allotments', 'parking charges', 'speed limit',
  'tram extension', 'school catchment', 'student loans', 'minimum wage', 'interest rates', 'inflation figures', 'trade deal', 'border checks',
  'election count', 'by-election', 'budget statement', 'spending review', 'census results', 'court case', 'public inquiry', 'strike ballot',
  'festival', 'art gallery', 'weather warning', 'heatwave', 'snowfall', 'drought', 'harvest', 'fishing quotas', 'vaccination programme',
];
const INSTITUTIONS = [
  'the council', 'the county council', 'the health board', 'the department', 'the ministry', 'the regulator', 'the transport authority',
  'the water company', 'the police', 'the fire brigade', 'the university', 'the school', 'the hospital trust', 'the charity', 'the union',
  'the company', 'the committee', 'the tribunal', 'the court', 'the mayor', 'the minister', 'the opposition', 'parliament', 'the senate',
  'the governor', 'the board', 'the inspectors', 'the auditors', 'the museum', 'the club', 'the parish council', 'the port authority',
];
const PLACES = [
  'Leeds', 'Bristol', 'Glasgow', 'Cardiff', 'Belfast', 'York', 'Norwich', 'Plymouth', 'Hull', 'Swansea', 'Dundee', 'Ohio', 'Texas', 'Ontario',
  'Dublin', 'the north', 'the valley', 'the old town', 'the coast', 'the city centre', 'the county', 'the village', 'the suburbs', 'the borough',
];
const DAYS = ['on Monday', 'on Tuesday', 'on Wednesday', 'on Thursday', 'on Friday', 'at the weekend', 'last week', 'this morning', 'yesterday', 'in March', 'in the autumn', 'last year', 'next month', 'in 2019', 'since 2010'];
const NUMBERS = ['two', 'three', 'five', 'ten', 'twelve', 'forty', 'a hundred', 'a few', 'several', 'dozens of', 'hundreds of', 'thousands of', '7', '15', '250', '3,000', '12 percent', 'a third of', 'half of'];
const PEOPLE = ['residents', 'parents', 'drivers', 'nurses', 'teachers', 'pensioners', 'students', 'shop owners', 'farmers', 'commuters', 'voters', 'readers', 'volunteers', 'staff', 'tenants', 'patients', 'fans', 'passengers', 'neighbours', 'local businesses'];
const VERBS = ['published', 'approved', 'delayed', 'cancelled', 'announced', 'reviewed', 'postponed', 'extended', 'funded', 'rejected', 'debated', 'confirmed', 'questioned', 'updated', 'reopened', 'closed', 'expanded', 'cut', 'changed', 'welcomed'];
const HEDGES = ['I think', 'As far as I know,', 'If I remember correctly,', 'For what it is worth,', 'Apparently', 'To be fair,', 'According to the article,', 'From what I can see,', 'Just to add,', 'Worth noting that', 'In my experience', 'Correct me if I am wrong, but'];
const QUESTIONS = [
  'Does anyone know when {topic} consultation closes?', 'Has {inst} said how much {topic} will cost?', 'Where can I read the full report on the {topic}?',
  'Will the {topic} changes affect {people} in {place}?', 'Is there a date for the next meeting about the {topic}?', 'What happened to the {topic} plans from {day}?',
  'Could the reporter follow up on the {topic} story?', 'Who is responsible for the {topic} now?', 'Why was the {topic} decision {verb} {day}?',
];
const STATEMENTS = [
  '{Inst} {verb} the {topic} plans {day}.', '{Num} {people} attended the meeting about the {topic} {day}.', 'The {topic} in {place} was {verb} {day}.',
  '{Hedge} the {topic} figures were {verb} {day}.', 'Thanks for covering the {topic}, it matters to {people} here.', 'The {topic} report is worth reading in full.',
  'My family has lived in {place} for years and the {topic} has always been an issue.', '{Hedge} {inst} will publish the {topic} review {day}.',
  'The article says {num} {people} are affected by the {topic} changes.', 'There is a public meeting about the {topic} at the town hall {day}.',
  'The {topic} was on the front page {day}.', 'We went to the {topic} open day and it was well organised.', 'Good to see {people} in {place} getting a say on the {topic}.',
  'The {topic} budget went up by {num} percent according to {inst}.', 'I work near the {topic} and the queues were long {day}.',
  '{Inst} has not replied to my letter about the {topic}.', 'The photo of the {topic} in {place} is lovely.', 'Small correction: the {topic} vote was {day}, not last month.',
];
/** Sentences that use a dictionary word with a profane string in it ("Uranus", "grapevine", "assessment"). */
const WORD_FRAMES = [
  'The {word} story was on the local news {day}.', '{Inst} mentioned {word} in the {topic} report.', 'A new book about {word} is out {day}.',
  'The museum has an exhibition on {word} this summer.', 'The quiz question {day} was about {word}.', 'My daughter is writing a school project on {word}.',
  '{Hedge} the {word} section of the article is the most interesting part.', 'The crossword answer was {word}, which took me ages.',
  'Is {word} the right term here? The article uses it twice.', 'There is a talk on {word} at the library {day}.', 'The {word} figures were {verb} {day}.',
  '{Word} came up at the {topic} meeting {day}.', 'I had never heard of {word} before reading this.', 'The documentary about {word} was excellent.',
];
/**
 * Ordinary phrases built on words the tweets mostly use as insults or scorn (jerk chicken, guinea pig,
 * mission creep): in the word frames, so a bigram can learn the innocent sense and the group features
 * for mild and scornful words do not carry the whole phrase.
 */
const INNOCENT_COLLOCATIONS = [
  'jerk chicken', 'jerk pork', 'jerk seasoning', 'a knee-jerk reaction', 'jackass penguins', 'guinea pigs', 'pig farmers', 'the rat race',
  'snake oil', 'clownfish', 'circus clowns', 'gooseberry fool', "April Fool's Day", 'a dummy run', 'crash test dummies', 'dumbbells',
  'the dumb waiter', 'an oxymoron', 'scope creep', 'mission creep', 'freak weather', 'a freak accident', 'sick leave', 'sick pay',
  'the shutdown', 'garbage collection', 'the trash can', 'pond scum', 'the ugly duckling', 'a nasty cold', 'killer whales',
  'devilled eggs', "the devil's advocate", 'the pathetic fallacy', 'brutal honesty', 'savage cuts', 'a witch hunt', 'the dog days',
  'the black sheep of the family', 'loan sharks', 'a cowboy builder', 'the silly season', 'crazy golf', 'mad cow disease', 'a dirty bomb',
  'the clean and jerk', 'the split jerk', 'git commit', 'git blame', 'kill the process', 'the Gay Gordons', 'a gay old time', 'ridiculous queues',
  'a killer heatwave', 'the hack day', 'a dog-eat-dog market', 'the bastion of', 'the sucker punch', 'a dummy pass',
];

/**
 * Groups of people as the news names them. The tweets name them mostly in abuse, so a model learns "lesbian",
 * "transgender" or "Muslim" as signs of abuse; these sentences say them in ordinary reporting (the counterfactual
 * augmentation of Dixon et al., 2018), and the abusive frames below use them too, so the group word itself is neutral.
 */
const IDENTITIES = [
  'gay', 'lesbian', 'bisexual', 'transgender', 'trans', 'queer', 'LGBT', 'LGBTQ', 'Black', 'Asian', 'Muslim', 'Jewish', 'Hindu', 'Sikh',
  'Catholic', 'immigrant', 'refugee', 'disabled', 'deaf', 'Traveller', 'Roma', 'Gypsy', 'older', 'young', 'working-class', 'Irish', 'Polish',
];
const IDENTITY_FRAMES = [
  'The {identity} community in {place} welcomed the {topic} decision {day}.', '{Identity} {people} say the {topic} changes were {verb} without them.',
  'A survey of {identity} {people} found most were worried about the {topic}.', '{Inst} met {identity} groups about the {topic} {day}.',
  'The report on {identity} {people} and the {topic} is worth reading in full.', '{Num} {identity} {people} attended the {topic} meeting {day}.',
  'The {identity} charity in {place} has {verb} its plans for the {topic}.', 'As a {identity} parent I read the {topic} piece with interest.',
  'Figures for {identity} {people} were left out of the {topic} report, which seems an odd choice.', 'The {identity} history month events in {place} start {day}.',
];

const INSULT_NOUNS = ['moron', 'idiot', 'imbecile', 'cretin', 'scumbag', 'lowlife', 'parasite', 'clown', 'halfwit', 'degenerate', 'loser', 'dimwit', 'fool', 'vermin', 'traitor', 'liar'];
const INSULT_ADJS = ['pathetic', 'stupid', 'brainless', 'disgusting', 'worthless', 'ignorant', 'useless', 'spineless', 'vile', 'deranged'];
/** Abuse in the same frames: so that "talks about the council" is not itself what makes a sentence civil. */
const ABUSIVE = [
  'Anyone who supports the {topic} plan is a {adj} {noun}.', 'The {topic} spokesman is a {adj} {noun} and should be sacked.', 'Only a {noun} would write an article this {adj}.',
  '{Inst} is run by {adj} {noun}s.', 'You are a {adj} {noun} if you believe the {topic} figures.', 'The reporter is a {noun}, plain and simple.',
  '{People} in {place} are {adj} {noun}s who deserve what they get.', 'Shut up about the {topic}, you {adj} {noun}.', 'What a {adj} {noun} the minister is.',
  'People like you should be thrown out of {place}.', '{Identity} {people} are {adj} {noun}s, all of them.', 'No {identity} {noun} should be allowed near the {topic}.', 'Go back to where you came from, {noun}.', 'The councillors are {noun}s and {adj} ones at that.',
];

function pick<T>(rng: () => number, arr: readonly T[]): T {
  return arr[Math.floor(rng() * arr.length)]!;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

let vocabulary: string[] | null = null;
export function trapVocabulary(): string[] {
  vocabulary ??= readFileSync(join(packageRoot(), 'tools', 'train', 'trap-vocabulary.txt'), 'utf8').split('\n').filter((w) => w.trim());
  return vocabulary;
}

function fill(rng: () => number, template: string, word = ''): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const lower = k.toLowerCase();
    let v: string;
    switch (lower) {
      case 'topic': v = pick(rng, TOPICS); break;
      case 'inst': v = pick(rng, INSTITUTIONS); break;
      case 'place': v = pick(rng, PLACES); break;
      case 'day': v = pick(rng, DAYS); break;
      case 'num': v = pick(rng, NUMBERS); break;
      case 'people': v = pick(rng, PEOPLE); break;
      case 'verb': v = pick(rng, VERBS); break;
      case 'hedge': v = pick(rng, HEDGES); break;
      case 'word': v = word; break;
      case 'noun': v = pick(rng, INSULT_NOUNS); break;
      case 'adj': v = pick(rng, INSULT_ADJS); break;
      case 'identity': v = pick(rng, IDENTITIES); break;
      default: v = k;
    }
    return k[0] === k[0]!.toUpperCase() ? cap(v) : v;
  });
}

export interface GeneratedText {
  text: string;
  label: 0 | 1;
}

/** `n` neutral comments (1-3 sentences) and about `abusiveShare` of that many abusive ones. */
export function generateNeutralComments(n: number, seed: number, abusiveShare = 0.15): GeneratedText[] {
  const rng = mulberry32(seed ^ 0xbeef);
  const words = trapVocabulary();
  const out: GeneratedText[] = [];
  for (let i = 0; i < n; i++) {
    const parts: string[] = [];
    const k = 1 + Math.floor(rng() * 3);
    for (let j = 0; j < k; j++) {
      const r = rng();
      if (r < 0.34) parts.push(fill(rng, pick(rng, WORD_FRAMES), pick(rng, words)));
      else if (r < 0.4) parts.push(fill(rng, pick(rng, WORD_FRAMES), pick(rng, INNOCENT_COLLOCATIONS)));
      else if (r < 0.47) parts.push(fill(rng, pick(rng, IDENTITY_FRAMES)));
      else if (r < 0.55) parts.push(fill(rng, pick(rng, QUESTIONS)));
      else parts.push(fill(rng, pick(rng, STATEMENTS)));
    }
    out.push({ text: parts.join(' '), label: 0 });
  }
  const m = Math.round(n * abusiveShare);
  for (let i = 0; i < m; i++) {
    const parts = [fill(rng, pick(rng, ABUSIVE))];
    if (rng() < 0.5) parts.unshift(fill(rng, pick(rng, STATEMENTS)));
    out.push({ text: parts.join(' '), label: 1 });
  }
  return out;
}
