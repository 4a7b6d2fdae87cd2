/** Ambiguous words (tit, ass, dyke, prick, cum, Dick, bastard, chink, hoe, …): innocent senses published, abusive uses and disguises still refused. */
import { describe, expect, it } from 'vitest';
import { moderateLine } from '../../src/moderation/stream';

const profane = (t: string) => moderateLine(1, t).reasons.includes('profanity');

describe('ambiguous words in the profanity phase', () => {
  it.each([
    'Marsh tits visited the feeder twice this morning.',
    'The kiang is a wild ass of the high plateau.',
    'The newest ass at the rescue, a grey jenny called Maud, was the star of the open day.',
    'A dyke of basalt runs along the cliff.',
    'The dykes in the Fens were cleared of weed.',
    'Pin prick tests were normal.',
    'Prick the potatoes before baking.',
    'She left with a degree summa cum laude.',
    'A bedroom-cum-study on the top floor.',
    'Dick Smith opened the new wing of the hospital.',
    'My uncle Dick ran the village shop for thirty years.',
    'Councillor Dick Hughes says the bins go fortnightly from May.',
    'The council made a right cock-up of the bin rota.',
    'Our spaniel bitch is due to whelp next week.',
    'Great tits and chickadees are both in the titmouse family.',
    'Shut the cock on the radiator valve before you drain it.',
    'A great tit was singing at the feeder this morning.',
    'We spotted a great tit and a blue tit at the feeder in the park.',
    'Our labrador bitch had a litter of nine.',
    'Our bantam cocks chase the neighbour\'s cat off the lawn.',
    'Prick out the tomato seedlings once they have true leaves.',
    'I hoe the onion bed every Sunday morning.',
    'My knee has been a bit dicky since the fall.',
    'Grandma had a tabby cat called Pussy for twenty years.',
  ])('publishes the innocent sense: %s', (t) => expect(profane(t)).toBe(false));

  it.each([
    'you dick', 'what a dick', 'dickhead', 'You Are A Dick', 'you great tit', 'great tits on that one', 'nice tits', 'you prick',
    'what a little prick', 'kiss my ass', 'you stupid ass, the donkey has more sense', 'she is a dyke', 'son of a bitch',
    'you are a prick of the highest order', 'd1ck', 't1ts', 'p r i c k', 'DICK', 'cum on her face', 'Dick Head',
    // a topic word does not excuse sexual or second-person context in the same sentence
    'nice big tits by the bird table', 'show us your tits at the nest', 'grab the ass by the donkey sanctuary', 'a tiny prick of a man',
    'that bitch and her dogs', 'the councillor is a dyke who walks along the bank', 'what a great tit', 'such a great tit', 'suck my cock by the radiator', 'you are a bit of a dick', 'show me your pussy, cat lady',
  ])('still refuses: %s', (t) => expect(profane(t)).toBe(true));
});

describe('idioms, technical and historical senses, and names', () => {
  // each group: ordinary English passes; the abusive use of the same word and a disguised spelling are still refused
  it.each([
    'Beijing imposed tit-for-tat tariffs on American goods.',
    'What a cock-and-bull story!',
    'The fans were cock-a-hoop after the win.',
    'The whole scheme was cock-eyed from the start.',
    'Turn off the stop-cock under the sink.',
    'The ball-cock in the cistern is stuck.',
    'Cock the hammer before firing.',
    'Cock-fighting was banned in 1835.',
    'Our quiz team won the booby prize again.',
    'Pissaladière is a Provençal onion tart with anchovies.',
    'The bastard sword was carried by knights.',
    'Use a bastard file on the edge.',
    'Bastard feudalism shaped fifteenth-century politics.',
    'Bastard toadflax grows on chalk grassland.',
    'William the Bastard landed at Pevensey in 1066.',
    'He was the bastard son of King Charles II.',
    'The film bastardises the novel.',
    'The Owl and the Pussy-cat went to sea.',
    'Pussy Riot members were jailed in 2012.',
    'The government is pussy-footing around the issue.',
    "The minister has found a chink in the opposition's armour.",
    'A chink of light showed under the door.',
    'The chink of glasses at the party.',
    'Sunlight came through chinks in the shutters.',
    'The Spastics Society changed its name to Scope in 1994.',
    'Hereditary spastic paraplegia is a rare condition.',
    'Botox can reduce spasticity in children with cerebral palsy.',
    'The Dutch hoe is kinder on the back.',
    'Keep the hoe sharp and the weeds will never get a hold.',
    'Hoe the beds on a dry day.',
    'You will need a Dutch hoe.',
    'You can see blue tits at the feeder.',
    'Sheila Dikshit served three terms as chief minister.',
    'Pat Cummins took four wickets.',
    'Alan Cumming hosted the awards.',
  ])('publishes: %s', (t) => expect(profane(t)).toBe(false));

  it.each([
    'you tit', 't1t for tat',
    'what a cock', 'c0ck and bull', 'suck my cock and bull',
    'you bastard', 'the bastard stole my bike', 'what a bastard', 'bastards, the lot of them', 'your bastard son',
    'the bastard son of my neighbour', 'b4stard sword',
    'what a pussy', 'you pussy', 'pu55y cat',
    'chinks go home', 'you chink', 'the chinks in the shop', 'ch1nk in the armour',
    'you spastic', 'what a spastic', 'stop being such a spastic', 'sp4stic paraplegia',
    'stupid hoe', 'what a hoe', 'hoes', 'that hoe', 'your hoe', 'h0e', 'dumb hoes in the garden',
    'you can see her tits',
    'dikshit', 'cumming', 'Cumming Hard',
    'We had a piss-up after the match.',
  ])('still refuses: %s', (t) => expect(profane(t)).toBe(true));
});

