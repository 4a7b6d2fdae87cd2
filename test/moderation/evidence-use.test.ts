import { describe, expect, it } from 'vitest';
import { analyseComment, findCues } from '../../src/moderation/analysis/evidence';
import { getAbuseModel, scoreText } from '../../src/moderation/classifier/model';
import { analyseSpan } from '../../src/moderation/analysis/nlp';
import { groupNameWords } from '../../src/moderation/analysis/lexicon';
import { moderate } from '../../src/moderation/pipeline';
import { DEFAULT_MODERATION_SETTINGS } from '../../src/moderation/settings';
import { input } from './helpers';

const uses = (text: string) => findCues(analyseComment(text)).map((c) => `${c.cue}:${c.target}:${c.use}`);
const decide = (text: string) => moderate(input({ text })).decision;

describe('how a cue is used', () => {
  it('reads a question that opens on a negated auxiliary as asking, not denying', () => {
    expect(uses("Aren't disabled people just a drain on the rest of us?")).toEqual(['derogate:group:questioned']);
    expect(decide("Isn't it time we got rid of the Muslims?")).not.toBe('publish');
    expect(decide("Shouldn't gay people be kept away from children for their own good?")).not.toBe('publish');
  });

  it('reads a question that opens on an auxiliary with no negator as asking only', () => {
    expect(uses('How will the benefit cuts affect disabled people who work?')).toEqual([]);
    expect(uses("Why won't immigrants ever work?")).toEqual(['derogate:group:asserted']);
  });

  it('still reads a plain denial as a denial', () => {
    expect(uses('Disabled people are not a drain on anyone.')).toEqual(['derogate:group:negated']);
    expect(decide('Travellers are not thieves.')).toBe('publish');
  });

  it('does not read a negative word inside the cue as negating it', () => {
    expect(uses('The world would be better off without trans people.')).toEqual(['exclusion:group:asserted']);
    expect(decide("I can't stand black people and I never will.")).not.toBe('publish');
    expect(decide("We'd be better off without this budget.")).toBe('publish');
  });
});

describe('negated praise', () => {
  it('reaches across a clause to the praise it denies', () => {
    expect(decide('No black man has ever been a good father.')).not.toBe('publish');
    expect(decide('Not one Jew in history has ever been trustworthy.')).not.toBe('publish');
  });

  it('is not negated praise when the group is not its subject', () => {
    expect(decide('No one in this council has ever been a good listener to Black residents.')).toBe('publish');
  });

  it('reaches from a group named after the negator, past what describes them', () => {
    expect(decide('Not a single Pakistani in this whole town has ever been honest with anyone.')).not.toBe('publish');
  });

  it('is not negated praise when denied twice, or when the praise is of what they were given', () => {
    expect(decide('No Muslim neighbour has ever been anything but kind to us.')).toBe('publish');
    expect(decide('No Roma has ever been given a fair trial.')).toBe('publish');
  });
});

describe('whom violence and feelings are aimed at', () => {
  it('reads a compulsion said of a group as derogation, and of anyone else as nothing', () => {
    expect(uses("A Traveller family moved in next door. Those people can't help themselves.")).toEqual(['derogate:group:asserted']);
    expect(decide("Toddlers can't help themselves around birthday cake.")).toBe('publish');
  });

  it("reads a group's festivals and marches as naming the group, for what is said of them after", () => {
    expect(uses('Ramadan starts next week. They should all be deported.')).toEqual(['exclusion:group:asserted']);
    expect(decide('Ramadan starts next week, and the mosque is running an open iftar for neighbours.')).toBe('publish');
    // they are no names of people: the model reads "month" and "march" as the words they are
    expect(groupNameWords()).not.toContain('ramadan');
    expect(groupNameWords()).not.toContain('month');
  });

  it("reads violence at a group's places as aimed at the group", () => {
    expect(uses('Someone should firebomb every Chinese restaurant in the country.')).toEqual(['threat:group:asserted']);
    expect(decide('Jewish humour is the best humour, I will die on this hill.')).toBe('publish');
  });

  it('reads a feeling said of the speaker as aimed at its subject', () => {
    expect(uses('Jews repulse me.')).toEqual(['hate:group:asserted']);
  });
});

describe('counter-speech', () => {
  it('reads a negator as belonging to the cue it reaches first', () => {
    expect(decide("Asylum seekers aren't vermin, they're human beings who've been through hell.")).toBe('publish');
  });

  it('reads a one-word verdict as judging what was said, not as an insult', () => {
    expect(uses('Someone left a note saying "disabled people are a drain, go home" on a car. Vile.')).not.toContain('insult:you:asserted');
  });
});

