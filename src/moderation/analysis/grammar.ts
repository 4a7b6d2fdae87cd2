/**
 * The function words the evidence step reads sentence structure with (`src/moderation/data/grammar.json`):
 * named classes such as the words that break a clause or the verbs whose denial denies what follows. Checked
 * when loaded; the code names a class, the data file holds its words.
 */
import grammarFile from '../data/grammar.json';
import { dataError, dataFile, wordList } from '../data-check';

export const GRAMMAR_CLASSES = [
  'butAfter', 'clauseBreak', 'stopVerbs', 'placeBefore', 'oneOf', 'passiveAux', 'firstPersonOwn', 'about', 'causative', 'indefinite',
  'subjectAux', 'relative', 'thinking', 'receiving', 'speakerOrYou', 'fillers', 'quantifiers', 'needOrWant', 'beOrGet', 'firstPersonObject',
  'firstPerson', 'notASubject', 'counting', 'normative', 'speakerIs', 'isAfterSpeaker', 'linkWords', 'semiModals', 'be', 'possessive',
  'possessiveMark', 'thingPronouns', 'calendar', 'relativeSubject', 'oneMember', 'thisOne', 'collective', 'deserving', 'subordinators',
  'timeNouns', 'fullOf', 'standIns', 'anyOne', 'intensifiers',
] as const;

export type GrammarClass = (typeof GRAMMAR_CLASSES)[number];
export type Grammar = Record<GrammarClass, ReadonlySet<string>>;

/** Checks data/grammar.json (or a file of its shape): every class the code reads, each with a note and its words. */
export function validateGrammarData(file: unknown): Grammar {
  const f = dataFile(file, 'grammar');
  const classes = f.classes;
  if (!classes || typeof classes !== 'object' || Array.isArray(classes)) dataError('grammar.classes', 'must map class names to classes');
  const known = new Set<string>(GRAMMAR_CLASSES);
  for (const name of Object.keys(classes)) if (!known.has(name)) dataError(`grammar.classes.${name}`, 'is not a class the evidence step reads');
  const out = {} as Record<GrammarClass, ReadonlySet<string>>;
  for (const name of GRAMMAR_CLASSES) {
    const c = (classes as Record<string, unknown>)[name];
    if (!c || typeof c !== 'object') dataError(`grammar.classes.${name}`, 'is missing');
    const { note, words } = c as Record<string, unknown>;
    if (typeof note !== 'string' || !note.trim()) dataError(`grammar.classes.${name}.note`, 'must say what the class is read for');
    out[name] = new Set(wordList(words, `grammar.classes.${name}.words`));
  }
  return out;
}

export const GRAMMAR: Grammar = validateGrammarData(grammarFile);