describe('the innocent senses cannot be borrowed by abuse', () => {
  // attempts from an adversarial review: each borrows a topic word, idiom or name rule that excuses the clean sense
  it.each([
    'Election season again, and that bitch Rayner is back on TV.', 'Hillary is a bitch and should be spayed.', 'Go see a vet, bitch.',
    'Bitch, you need spaying.', 'Look at the tits on that bird.', 'Check out the tits on that chick.', 'Her tits were out at the bird reserve.',
    "She's a dyke, throw her in the river.", 'Hang the dykes from the cliffs.', 'Burn the faggots like firewood.', 'Vote the prick out.',
    'The prick on the council should resign.', 'Boris is a great tit.', 'The great tit in Downing Street has done it again.',
    'Oh look, the bitch is back.', 'Our MP is the bastard of Istanbul.', 'Sit on my cock, it is a pipe.', 'She loves cock, especially the plumber\'s.',
    'Her pussy tastes like cat food.', 'The minister is a pussy, scared of his own cat.', "She's a hoe who's been in half the beds in town.",
    'Hoes belong in the kitchen, not the garden.', 'I hoe your mum.', 'You belong in the Spastics Society.', 'Go back to China, chink in the armour.',
    'What a tit for tat you are.', 'The mayor of this town is a Twatt.', 'Ride a Dildo, the town loves it.', "I'll cum laude on her face.",
    'Boris Dick Johnson is lying again.', 'Starmer is a gas cock.', "She's a cock-a-holic.", 'Sunak, the Bastard of Number Ten.',
    'The great tit on the feeder is smarter than the tit in Number 10.', 'The blue tit at the feeder is smarter than the great tit in Number 10.', 'Labour supports the vets in Plan B. Rayner is a bitch.',
    'Holy shiite.', 'What a load of Shiite.',
    // a second review
    'Throw the dykes in the river.', 'Those dykes are a drain on the NHS.', 'They are dykes, all of them, like the ones along the river.',
    'Beat the faggots with sticks.', 'Send that bitch back to the kennel.', 'Back to the kennel, bitch 😂', 'She іs a bitch, ask any breeder.',
    'Rayner is a brood bitch.', 'Boris is a blue tit.', 'She loves black cock.', 'His black cock was huge.',
    'Check out the tits on the presenter at the nature reserve.', 'The prick in Number 10 has blood on his hands.',
    'Those greedy bastards file their tax returns offshore.', 'Send the niggards back to Africa.', 'Koreans are chinks in the armour of this country.',
    'Get out of our town, Twatt.', 'Starmer, the Twatt, wants to visit the town.', 'Piece of Shiite.', 'Cuman all over her face.',
    'Keir "Dick" Starmer strikes again.', 'Megan Rapinoe Dyke of the year, again.', 'I hope the dykes by the river get what\'s coming.',
    'Hoes ain\'t loyal, they are like weeds.', 'Show my uncle your dick.',
  ])('refuses: %s', (t) => expect(profane(t)).toBe(true));

  it.each([
    'Prick up your ears: the minister is finally answering the question.',
    'The donkey sanctuary is wonderful, although the guide called one a stubborn old ass.',
    'Plymouth Hoe on a sunny day is hard to beat.',
    "The Famous Five's Dick, Julian, Anne and George kept me company every summer.",
    'Faggots, mash and mushy peas at the pub on Saturday.',
    'Dick Turpin was hanged at York in 1739.',
    'The Shiite clergy in Najaf issued a statement.',
    'Our bitch had a litter of seven last week.',
    'The Dutch have built sea dykes for centuries.',
    'Twatt is a real village in Orkney.',
    'The road to Twatt in Orkney was closed by snow.',
    'The downstairs was knocked through into a kitchen-cum-dining room.',
  ])('still publishes: %s', (t) => expect(profane(t)).toBe(false));
});