describe('what the model weighs, and whom it is aimed at', () => {
  it("publishes when what moved the model is someone else's quoted words", () => {
    expect(decide('The inspector called the food "idiotic garbage" in her report.')).toBe('publish');
    expect(decide('The inspector is idiotic garbage.')).not.toBe('publish');
  });

  it('weighs what is said of a group the same whichever group it names', () => {
    const model = getAbuseModel();
    const score = (group: string) => scoreText(model, `The ${group} on our street are moving to the new flats by the river.`).score;
    const scores = ['Muslims', 'Jews', 'Travellers', 'immigrants', 'Sikhs', 'asylum seekers', 'women'].map(score);
    expect(new Set(scores).size).toBe(1);
  });

  it('weighs what is said of a person or a place the same whichever name it gives', () => {
    const model = getAbuseModel();
    const score = (name: string) => scoreText(model, `Ask ${name} whether the bus to ${name}'s office runs on Sundays.`).score;
    const scores = ['Trevor', 'Okonkwo', 'Priya', 'Duncan', 'Moynihan', 'Mississauga', 'Nkemelu'].map(score);
    expect(new Set(scores).size).toBe(1);
  });

  it('holds, never refuses, on the model alone when no evidence says whom a comment is aimed at', () => {
    const r = moderate(input({ text: 'Absolutely idiotic and stupid, as ever.' }));
    expect(r.score).toBeGreaterThanOrEqual(DEFAULT_MODERATION_SETTINGS.abuse.rejectThreshold);
    expect(r.decision).toBe('hold');
  });

  it('holds, never refuses, what the model is sure of when only a pronoun names whom it is aimed at', () => {
    expect(decide('Why do we keep letting these parasites into the country?')).toBe('hold');
    // a trade named in the sentence is whom "them" stands for: political speech
    expect(decide('Those bankers are parasites, every last one of them.')).toBe('publish');
  });

  it("reads a noun's \"'s\" before a noun as owning it, not as calling anyone", () => {
    expect(decide("Our neighbour's bitch had a litter of six spaniel puppies.")).toBe('publish');
    expect(decide("The neighbour's a bitch.")).not.toBe('publish');
  });

  it('holds a comment of a word or two on the model alone only when it is sure enough to refuse', () => {
    // a hold threshold just under the word's score, whatever the model scores it: a lone word short of refusal publishes
    const score = scoreText(getAbuseModel(), 'Opinion.').score;
    const abuse = { ...DEFAULT_MODERATION_SETTINGS.abuse, holdThreshold: score - 0.01 };
    expect(score).toBeLessThan(abuse.rejectThreshold);
    const settings = { ...DEFAULT_MODERATION_SETTINGS, abuse };
    expect(moderate(input({ text: 'Opinion.', settings })).decision).toBe('publish');
    expect(moderate(input({ text: 'Opinion. Opinion. Opinion.', settings })).decision).not.toBe('publish');
    expect(decide('Scum.')).not.toBe('publish');
    expect(decide('Pathetic.')).not.toBe('publish');
  });

  it('does not count mild swearing as abuse', () => {
    expect(decide('That is a damn good point about the bus lanes.')).toBe('publish');
    expect(decide('Absolutely bloody ridiculous prices at the market this week.')).toBe('publish');
  });

  it('publishes scorn for a thing when the word that weighed most describes a thing', () => {
    expect(decide('HS2 is the most idiotic waste of money in British history.')).toBe('publish');
    expect(decide("The council's parking scheme is moronic.")).toBe('publish');
    expect(decide('This scheme is idiotic and stupid and will hurt the people it claims to help.')).toBe('publish');
    expect(decide('Councillor Hale is the most idiotic man in British politics.')).not.toBe('publish');
    expect(decide('The Mayor of Ottawa is a dithering, useless goof.')).not.toBe('publish');
    expect(decide('The parking scheme is moronic, like you.')).not.toBe('publish');
  });

  it('reads a group name written with its letters apart as the group', () => {
    expect(uses('w o m e n are worthless, full stop')).toEqual(['insult:group:asserted']);
  });

  it('aims an insult at whom it is said of, not at a "you" further on', () => {
    expect(uses('Bankers are parasites who charge you for breathing.')).toEqual(['dehumanise:others:asserted']);
    expect(uses("Your reply proves you're a halfwit.")).toEqual(['insult:you:asserted']);
    expect(uses('Idiots like you should stay off the roads.')).toEqual(['insult:you:asserted']);
    // the nearer "their" is not what they are called
    expect(uses('Sikhs behave like animals at their weddings.')).toEqual(['dehumanise:group:asserted']);
  });

  it('reads a lone word of scorn as judging what the sentence before spoke of, and a lone noun for people as calling the reader', () => {
    expect(uses('The new parking meters reject every card I own. Useless.')).toEqual(['insult:thing:asserted']);
    expect(uses('You clearly never read the article. Coward.')).toEqual(['insult:you:asserted']);
  });

  it('reads a word of disgust set off at the start of a sentence as condemning what came before', () => {
    expect(uses('Somebody painted "Jews out" on the synagogue door. Vile, and I hope the police find them.')).toEqual(['exclusion:group:counter']);
    expect(uses('Vile, the lot of them.')).not.toEqual([]);
  });

  it('reads "nothing but" as saying what someone is, and negated virtues as derogation', () => {
    expect(uses('The town took in more asylum seekers. They are nothing but parasites.')).toEqual(['dehumanise:group:asserted']);
    expect(uses('Sikhs are never truthful about anything.')).toEqual(['derogate:group:asserted']);
    expect(uses('Jews are not responsible for what happens in Gaza.')).toEqual([]);
  });

  it('reads no threat where the subject after an inverted modal is no one', () => {
    expect(uses('Would it kill the council to grit the hill before nine?')).toEqual([]);
    expect(uses('Should we shoot the lot of them?')).toEqual(['threat:others:questioned']);
  });

  it('reads a slur spelt like an ordinary word in its ordinary sense when a word of that sense is near', () => {
    expect(uses('Woke up feeling muzzy after the flu jab, fine by lunch.')).toEqual([]);
    expect(uses('You muzzy.')).toEqual(['homonym:you:asserted']);
    expect(decide('Dad still listens to the cricket on his old tranny radio.')).toBe('publish');
    expect(decide('Paid the deposit and poof, it vanished overnight.')).toBe('publish');
    expect(decide('You tranny.')).toBe('reject');
    expect(decide('That long dark dyke running right across the shore below the old lighthouse is cooled magma.')).toBe('publish');
    // violence takes the innocent sense away, but not a word of violence inside an everyday idiom
    expect(decide('Faggots and mushy peas with gravy from the chippy, nothing beats it on a cold night.')).toBe('publish');
    // the reader addressed far off in the sentence does not take the sense away; near the word it does
    expect(decide('The vet said the bitch had a healthy litter of six puppies, which is what you hope for.')).toBe('publish');
    expect(decide('Back in your kennel, you dog-breeding bitch.')).not.toBe('publish');
  });

  it('reads a word with innocent senses inflected as a verb as the verb', () => {
    expect(decide('Nipped outside for the paper and missed the whole second half.')).toBe('publish');
    expect(uses('You nip.')).toEqual(['homonym:you:asserted']);
  });

  it('reads "out" as exclusion only right after the group it sends off', () => {
    expect(uses('Immigrants OUT')).toEqual(['exclusion:group:asserted']);
    expect(uses('That old line about gay men should have been phased out decades ago.')).toEqual([]);
  });

  it('reads intimidation without a word of violence as a threat', () => {
    expect(uses('I know where you work, and what time you leave.')).toEqual(['threat:you:asserted']);
    expect(uses('Nice family you have got there. Shame if your kids got hurt.')).toEqual(['threat:you:asserted']);
    expect(uses('I know where the ferry leaves from, so I will meet you there.')).toEqual([]);
  });

  it('reads a threat whoever it names in the middle of its phrase', () => {
    expect(uses("Someone should break that councillor's legs.")).toEqual(['threat:person:asserted']);
    expect(uses("I'll break your legs.")).toEqual(['threat:you:asserted']);
    expect(uses('We will break the deadlock at the next meeting.')).toEqual([]);
    expect(uses('The striker broke his leg in the second half.')).toEqual([]);
  });

  it('reads words written with their letters apart or split by a space as those words', () => {
    // the last letter carries the full stop; an article stands on its own; wider gaps part the words
    expect(uses('Roma are v e r m i n.')).toEqual(['dehumanise:group:asserted']);
    expect(uses('Travellers are a p l a g u e.')).toEqual(['dehumanise:group:asserted']);
    expect(uses('S H O O T  A L L  R E F U G E E S')).toEqual(['threat:group:asserted']);
    expect(uses('Sikhs are ver min.')).toEqual(['dehumanise:group:asserted']);
    // two words that only begin a listed word, or spell no cue, stay two words
    expect(uses('People who repeat rumours should check first.')).toEqual([]);
    expect(uses('We sat in June by the sea side, on the is land.')).toEqual([]);
  });

  it('publishes scorn for a thing when the comment speaks of no one', () => {
    expect(decide('This new parking scheme is idiotic garbage.')).toBe('publish');
    expect(decide('The councillors behind this parking scheme, what idiotic garbage.')).not.toBe('publish');
    expect(decide('This new parking scheme is idiotic garbage, like the idiots who wrote it.')).not.toBe('publish');
  });
});

