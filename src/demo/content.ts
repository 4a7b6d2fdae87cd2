/* The demo site's posts and conversation: short briefs in the site's style, each citing the
   outlet whose reporting it points to. Written for Parley's demo; the outlets are real names,
   the links go to their front pages. */

export interface DemoPost {
  slug: string;
  title: string;
  standfirst: string;
  body: string;
  tags: string[];
  sources: Array<{ outlet: string; title?: string; url: string; phrase?: string }>;
  hoursAgo: number;
  /** An illustration in public/demo/, served at /assets/demo/FILE. */
  image: { file: string; alt: string };
  thread: DemoComment[];
}

export interface DemoComment {
  by: string; // key of a demo user
  text: string;
  replies?: DemoComment[];
  likes?: number;
}

export const DEMO_POSTS: DemoPost[] = [
  {
    slug: 'councils-quietly-cut-library-hours',
    title: 'Councils are quietly cutting library hours, not libraries',
    standfirst: 'Closures make headlines; shorter opening times do not. A survey of 120 authorities finds the hours falling fastest.',
    body: 'Fewer than a dozen libraries closed outright last year, but opening hours fell by almost a fifth across the authorities surveyed. The change rarely reaches a council agenda: it arrives as a revised timetable on a noticeboard.\n\nThe pattern matters because the hours cut first are evenings and Saturdays — the ones working parents and students use.',
    tags: ['local government', 'libraries'],
    sources: [{ outlet: 'The Guardian', url: 'https://www.theguardian.com/uk', phrase: 'has more.' }],
    hoursAgo: 3,
    image: { file: 'libraries.svg', alt: 'Illustration: library shelves of coloured books beneath a clock' },
    thread: [
      { by: 'maria', text: 'Our branch went from six days to three without a single consultation. The building is still "open", technically.', likes: 4, replies: [
        { by: 'tom', text: 'Same here. The **evening** slot was the only one I could make.', replies: [
          { by: 'maria', text: 'Worth writing to your councillor — ours reversed one of the days after a petition.' },
        ] },
        { by: 'priya', text: 'Is there a list of which councils were surveyed? The piece only gives totals.' },
      ] },
      { by: 'james', text: 'To be fair, visitor numbers were falling before the cuts. Hard to know which came first.', likes: 2, replies: [
        { by: 'priya', text: 'Footfall falls when the doors are shut at 5pm. That is rather the point of the survey.' },
      ] },
    ],
  },
  {
    slug: 'water-company-fines-rarely-paid',
    title: 'Water company fines are announced loudly and paid slowly',
    standfirst: 'Of the penalties announced since 2021, less than half had been collected by the end of last year.',
    body: 'Regulators have grown fond of large numbers. Collecting them is another matter: appeals, payment plans and "in-kind" investment commitments stretch many penalties over years.\n\nNone of this is hidden, but it is spread across annual reports that few people read.',
    tags: ['environment', 'regulation'],
    sources: [{ outlet: 'Financial Times', url: 'https://www.ft.com/', phrase: 'Worth reading in full.', title: 'Where the water fines went' }],
    hoursAgo: 20,
    image: { file: 'water.svg', alt: 'Illustration: a water pipe over rising waves and a pound sign on a bill' },
    thread: [
      { by: 'tom', text: 'An investment commitment you were going to make anyway is not a fine.', likes: 6 },
      { by: 'james', text: 'The counter-argument is that cash fines come out of the same budget that would fix the pipes.', likes: 3, replies: [
        { by: 'maria', text: 'Then fine the shareholders, via dividends. The article touches on this near the end.' },
        { by: 'tom', text: 'I have some sympathy with that, but the last decade suggests the money does not reach the pipes either way.' },
      ] },
    ],
  },
  {
    slug: 'rail-timetable-reliability',
    title: 'The new rail timetable is slower on paper and faster in practice',
    standfirst: 'Padding the schedule made more trains "on time". Passengers may still come out ahead.',
    body: 'By adding a few minutes to longer journeys, the operators turned a run of late arrivals into punctual ones. Critics call it a statistical trick. The passenger data suggests the real journey times barely moved, while missed connections fell.',
    tags: ['transport'],
    sources: [{ outlet: 'BBC News', url: 'https://www.bbc.co.uk/news', phrase: 'has more.' }],
    hoursAgo: 46,
    image: { file: 'rail.svg', alt: 'Illustration: a red train beside a railway line running towards the horizon' },
    thread: [
      { by: 'priya', text: 'A reliable 62 minutes beats an unreliable 58. I will take it.', likes: 5, replies: [
        { by: 'james', text: 'Agreed, as long as they stop advertising the 58.' },
      ] },
    ],
  },
  {
    slug: 'school-building-survey',
    title: 'The school buildings survey nobody wanted to publish',
    standfirst: 'A condition survey finished two years ago is finally out. The worst-rated blocks are the newest.',
    body: 'Prefabricated blocks from the last big building programme fare worse than Victorian schools in the survey, largely because of roofs and heating systems that were never meant to last forty years.',
    tags: ['education'],
    sources: [{ outlet: 'The Times', url: 'https://www.thetimes.com/', phrase: 'has more.' }],
    hoursAgo: 70,
    image: { file: 'schools.svg', alt: 'Illustration: a school building with a cracked wall and a warning sign' },
    thread: [
      { by: 'maria', text: 'My children\'s school has a "temporary" classroom older than I am.', likes: 7 },
    ],
  },
  {
    slug: 'local-newspaper-closures',
    title: 'Two more local papers close — and a co-operative opens',
    standfirst: 'The closures follow a familiar pattern. The opening does not.',
    body: 'A reader-owned co-operative has relaunched a weekly title in one of the towns left without a paper. Its model — small subscriptions, volunteer contributors, one paid editor — is being watched closely.',
    tags: ['media'],
    sources: [{ outlet: 'Press Gazette', url: 'https://pressgazette.co.uk/', phrase: 'Worth reading in full.' }],
    hoursAgo: 100,
    image: { file: 'newspapers.svg', alt: 'Illustration: a local newspaper front page with a plus sign' },
    thread: [],
  },
  {
    slug: 'energy-bills-standing-charges',
    title: 'Standing charges are now the biggest part of some energy bills',
    standfirst: 'For low users, the fixed daily charge outweighs the cost of the energy itself.',
    body: 'Households that use little energy — often pensioners living alone — now pay more in standing charges than for the electricity they consume. The regulator has consulted on a low-standing-charge tariff; suppliers are lukewarm.',
    tags: ['energy', 'regulation'],
    sources: [{ outlet: 'The Economist', url: 'https://www.economist.com/', phrase: 'has more.' }],
    hoursAgo: 130,
    image: { file: 'energy.svg', alt: 'Illustration: a lightning bolt over a city at night and an energy bill' },
    thread: [
      { by: 'james', text: 'The network still has to be paid for by someone. Moving it onto unit rates hits the heavy users, many of whom are families.', likes: 2, replies: [
        { by: 'priya', text: 'True, though "heavy users" also includes people with electric heating and no choice about it.' },
      ] },
    ],
  },
];
