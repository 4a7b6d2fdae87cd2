/** Ambiguous words (tit, ass, dyke, prick, cum, Dick, …): innocent senses published, abusive uses and disguises still refused. */
import { describe, expect, it } from 'vitest';
import { moderateLine } from '../../src/moderation/stream';

const profane = (t: string) => moderateLine(1, t).reasons.includes('profanity');

describe('ambiguous words in the profanity phase', () => {
  it.each([
    'Marsh tits visited the feeder twice this morning.',
    'The kiang is a wild ass of the high plateau.',
    'A dyke of basalt runs along the cliff.',
    'The dykes in the Fens were cleared of weed.',
    'Pin prick tests were normal.',
    'Prick the potatoes before baking.',
    'She left with a degree summa cum laude.',
    'A bedroom-cum-study on the top floor.',
    'Dick Smith opened the new wing of the hospital.',
    'Our spaniel bitch is due to whelp next week.',
  ])('publishes the innocent sense: %s', (t) => expect(profane(t)).toBe(false));

  it.each([
    'you dick', 'what a dick', 'dickhead', 'You Are A Dick', 'you great tit', 'great tits on that one', 'nice tits', 'you prick',
    'what a little prick', 'kiss my ass', 'you stupid ass, the donkey has more sense', 'she is a dyke', 'son of a bitch',
    'you are a prick of the highest order', 'd1ck', 't1ts', 'p r i c k', 'DICK', 'cum on her face', 'Dick Head',
    // a topic word does not excuse sexual or second-person context in the same sentence
    'nice big tits by the bird table', 'show us your tits at the nest', 'grab the ass by the donkey sanctuary', 'a tiny prick of a man',
    'that bitch and her dogs', 'the councillor is a dyke who walks along the bank',
  ])('still refuses: %s', (t) => expect(profane(t)).toBe(true));
});