describe('what the analysis reads', () => {
  it('reads signs standing for letters as the group name or word they spell', () => {
    expect(uses('Mu$lims are rats.')).toEqual(['dehumanise:group:asserted']);
    expect(decide('Mu$lims are rats.')).not.toBe('publish');
    expect(decide('The M25 was shut for 3 hours and parking cost £9.')).toBe('publish');
  });

  it('reads a possessive the same whatever comments it read before', () => {
    const words = (s: string) => analyseSpan(s, 0, s.length, new Uint8Array(s.length)).flatMap((x) => x.tokens.map((t) => t.text));
    expect(words("Councillor Quillfeather's.")).toEqual(['Councillor', 'Quillfeather', "'s", '.']);
    expect(words("Quillfeather's plan is no one's fool")).toEqual(['Quillfeather', "'s", 'plan', 'is', 'no', 'one', "'s", 'fool']);
  });

  it('reads a word no dictionary knows, opening a sentence before its verb, as a name', () => {
    expect(uses('Okonkwo is a two-faced snake.')).toEqual(['insult:person:asserted']);
    expect(uses('Parking is a nightmare here.')).toEqual([]);
  });

  it('reads a day or a month as a name only beside another name', () => {
    expect(uses('What happened in parliament on Monday was pathetic.')).toEqual([]);
    expect(decide('What happened in parliament on Monday was pathetic.')).toBe('publish');
    expect(uses('Theresa May was pathetic.')).toEqual(['insult:person:asserted']);
  });

  it('reads hatred named as a thing as no one feeling it', () => {
    expect(uses('The online hate aimed at Muslim councillors has to stop.')).toEqual([]);
    expect(uses('Hate crime against gay people rose again last year.')).toEqual([]);
    expect(uses('Honestly, I hate gay people.')).toEqual(['hate:group:asserted']);
  });
});

describe('threats in words of intimidation', () => {
  it('reads threats to a third person as threats', () => {
    expect(decide('That planning officer had better watch his back on the way home.')).not.toBe('publish');
    expect(decide('Whoever approved this should be beaten half to death.')).not.toBe('publish');
    expect(decide('Cheating wives deserve to be stoned to death.')).not.toBe('publish');
    expect(decide("Those Travellers deserve all that's coming to them.")).not.toBe('publish');
    // "for good" says "permanently"; a cabinet of ministers is people
    expect(uses('Somebody should silence that blogger for good.')).toEqual(['threat:person:asserted']);
    expect(uses('Put the whole cabinet up against a wall.')).toEqual(['threat:others:asserted']);
  });

  it('leaves everyday uses of the same words alone', () => {
    expect(decide('Ministers will run down the clock on this bill, as usual.')).toBe('publish');
    // no wished harm here; the model alone, trained on many wished threats, holds it at 0.68 (hold ≥ 0.66)
    expect(uses('Police hope to find him soon and his family are desperate.')).toEqual([]);
    expect(decide('Police hope to find the missing boy soon and his family are desperate.')).toBe('publish');
    expect(decide('Whoever designed the new roundabout deserves a medal.')).toBe('publish');
  });
});

describe('whose words a reporting word introduces', () => {
  it("reads the speaker's own opinion as asserted", () => {
    expect(uses("I'm of the view that Roma are vermin.")).toEqual(['dehumanise:group:asserted']);
    expect(uses("I'd argue Muslims are vermin.")).toEqual(['dehumanise:group:asserted']);
    expect(uses('The minister argued that Roma are vermin.')).toEqual(['dehumanise:group:reported']);
  });

  it('does not carry a report past a comma into the speaker\'s next clause', () => {
    expect(uses('Whatever the council says about Travellers, they are vermin.')).toEqual(['dehumanise:group:asserted']);
    expect(uses('He said, Travellers are vermin.')).toEqual(['dehumanise:group:reported']);
  });
});

describe('threats said at a distance from their modal, or in other forms', () => {
  it('reaches from the modal to violence later in a long clause', () => {
    expect(uses('We will make sure that every single one of the refugees in that hotel gets beaten.')).toEqual(['threat:group:asserted']);
  });

  it("reads a plan said in the present as intended (\"I'm burning …\")", () => {
    expect(decide("We're torching every Roma caravan on that field tonight.")).not.toBe('publish');
    expect(decide("I'm reading a history of the burning of Rome.")).toBe('publish');
  });

  it('reads survival denied and willed as a threat, and survival alone as nothing', () => {
    expect(uses("If that councillor shows his face here again he won't be leaving the hall in one piece.")).toEqual(['threat:person:asserted']);
    expect(decide('The parcel from my sister arrived in one piece.')).toBe('publish');
    expect(decide("The old pier didn't come through the storm in one piece.")).toBe('publish');
  });

  it('does not read "wouldn\'t shed a tear if …" as a denial', () => {
    expect(decide("I wouldn't shed a tear if someone shot every last one of the Travellers.")).not.toBe('publish');
  });

  it('finds violence the tagger leaves unlemmatised ("exterminated" read as an adjective)', () => {
    expect(uses('Migrants ought to be exterminated.')).toEqual(['threat:group:asserted']);
  });

  it('aims violence at people called names, not at a thing', () => {
    expect(uses('Come the day, the crooks in the cabinet will be first against the wall.').map((u) => u.split(':')[1])).not.toContain('thing');
  });
});

describe('who a group word names', () => {
  it('reads a group word before a noun for people as the group ("Black footballers")', () => {
    expect(uses('Black footballers should all be sent back where they came from.')).toEqual(['exclusion:group:asserted']);
    expect(uses('Muslim shopkeepers are vermin.')).toEqual(['dehumanise:group:asserted']);
  });

  it('still reads a group word before a thing as describing the thing', () => {
    expect(decide('The black cab drivers were out in force at the station.')).toBe('publish');
  });
});

