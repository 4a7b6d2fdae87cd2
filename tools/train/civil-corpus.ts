/**
 * Generated civil, news-comment-style text used as "ok" training examples.
 *
 * The only news comments in the shared data are toxic ones; without civil
 * comments in the same register a model learns "long formal text = toxic".
 * These are built from hand-written fragments: heated disagreement, politics,
 * crime and war reporting vocabulary, corrections and sourcing, all without
 * insults, threats or profanity. Deterministic for a given seed.
 */

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPENERS = [
  'I think', 'Frankly,', 'With respect,', 'Honestly,', 'Let us be clear:', 'As a longtime reader,', 'In my view', 'To be fair,',
  'I have to push back here:', 'The article glosses over the fact that', 'Sorry, but', 'Once again', 'Unfortunately', 'The real story is that',
  'Nobody wants to admit it, but', 'I used to agree, but now', 'It is obvious that', 'Like it or not,', 'Whatever your politics,', 'Speaking as a nurse,',
  'Speaking as a small business owner,', 'As someone who grew up here,', 'As a teacher,', 'My neighbours all say', 'The evidence shows that', 'Yes,',
  'No,', 'Again,', 'Remember that', 'Folks,',
];

const SUBJECTS = [
  'the government', 'the council', 'the minister', 'the opposition', 'this administration', 'the senator', 'the mayor', 'the prime minister',
  'the president', 'the governor', 'the committee', 'the police chief', 'the central bank', 'the school board', 'the party leadership',
  'the union', 'the landlords lobby', 'the prosecutors', 'the health authority', 'the regulator', 'the conservatives', 'the liberals',
  'the Democrats', 'the Republicans', 'Labour', 'the Tories', 'the Greens', 'the left', 'the right', 'Congress', 'parliament',
  'the supreme court', 'the FBI', 'the defence secretary', 'the chancellor', 'the cabinet', 'the developers', 'the water company',
  'the energy companies', 'the media', 'this newspaper', 'the reporter', 'the columnist', 'the campaign', 'Trump', 'Biden', 'the White House',
  'the EU', 'the trade unions', 'the NRA', 'gun control advocates', 'the protesters', 'the activists', 'the hospital trust', 'the police',
  'the judge', 'the jury', 'the voters', 'the pollsters', 'the treasury', 'the home office', 'the immigration service', 'the border agency',
];

const PREDICATES = [
  'has completely failed on housing', 'is wrong about the tax rise', 'keeps dodging questions about the budget', 'made a reckless decision on pensions',
  'is misleading voters about the immigration figures', 'deserves serious criticism for the hospital closures', 'should resign over the contract scandal',
  'has no credible plan for energy prices', 'ignored every warning about the flooding', 'broke its promise on the railway', 'is spending money it does not have',
  'let the bus routes collapse', 'botched the school funding formula', 'has been asleep at the wheel on inflation', 'is protecting donors instead of residents',
  'should be held accountable for the delays', 'gave a disgraceful answer on child poverty', 'is gambling with public safety', 'has lost the trust of the public',
  'keeps shifting the goalposts on climate targets', 'is playing politics with the police budget', 'has wasted millions on consultants', 'ought to publish the full report',
  'is flat out wrong on the economics', 'got the crime statistics badly wrong', 'is hiding behind a review', 'should stop blaming the previous government',
  'has shown terrible judgement on the war', 'is out of touch with working families', 'failed the victims of the scandal', 'needs to answer for the cover up',
  'is rewriting history', 'ruined a perfectly good proposal', 'betrayed the people who voted for it', 'is making a mockery of the process',
  'has a shameful record on veterans', 'is utterly incompetent at managing the roads', 'handled the pandemic response badly', 'should never have approved the pipeline',
  'is completely wrong about gun control', 'is pushing a dangerous policy on the border', 'is weak on corruption', 'keeps attacking the free press',
  'has no business running the health service', 'made a mess of the rollout', 'is lying about the numbers, and the audit proves it',
];

