/**
 * Builds tools/train/trap-vocabulary.txt: ordinary English
 * words (from the system dictionaries, Debian packages wamerican and
 * wbritish) that contain a profane or slur string but are not profanity,
 * such as "grapevine", "basement", "Uranus". The abuse model is trained on
 * neutral sentences using them so that its character n-grams do not learn
 * "contains c-o-c-k = abuse". Words obscenity flags are left out (the
 * profanity phase owns those), and so are words that are crude or insulting
 * in their own right. Run: npx tsx scripts/make-trap-vocabulary.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_IGNORED_ENGLISH, getProfanityMatcher } from '../src/moderation/profanity';

const STEM = /ass|arse|cock|cum|cunt|dick|fag|shit|tit|twat|wank|piss|prick|rape|sex|anal|anus|penis|slut|whore|bitch|nig|crap|dyke|hoe|hooker|porn|semen|butt|tard|damn|hell|spic|kike|coon|homo|jizz|boob|turd|scat|bastard|slag|knob|bollock|tosser|git|suck|nazi|pussy|dildo|orgy|tits/i;
const CRUDE = new Set(['coon', 'coons', 'crap', 'crappy', 'damn', 'damned', 'hell', 'suck', 'sucks', 'sucker', 'suckers', 'slag', 'slags', 'whorehouse', 'whorehouses', 'porno', 'butt', 'butts', 'knob', 'knobs', 'tit', 'tits', 'hooker', 'hookers', 'homo', 'homos', 'scat']);
const dicts = ['/usr/share/dict/american-english', '/usr/share/dict/british-english'];
const words = new Set<string>();
for (const d of dicts) for (const w of readFileSync(d, 'utf8').split('\n')) if (/^[A-Za-z-]{3,}$/.test(w) && STEM.test(w) && !CRUDE.has(w.toLowerCase())) words.add(w);
const profanity = getProfanityMatcher({ ignore: DEFAULT_IGNORED_ENGLISH, words: [], allow: [] });
const kept = [...words].filter((w) => profanity.find(`the ${w} said`).length === 0).sort();
writeFileSync(new URL('../tools/train/trap-vocabulary.txt', import.meta.url), kept.join('\n') + '\n');
console.log(`${kept.length} words`);