describe('whose words a relative clause reports', () => {
  it('reports only inside the relative clause ("people who say …")', () => {
    expect(uses('People who call refugees vermin should be ashamed.')).toEqual(['dehumanise:group:counter']);
    expect(decide('Mark my words, those who shut the plant will pay with their lives.')).not.toBe('publish');
  });
});

describe('whom an active verb of violence is aimed at', () => {
  it('aims it at its object when that is a thing, not at its subject', () => {
    expect(decide('The councillors will run down the clock on this motion.')).toBe('publish');
    expect(decide('I will run down every one of those migrants on my land.')).not.toBe('publish');
  });

  it('reads a passive with an adverb before its participle as aimed at its subject', () => {
    expect(uses('Disabled people should be quietly euthanised, it is the kindest thing for the country.')).toEqual(['threat:group:asserted']);
  });

  it('aims it at the thing it is done to even when someone is named further on', () => {
    expect(uses("I'd kill for a decent train service between Kendal and Lancaster.")).toEqual(['threat:thing:asserted']);
    expect(decide("I'd kill for a decent train service between Kendal and Lancaster.")).toBe('publish');
    expect(decide("I'm itching to punch the air if we get promoted on Saturday, Dave.")).toBe('publish');
    expect(uses('We will strangle the life out of that councillor.')).toContain('threat:person:asserted');
    expect(uses('I will gladly run over that cyclist activist if I see her.')).toEqual(['threat:person:asserted']);
    expect(uses('I will burn your house down, Dave.')).toEqual(['threat:you:asserted']);
  });

  it('reads a call for violence at a group as a threat whoever is to do it', () => {
    expect(uses('The coastguard should shoot refugees in the water.')).toEqual(['threat:group:asserted']);
    expect(decide('The committee should kill this motion before it spreads.')).toBe('publish');
  });
});

describe('misspelt group names and slurs', () => {
  it('reads a misspelt slur written with a capital as the slur, plural included', () => {
    expect(uses('Wtbacks everywhere you look in this town.').map((u) => u.split(':')[0])).toContain('slur');
  });
});

describe('harm wished on someone', () => {
  it('reads harm the speaker wishes on someone as a threat', () => {
    expect(uses('I hope the new councillor gets cancer.')).toEqual(['threat:person:asserted']);
    expect(decide("Here's hoping the editor ends up in a coma.")).not.toBe('publish');
  });

  it('leaves wishes for people in trouble alone', () => {
    expect(decide('I hope the patients in hospital get better care this winter.')).toBe('publish');
    expect(decide('I hope the plane crash inquiry finds answers for the families.')).toBe('publish');
  });

  it('does not read "the accused" as someone reporting', () => {
    expect(uses('Hope the accused gets a shiv in the showers.')).toEqual(['threat:person:asserted']);
  });
});

describe('name-calling said of the reader through a modal', () => {
  it('reads "you must be a …" as said of the reader', () => {
    expect(uses('You must be a complete fool to vote for this lot again.')).toEqual(['insult:you:asserted']);
  });
});

describe('a slur received, reported or condemned', () => {
  it("publishes a slur reported as said to the speaker or their own: a victim's account", () => {
    expect(uses('My daughter was called a "paki" at school today.')).toEqual(['slur:person:counter']);
    expect(decide('My daughter was called a "paki" at school today.')).toBe('publish');
    expect(decide('Someone yelled "go home raghead" at my grandad outside the gurdwara.')).toBe('publish');
    expect(decide('I\'ve been called "faggot" walking down Canal Street.')).toBe('publish');
  });

  it('reads the condemnation in the sentence after the quotation too', () => {
    expect(decide('He called my son a "retard" in the playground and the school did nothing. Unacceptable.')).toBe('publish');
    expect(decide('"Trannies should be shot" is not free speech, it\'s incitement.')).toBe('publish');
  });

  it("still refuses the speaker's own slur, and holds one quoted without condemnation", () => {
    expect(decide('I called him a paki and he deserved it.')).toBe('reject');
    expect(decide('He kept saying "paki" on the bus today.')).toBe('hold');
  });

  it('holds a condemned slur where the site says so', () => {
    const settings = { ...DEFAULT_MODERATION_SETTINGS, evidence: { ...DEFAULT_MODERATION_SETTINGS.evidence, slurCondemned: 'hold' as const } };
    expect(moderate(input({ text: 'My daughter was called a "paki" at school today.', settings })).decision).toBe('hold');
  });
});

describe('humanity denied, semi-modals and quoted groups', () => {
  it('reads denied humanity as derogation, but not across a new clause', () => {
    expect(decide("Lesbians aren't even human.")).not.toBe('publish');
    expect(decide('Migrants are not numbers, they are human beings.')).toBe('publish');
  });

  it('links a group to what it is said to "have to be"', () => {
    expect(uses('Why do Muslims always have to be so violent?')).toEqual(['derogate:group:questioned']);
    expect(decide('Muslims have had a violent time of it lately.')).toBe('publish');
  });

  it('reads praise denied outside a quotation as said of the quoted words, not of the group in them', () => {
    expect(decide('"Women belong in the kitchen" wasn\'t funny in 1975 and it isn\'t funny coming from an MP now.')).toBe('publish');
    expect(decide('Women are not funny.')).not.toBe('publish');
  });
});

describe('threats in a gerund, a wished condition and a phrase with someone inside it', () => {
  it('reads "need …ing" as passive: aimed at its subject', () => {
    expect(uses('Travellers need exterminating like any other pest.')).toEqual(['threat:group:asserted']);
    expect(decide('The old barn needs burning down before it falls.')).toBe('publish');
  });

  it('reads what "would be better if …" says as wished', () => {
    expect(uses('It would be better for humanity if every Jew just ceased to exist.')).toEqual(['exclusion:group:asserted']);
    expect(decide('It would be better if the council stopped wasting money.')).toBe('publish');
  });

  it('finds the person inside "put … in hospital" and "run … off the road"', () => {
    expect(uses('I will make it my personal mission to put the author of this piece in hospital.')).toEqual(['threat:person:asserted']);
    expect(decide('The storm put the whole town in the dark and my nan in hospital.')).toBe('publish');
  });
});