const SUPPORTS = [
  'The figures in the report simply do not support that claim.', 'Look at the unemployment numbers from last quarter.',
  'Anyone who read the inquiry findings knows this.', 'The independent audit said exactly the same thing.', 'Rents have gone up by a third in five years.',
  'The waiting lists are the longest they have ever been.', 'Three separate watchdogs have raised the alarm.', 'The court documents are public, read them.',
  'The victims families have been waiting for years.', 'Crime fell in the areas that kept their neighbourhood officers.',
  'The man was shot outside the station and nobody has been charged.', 'The attack killed twelve people and the response was far too slow.',
  'Murder rates are down, whatever the headlines say.', 'Thousands of soldiers died in that war and the lessons were never learned.',
  'The shooting was a tragedy and the gun laws did nothing to prevent it.', 'Violent crime is a real problem and it needs real funding.',
  'The bombing campaign destroyed whole neighbourhoods.', 'Drug deaths have doubled since the treatment centres closed.',
  'Other countries fixed this decades ago.', 'Your numbers are from 2015, the situation has changed.', 'That is not what the study found.',
  'The quote in the headline was taken out of context.', 'Check the original source before sharing this.', 'The same thing happened in 2008.',
  'Taxpayers will be paying for this for a generation.', 'Local businesses on the high street are closing every month.',
  'Teachers have been warning about this for years.', 'The fire service said the cuts would cost lives.', 'Pensioners are choosing between heating and eating.',
  'The border towns are struggling and nobody in the capital seems to care.', 'Police recorded more burglaries, not fewer.',
  'There is a huge difference between asylum seekers and economic migrants.', 'Immigration added to growth according to the treasury itself.',
  'Abortion law should be decided by voters, not judges.', 'Gun owners are not the enemy, but background checks work.',
  'The protest was peaceful until the police charged the crowd.', 'The riot caused millions in damage to small shops.',
];

const CLOSERS = [
  'I will be voting accordingly.', 'We deserve better than this.', 'Please check the sources before repeating the talking points.',
  'Resign and let someone competent try.', 'This is a disgrace and it should be investigated.', 'I am furious, and so are my neighbours.',
  'Shame on everyone who voted for it.', 'History will not be kind to them.', 'Enough is enough.', 'Prove me wrong with data.',
  'I hope the next election fixes this.', 'Thanks to the reporter for digging into it.', 'This newspaper should follow up.', 'Write to your MP.',
  'Call your representative today.', 'I have cancelled my membership over this.', 'What a mess.', 'Absolutely ridiculous.',
  'Unbelievable.', 'This is not complicated.', 'Good article, though I disagree with the conclusion.', 'Sadly I expect nothing will change.',
  'I am tired of hearing excuses.', 'Ask yourself who benefits.', 'The public is not stupid.', 'Follow the money.',
  'Respectfully, you have this backwards.', 'You are entitled to your opinion but not to your own facts.', 'I think you are mistaken about this.',
  'You clearly feel strongly, and so do I, but the facts are on my side.', 'Your argument ignores the people who actually live there.',
];

const REPLIES = [
  'You are missing the point of the article.', 'You are wrong about the timeline, it was announced in March.', 'I see where you are coming from, but',
  'Your comparison with the eighties does not hold up.', 'You keep repeating that claim without a source.', 'I disagree with you completely.',
  'You make a fair point about the costs, but', 'Have you actually read the bill?', 'You cannot have it both ways.', 'That is a straw man and you know it.',
  'Your side said the same thing last year.', 'I understand your anger, I share it, but', 'You are conflating two different policies.',
];

function pick<T>(rng: () => number, arr: readonly T[]): T {
  return arr[Math.floor(rng() * arr.length)]!;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `n` civil comments, 1-4 sentences each. */
export function generateCivilComments(n: number, seed: number): string[] {
  const rng = mulberry32(seed ^ 0x5eed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const parts: string[] = [];
    if (rng() < 0.3) parts.push(pick(rng, REPLIES));
    const opener = rng() < 0.6 ? pick(rng, OPENERS) + ' ' : '';
    const claim = opener + pick(rng, SUBJECTS) + ' ' + pick(rng, PREDICATES) + '.';
    parts.push(cap(claim));
    if (rng() < 0.8) parts.push(pick(rng, SUPPORTS));
    if (rng() < 0.4) parts.push(pick(rng, SUPPORTS));
    if (rng() < 0.6) parts.push(pick(rng, CLOSERS));
    out.push(parts.join(' '));
  }
  return out;
}