describe('what is said of a group through "nothing but", its subject and a pronoun', () => {
  it('reads "nothing but" with a participle before the noun as said of the group', () => {
    expect(uses('I reckon refugees are nothing but freeloading criminals.')).toEqual(['derogate:group:asserted']);
    expect(decide('My gran bundled faggots of kindling for the range, which is all the word meant in her village.')).toBe('publish');
  });

  it('aims denied praise at the subject it is said of, not at the noun after it', () => {
    expect(uses('Hindus have never been a civilised people.')).toEqual(['derogate:group:asserted']);
    expect(decide("I don't despise women, and I don't think any decent man does.")).toBe('publish');
  });

  it('finds the group a pronoun stands for when the noun for people is capitalised', () => {
    expect(uses('Saw a documentary about black Britons last night. They are a burden on this country.')).toEqual(['derogate:group:asserted']);
  });
});

describe('scorn for people who are no protected group', () => {
  it('publishes what the model scorns when it is said of people in general, as an insult at them is', () => {
    expect(decide('The Tories are a bunch of incompetent, self-serving chancers.')).toBe('publish');
    expect(decide('Man United fans are insufferable when they win and worse when they lose.')).toBe('publish');
  });

  it('still holds it at one of them, beside violence, or when the model is sure enough to refuse', () => {
    expect(decide('The landlord in this story is a miserly, grubby little leech.')).toBe('hold');
    expect(decide('The councillors behind this parking scheme, what idiotic garbage.')).not.toBe('publish');
  });
});

describe('exclusion and quoted phrases', () => {
  it('reads removal from the country and a wished absence as aimed at the group', () => {
    expect(decide('Muslims should be removed from this country, nicely, but removed.')).not.toBe('publish');
    expect(decide('Muslims should not be removed from this country. They ARE this country.')).toBe('publish');
    expect(decide('The country would be better if there were no Muslims in it.')).not.toBe('publish');
    expect(decide('It would be better if there were no potholes on Station Road.')).toBe('publish');
  });

  it('reads words introduced as a phrase or a saying as reported', () => {
    expect(uses('The phrase "Travellers are thieves" is older than my nan.')).toEqual(['derogate:group:reported']);
    expect(decide('The phrase "Travellers are thieves" is older than my nan.')).toBe('publish');
    expect(decide('"Travellers are thieves" is older than my nan.')).toBe('hold');
  });
});

describe('violence wished after "time"', () => {
  it('reads the subject that follows "time" as the one who is to act', () => {
    expect(uses('Isn\'t it time we started shooting refugees at the border?')).toEqual(['threat:group:questioned']);
    expect(decide("It's time we started shooting the breeze about the budget.")).toBe('publish');
  });
});

describe('what only tells of an event is no threat', () => {
  it('publishes violence told of, not wished', () => {
    expect(decide('They pumped raw sewage into the river 300 times last year and paid the CEO a bonus.')).toBe('publish');
    expect(decide('A fox got into the hen house and killed all eight birds in one night.')).toBe('publish');
    expect(decide("The lad rolled around like he'd been shot. Ref bottled it.")).toBe('publish');
    expect(decide('Every time they do, more kids die. More arms sales are not the answer.')).toBe('publish');
    expect(decide('If refs keep letting the keeper get battered at corners, someone is going to get seriously hurt.')).toBe('publish');
    expect(decide('He cried his eyes out when we had to have the cat put down.')).toBe('publish');
  });

  it('still refuses the same violence willed or praised', () => {
    expect(decide("Keep writing lies about my family and you'll end up in the canal.")).toBe('reject');
    expect(decide('Whoever set fire to that refugee hostel deserves a medal.')).toBe('reject');
    expect(decide("I'd make sure she never walked again.")).toBe('reject');
    expect(decide("I want to see black bodies swinging from the trees, and I'll bring the rope.")).toBe('reject');
  });
});

describe('who a clause is about', () => {
  it('aims a cue said of a subject that names no one at that thing', () => {
    expect(uses('Jokes about Muslims are disgusting.')).toEqual(['hate:thing:asserted']);
    expect(decide('Misogynistic comments aimed at the new female councillor have no place here.')).toBe('publish');
    expect(decide('The council clearly hoped it would die quietly.')).toBe('publish');
    expect(decide("Your argument would land better without the all-caps, for what it's worth.")).toBe('publish');
  });

  it('still aims it at the group when the group is the subject', () => {
    expect(decide('Muslims are disgusting.')).not.toBe('publish');
    expect(decide('Sikhs make me sick to my stomach.')).not.toBe('publish');
    expect(decide('Sikh volunteers served free meals at the station. Don\'t be fooled. Those people are snakes.')).not.toBe('publish');
    expect(decide('Another story about Muslims getting special treatment. Vermin.')).not.toBe('publish');
    expect(decide('Refugees were attacked in the street. Animals.')).toBe('publish');
  });

  it('reads a comparison as asserting, not denying', () => {
    expect(decide('There is nothing on this earth I despise more than Jews.')).not.toBe('publish');
    expect(decide("Speaking as a gay man, I've never felt safer in this country than I do now.")).toBe('publish');
    expect(decide('Nobody I know thinks indigenous people are lazy, that is an old lie.')).toBe('publish');
  });
});

describe('spellings and idioms', () => {
  it('reads a word written without its vowels as the listed word', () => {
    expect(moderate(input({ text: 'Go on then, you btch.' })).reasons.map((r) => r.code)).toContain('profanity');
    expect(decide('Blck people are subhuman.')).toBe('reject');
    expect(decide('I cnt believe the council did this again.')).toBe('publish');
  });

  it('matches a listed word with a doubled letter, and publishes the idioms newspapers print', () => {
    expect(moderate(input({ text: 'Goddamn it, missed the last train home.' })).reasons.map((r) => r.code)).toContain('profanity');
    expect(decide('These ticket prices are taking the piss.')).toBe('publish');
    expect(decide('This lot couldn\'t organise a piss-up in a brewery.')).not.toBe('reject');
    expect(decide('Visitors to Orkney often pull over to take a photo of the signpost for Twatt.')).toBe('publish');
  });

  it('starts no cue inside an everyday idiom with a violent word, and still reads the word outside one', () => {
    expect(uses("I'll take a stab at the crossword before the kettle boils.")).toEqual([]);
    expect(uses('That extension must have cost a bomb.')).toEqual([]);
    expect(uses("I'll stab the councillor if he shows his face here.")).toContain('threat:person:asserted');
  });
});

describe('subjects, denials and reports across a clause', () => {
  it('reads the subject of "be" past what describes it', () => {
    expect(uses('Roma in this town are parasites.')).toEqual(['dehumanise:group:asserted']);
    expect(uses('The Somalis queuing outside the job centre are freeloaders.')).toEqual(['derogate:group:asserted']);
    expect(uses('Jews who live round here are vermin.')).toEqual(['dehumanise:group:asserted']);
    expect(uses("Every Sikh I've worked with is a liar.")).toEqual(['insult:group:asserted']);
  });

  it('reads two words of the dictionary split by a space as a slur or a cue, never as a group name', () => {
    const groups = (text: string) => {
      const a = analyseComment(text);
      return a.sentences(a.rough.map((_, i) => i)).flatMap(({ f }) => f.mentions.filter((m) => m.kind === 'group').map((m) => m.group));
    };
    expect(groups('The neighbour I met is from Leeds.')).toEqual([]);
    expect(groups('Gyp sies are thieves.')).toEqual(['roma']);
    expect(uses('Those mon keys should go back.')).toContain('dehumanise:others:asserted');
  });

  it('does not make the owner of a thing its subject, nor a word of another clause its predicate', () => {
    expect(uses("The council's recycling scheme is moronic.")).not.toContain('insult:others:asserted');
    expect(decide("Sikhs aren't violent, that's a lazy stereotype.")).toBe('publish');
    expect(decide('He was a son and a brother, and cancer is a cruel disease.')).toBe('publish');
    expect(decide('The fog was so thick you could barely see the car in front.')).toBe('publish');
  });

  it('reads a denied verb of saying or showing as denying the clause after it', () => {
    expect(uses("Don't tell me refugees don't pay their way.")).toEqual([]);
    expect(uses('None of these figures show that Muslims are dangerous.')).toEqual(['derogate:group:negated']);
    expect(uses("I don't think immigrants ever pay their way.")).toEqual(['derogate:group:asserted']);
    expect(decide('An Inuit child should not be refused treatment while two governments argue over who pays.')).toBe('publish');
  });

  it('reads words the speaker heard as reported, and weariness of them as condemning them', () => {
    expect(uses("I'm sick of hearing that Jews are greedy.")).toEqual(['derogate:group:counter']);
    expect(uses("I'm sick of Jews.")).toEqual(['hate:group:asserted']);
  });

  it('reads the main clause after a reported condition as the speaker\'s own', () => {
    expect(decide("If that autistic lad shouts one more time I'm going round there to strangle him.")).toBe('reject');
    expect(decide('If the councillor says that again I will report him.')).toBe('publish');
  });

  it('aims violence at a thing with people inside at the people, and a noun made part of the verb at its subject', () => {
    expect(uses("They're opening a migrant hostel here. We'll torch it with them inside.")).toContain('threat:group:asserted');
    expect(uses('Afghans should be carpet bombed.')).toEqual(['threat:group:asserted']);
    expect(decide('The 2014 attack was one gunman with a rifle, not an invasion.')).toBe('publish');
    expect(decide('Many Inuit leaders want it replaced by a treaty of their own.')).toBe('publish');
  });

  it('reads a complaint about a group as denying the praise it asks about, and "nothing" as denying the verb before it', () => {
    expect(uses("Why can't Travellers ever be honest?")).toEqual(['derogate:group:asserted']);
    expect(uses('Refugees contribute nothing.')).toEqual(['derogate:group:asserted']);
    expect(uses('The mosque opened in 1990. Thirty years of them bleeding this town dry.')).toEqual(['derogate:group:asserted']);
    expect(uses('The energy companies are bleeding us dry.')).not.toContain('derogate:group:asserted');
    expect(uses("Why can't the council ever be honest?")).toEqual([]);
    expect(uses('My hedge contributes nothing to the view.')).toEqual([]);
    expect(decide("Why don't we just deport the lot of them? They are Roma.")).not.toBe('publish');
  });
});

describe("whom the model's verdict is aimed at", () => {
  it('aims it at the reader when the comment gives them an order, or at the person a pronoun names', () => {
    expect(decide('Sit down, dimwit. The adults are talking.')).not.toBe('publish');
    expect(decide('Imagine being this dim and still finding the comment box.')).not.toBe('publish');
    expect(decide('Honestly, grow a spine, snowflake.')).not.toBe('publish');
  });

  it('does not read a verb that is the subject of a modal as an order', () => {
    expect(decide('Kill -9 should be the last resort, not the first.')).toBe('publish');
  });

  it('aims an order of violence done to a thing at the thing', () => {
    expect(decide('Burn the whole tax code down and start over.')).toBe('publish');
  });
});

describe('a challenge to name one example', () => {
  it('denies what it asks about, and a denial in the clause describing the example says it of all of them', () => {
    expect(uses('Name one thing Somalis have ever contributed to this town.')).toEqual(['derogate:group:asserted']);
    expect(uses('Does anyone know a Pakistani who isn\'t a thief?')).toEqual(['derogate:group:questioned']);
    expect(uses("I've never met a Roma who wasn't a criminal.")).toEqual(['derogate:group:asserted']);
    expect(decide('Show me one Traveller who is honest.')).not.toBe('publish');
  });

  it('denies the bad word it asks about: the challenge defends them', () => {
    expect(uses('Name one refugee who is a criminal.')).toEqual(['derogate:group:negated']);
    expect(decide("I've never met a Roma who was a thief.")).toBe('publish');
    expect(uses('I met a Traveller who was a thief.')).toEqual([]);
  });
});

describe('more readings of whom and how', () => {
  it('does not let a negator in a clause joined on after the cue deny it', () => {
    expect(uses("Gay men hate women really, don't they? Vile and spiteful and no decent family would have them.")).toContain('insult:group:asserted');
    expect(uses('Roma are not lazy.')).toEqual(['derogate:group:negated']);
  });

  it("aims the model's verdict at the group the evidence names before anyone else it names", () => {
    expect(decide('Cyclists are idiots and the Roma are worse, filthy the lot of them.')).toBe('reject');
  });

  it('aims violence at every place of a group, as the subject of a passive, at the group', () => {
    expect(uses('Every Sikh temple in the city should be burned to the ground.')).toEqual(['threat:group:asserted']);
    expect(uses('The Muslim vote will be crushed.')).toEqual([]);
  });
});

describe('phrases with someone inside them', () => {
  it('reads "kick them out" and its kin as exclusion of whoever "them" names, and a dreamt-of day as wished', () => {
    expect(uses('Somalis are everywhere now. Drive them out.')).toEqual(['exclusion:group:asserted']);
    expect(uses('I dream of the day I get to shoot a Sikh.')).toEqual(['threat:group:asserted']);
    expect(decide('I dream of the day this government is kicked out.')).toBe('publish');
  });
});

describe('the speaker\'s own feeling', () => {
  it('is not reported by a verb of reading or hearing before it', () => {
    expect(uses('Hearing about the new mosque only reminded me how much I despise Muslims.')).toEqual(['hate:group:asserted']);
    expect(uses('I read that Muslims are parasites, which is a lie.')).not.toContain('dehumanise:group:asserted');
  });
});

describe('nouns that name no one', () => {
  it('reads a word of violence after a preposition as what something was done with', () => {
    expect(uses('People out east love to lecture us while they heat their homes with gas.')).toEqual([]);
    expect(uses('Gas the Jews.')).toEqual(['threat:group:asserted']);
  });

  it('reads a noun of contempt before another noun as describing it, unless that noun names people', () => {
    expect(uses('Women councillors getting rape threats every week is a scandal.')).toEqual([]);
    expect(uses('Migrants are garbage people.')).toEqual(['dehumanise:group:asserted']);
    expect(decide('Three teenagers were charged with murder in the downtown swarming case.')).toBe('publish');
    expect(uses('Refugees swarming the beaches.')).toEqual(['dehumanise:group:asserted']);
  });

  it('reads "out" after one member of a group as where they were taken from, after the group as exclusion', () => {
    expect(uses('Two lads pulled that Somali woman out of the river last night.')).toEqual([]);
    expect(uses('Somalis out.')).toEqual(['exclusion:group:asserted']);
  });

  it('aims a phrase of exclusion at the group in its slot', () => {
    expect(uses('Send the Roma back.')).toEqual(['exclusion:group:asserted']);
  });
});

describe('a wink beside a group', () => {
  it('says of the group what the comment will not say outright, and holds', () => {
    expect(uses('Funny how the break-ins began the week the Travellers arrived. Just saying.')).toEqual(['derogate:group:asserted']);
    expect(decide('A Somali family moved in next door. Draw your own conclusions.')).toBe('hold');
  });

  it('is no wink inside quotation marks, at a group addressed, or beside no group', () => {
    expect(uses('Calling Roma thieves isn\'t "just saying what everyone thinks". It is racism.')).not.toContain('derogate:group:asserted');
    expect(uses('You ladies always make me smile, if you know what I mean.')).toEqual([]);
    expect(uses('Funny how nobody in Whitehall connects the two.')).toEqual([]);
  });

  it('is no wink at a group the speaker denies anything against', () => {
    expect(decide("I don't hate women, for goodness sake, I voted for her. Just saying the childcare policy is half baked.")).toBe('publish');
  });
});

describe('feelings a group fills someone with', () => {
  it('reads disgust as hatred and pride as none', () => {
    expect(uses('Trans people fill me with disgust.')).toEqual(['hate:group:asserted']);
    expect(uses('The Sikh community fills me with pride.')).toEqual([]);
  });

  it('reads a wish or a want as hatred only where it says what is wished', () => {
    expect(uses('Women in engineering make me want to study harder.')).toEqual([]);
    expect(uses('I wish they had more Muslim teachers at my school.')).toEqual([]);
    expect(uses('If there were no immigrants, the NHS would collapse.')).toEqual([]);
    expect(uses('Gays make me want to throw up.')).toEqual(['hate:group:asserted']);
    expect(uses('The country would be better if there were no Muslims.')).toEqual(['hate:group:asserted']);
  });
});

describe('neutral statements about a group', () => {
  it('publishes what is done to them, where they have no place to go, and what they should do for their own sake', () => {
    expect(uses('Immigrants are not allowed to work while their claims are processed, which is a scandal.')).toEqual([]);
    expect(uses('Refugees have no place to sleep tonight.')).toEqual([]);
    expect(uses('Vulnerable disabled people should stay indoors until the smoke clears.')).toEqual([]);
  });

  it('still reads exclusion and denied praise', () => {
    expect(uses('Muslims have no place in this country.')).toEqual(['exclusion:group:asserted']);
    expect(uses('Somalis should stay in their own country.')).toEqual(['exclusion:group:asserted']);
    expect(uses('Immigrants are never going to be decent neighbours.')).toEqual(['derogate:group:asserted']);
  });
});

describe('money and asides', () => {
  it('reads paying for something for years as money, not revenge', () => {
    expect(uses('Folks in Gander are going to be paying for this for decades.')).toEqual([]);
    expect(uses('You are going to pay for this.')).toEqual(['threat:you:asserted']);
  });

  it('reads a party wiped out at an election as beaten, not killed', () => {
    expect(uses('The Tories deserve to be wiped out at the polls.')).toEqual([]);
    expect(uses('The Tories deserve to be wiped out.')).toEqual(['threat:others:asserted']);
  });

  it('does not aim a word at a "you" in a clause of its own after it', () => {
    expect(uses('Denying the figures is dishonest, whatever you think of the policy.')).toEqual([]);
    expect(uses('You are dishonest, whatever you think.')).toEqual(['derogate:you:asserted']);
  });
});

describe('threats the ninth batch showed', () => {
  it('aims what someone deserves at them, whatever follows the verb', () => {
    expect(uses('Every Somali man in that clip deserves to hang from a lamp post.')).toEqual(['threat:group:asserted']);
    expect(uses('He deserves to win the race.')).toEqual([]);
  });

  it('reads "it" after violence as the group\'s place named before it', () => {
    expect(uses('If they open that synagogue near us I will burn it to the ground.')).toEqual(['threat:group:asserted']);
  });

  it('reads being torn limb from limb, livestock and feral dogs', () => {
    expect(uses('He should be torn limb from limb.')).toEqual(['threat:person:asserted']);
    expect(uses('Women are livestock.')).toEqual(['dehumanise:group:asserted']);
    expect(uses('We walk our dogs by the canal.')).toEqual([]);
  });
});

describe('one of them, or all of them', () => {
  it('reads a group word with "the", "this" or "that" and a singular word for a person as one person', () => {
    expect(uses('The Sikh family who took over the corner shop make the best samosas in town.')).toEqual([]);
    expect(uses('That Pakistani man is a thief.')).toEqual(['derogate:person:asserted']);
    expect(uses('The Muslim community is a cancer.')).toEqual(['dehumanise:group:asserted']);
    expect(uses('The Pakistani men are thieves.')).toEqual(['derogate:group:asserted']);
  });

  it('reads a plural before an "-ing" word as people doing something', () => {
    expect(uses('The migrants landing at Dover should be shot on the beach.')).not.toContain('threat:thing:asserted');
  });

  it('reads "is there a single … who isn\'t" as a challenge, past a place', () => {
    expect(uses("Is there a single Somali man in Leicester who isn't a criminal?")).toEqual(['derogate:group:questioned']);
    expect(uses("Is there a single hospital in Ontario that isn't overcrowded?")).toEqual([]);
  });

  it('reads genes, lost causes and lower races as derogation', () => {
    expect(uses("I reckon Roma are a lost cause. It's in their genes.")).toEqual(['derogate:group:asserted', 'derogate:group:asserted']);
    expect(uses('The Leafs are a lost cause.')).toEqual([]);
  });
});

describe('civil comments the ninth batch showed', () => {
  it('reads the speaker\'s own death as no threat, and shovels in the ground as building', () => {
    expect(uses("I'll keep saying it until they win the cup or I die.")).toEqual([]);
    expect(uses('Show me shovels in the ground in Brampton, then we can talk.')).toEqual([]);
  });

  it('does not deny a group praise that another clause gives someone else', () => {
    expect(uses('The piece mentions refugees in Leith but not that half the locals helped set up the welcome centre.')).toEqual([]);
    expect(uses('Not a single refugee has ever made this country better.')).toEqual(['derogate:group:asserted']);
  });
});

describe('violence a thing does', () => {
  it('does not read a person named after a preposition as the subject who wills the harm', () => {
    expect(decide('Tariffs on Canadian steel are going to hurt Hamilton badly, and my dad is worried about his pension.')).toBe('publish');
    expect(uses('Lads from the estate are going to hurt him badly.')).toEqual(['threat:person:asserted']);
  });

  it('reads a word before a noun with a verb of its own as describing it, not as an order', () => {
    expect(decide('Cull ewes are fetching decent money at the market this week.')).toBe('publish');
    expect(uses('Shoot immigrants on sight.')).toEqual(['threat:group:asserted']);
  });
});

describe('a threat that names no one', () => {
  it('is for the group the sentence before is about when it acts on nothing', () => {
    expect(uses('Sikhs marching through Leicester again? Fine. I will be waiting with a machete this time.')).toEqual(['threat:group:asserted']);
    expect(decide('Roadworks on the A6 again? Fine. I will be waiting with a machete this time, for the brambles in the verge.')).toBe('publish');
  });

  it('is for the people a thing it acts on is full of', () => {
    expect(uses("I'll burn every bus full of migrants.")).toEqual(['threat:group:asserted']);
    expect(decide('The ferry full of refugees sank off Lampedusa, and the coastguard was too slow.')).toBe('publish');
  });
});

describe('capital punishment', () => {
  it('is hate when called for a group for who they are, and an opinion on sentencing for one person', () => {
    expect(uses('Trans people deserve the death penalty.')).toEqual(['exclusion:group:asserted']);
    expect(decide('The man who killed those children deserves the death penalty.')).toBe('publish');
    expect(decide('Canada abolished the death penalty in 1976 and should never bring it back.')).toBe('publish');
  });
});

describe('group names written apart', () => {
  it('joins letters linked by signs, and a name split in three, into the name they spell', () => {
    expect(uses('R-o-m-a are vile and everyone knows it.')).toEqual(['insult:group:asserted']);
    expect(uses('Pak is tanis are nothing but freeloaders.')).toEqual(['derogate:group:asserted']);
    expect(decide('The U-S-A is a big country, and I went to get her some flowers there.')).toBe('publish');
  });
});

describe('a predicate of joined nouns', () => {
  it('says each noun of the subject, the last after the others', () => {
    expect(uses('Somalis are welfare cases and freeloaders.')).toEqual(['derogate:group:asserted']);
    expect(decide('Anal glands in dogs are a common issue, the vet explained.')).toBe('publish');
  });
});

describe('conspiracy said of a group', () => {
  it('reads pulling the strings as derogation when a group is its subject, and as politics otherwise', () => {
    expect(uses('Jews pulling the strings again, as usual.')).toEqual(['derogate:group:asserted']);
    expect(decide('The chief whip is pulling the strings in this leadership race.')).toBe('publish');
  });
});

describe('what a group is said to be', () => {
  it('reads a feeling about a stand-in noun as a feeling about the subject it stands for', () => {
    expect(uses('Lesbians are the thing I hate most in this world.')).toEqual(['hate:group:asserted']);
    expect(uses('The disabled are the group I resent most.')).toEqual(['hate:group:asserted']);
    expect(decide('Mondays are the thing I hate most, and I resent paying twice for the bins.')).toBe('publish');
  });

  it('reads a group called objects, a waste or a drain as derogated, and a thing so called as criticised', () => {
    expect(uses('Women are objects, nothing more.')).toEqual(['dehumanise:group:asserted']);
    expect(uses('Refugees are a drain on the NHS.')).toEqual(['derogate:group:asserted']);
    expect(decide('The new stadium is a waste of money, and museums hold objects from every continent.')).toBe('publish');
  });
});

describe('harm promised to whichever one of a group', () => {
  it('reads violence that "gets" any one of them who does something as willed', () => {
    expect(uses('Any Mexican who sets foot on my land gets shot.')).toEqual(['threat:group:asserted']);
    expect(uses('The next refugee who looks at me funny is getting stabbed.')).toEqual(['threat:group:asserted']);
    expect(decide('Any player who dives gets booked, and every soldier in 1916 got a rifle.')).toBe('publish');
  });
});

describe('intensifiers inside a phrase', () => {
  it('steps over a word that only makes a listed phrase stronger', () => {
    expect(uses('Refugees fill me with absolute revulsion.')).toEqual(['hate:group:asserted']);
    expect(decide('The new bypass fills me with absolute dread, and the roadworks with utter boredom.')).toBe('publish');
  });
});

describe('name-calling words', () => {
  it('knows more names for people, and only where they are said of someone', () => {
    expect(uses('The developer is a grasping, oily spiv.')).toEqual(['insult:person:asserted']);
    expect(decide('The 1870 act is a relic of another age, and police seized dope worth 40k in the raid.')).toBe('publish');
  });
});

describe("a group's places and a group's own feelings", () => {
  it('reads scorn said of a group\'s places in the plural as said of the group, and of one place as a review', () => {
    expect(uses('Muslim areas are filthy.')).toEqual(['derogate:group:asserted']);
    expect(decide('The Chinese restaurant on King Street was filthy last time, so we went to the Greek place.')).toBe('publish');
  });

  it('reads a feeling that ends in a preposition as about what follows it, not about whoever feels it', () => {
    expect(decide('Muslim voters are fed up with both parties, and who can blame them.')).toBe('publish');
    expect(uses("I'm sick of Muslims.")).toEqual(['hate:group:asserted']);
  });
});
