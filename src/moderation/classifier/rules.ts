/**
 * Hand-written rules for the abuse the statistical model is weakest on in
 * news comments: threats and insults aimed at a person ("you are a pathetic
 * moron", "people like you should be shot"). Each rule gives a score floor.
 */
import { foldText } from '../text';

export type RuleKind = 'threat' | 'insult';

export interface RuleHit {
  kind: RuleKind;
  rule: string;
  score: number;
  text: string;
  start: number;
  end: number;
}

export interface RuleResult {
  score: number;
  hits: RuleHit[];
}

const STRONG_NOUN =
  "(?:moron|idiot|imbecile|cretin|retard|scum|scumbag|dirtbag|dumbass|jackass|dipshit|lowlife|low-life|subhuman|sub-human|vermin|degenerate|numbskull|nitwit|halfwit|dimwit|dunce|ignoramus|dolt|simpleton|piece of (?:shit|crap|garbage|trash|filth|work)|waste of (?:space|oxygen|skin|air)|bottom feeder|parasite|pig|cockroach|maggot|rat|worm|animal|freak|pervert|psycho|loser|clown|buffoon|fool|muppet|troll|tosser|git|plonker|prat|wanker|knobhead|bellend|twit|nutjob|nutcase|lunatic)e?s?";
const ADJ =
  "(?:stupid|pathetic|ignorant|brainless|worthless|disgusting|dumb|clueless|deluded|delusional|sad|miserable|spineless|ugly|fat|little|absolute|complete|total|utter|lying|braindead|brain-dead|thick|gutless|vile|sick|sorry|useless|hopeless|filthy|dirty|lazy|whiny|whining|cowardly|senile|demented|unhinged|insane|crazy|uneducated|illiterate|moronic|idiotic|fucking|f\\*+ing|bloody|damn|pompous|smug|arrogant|self-righteous|typical|left-wing|right-wing|leftist|liberal|conservative|woke|libtard|trumptard)";
const YOU = "(?:you|u|ya|ye|yous|youse)";
const BE = "(?:\\s+(?:are|r|were|is|re)|'re|'r|\\s+'re)?";
const ARTICLE = "(?:\\s+(?:such|just|only|really|nothing\\s+but|a|an|the|one|bunch\\s+of|pack\\s+of|of|biggest|real|total|complete|absolute|certified|proper|right))*";
const ADJS = `(?:[\\s,]+${ADJ})*`;

const THREAT_PASSIVE =
  '(?:be|get|got|getting|being)\\s+(?:shot|hanged|hung|lynched|killed|executed|murdered|strung\\s+up|beaten(?:\\s+up)?|stabbed|gassed|burned|burnt|put\\s+down|exterminated|shot\\s+dead|taken\\s+out\\s+and\\s+shot|lined\\s+up\\s+and\\s+shot|raped|tortured|deported\\s+or\\s+shot)';
const MODAL = "(?:should|ought\\s+to|deserves?\\s+to|needs?\\s+to|must|will|'ll|gonna|going\\s+to|oughta)";
const PERSONAL_SUBJECT =
  "(?:you|u|you\\s+people|you\\s+lot|your\\s+kind|people\\s+like\\s+(?:you|u|them|him|her)|the\\s+likes\\s+of\\s+(?:you|them)|all\\s+of\\s+(?:you|them)|every\\s+(?:one|last\\s+one)\\s+of\\s+(?:you|them)|you\\s+all|y'all|these\\s+people|those\\s+people|they\\s+all|them\\s+all|all\\s+(?:liberals|conservatives|democrats|republicans|immigrants|muslims|jews|christians|gays|leftists|tories|women|men))";

interface Rule {
  name: string;
  kind: RuleKind;
  score: number;
  re: RegExp;
  /** a word the rule cannot match without: rules whose trigger is absent are skipped */
  need?: RegExp;
}

const R = (s: string) => new RegExp(s, 'g');
const THREAT_NEED = /\b(?:shot|hanged|hung|lynched|killed|executed|murdered|strung|beaten|stabbed|gassed|burned|burnt|put|exterminated|taken|lined|raped|tortured|deported)\b/;
const NOUN_NEED = new RegExp(`\\b${STRONG_NOUN}`);

const RULES: Rule[] = [
  // threats
  { name: 'wish-harm-you', kind: 'threat', score: 0.99, need: THREAT_NEED, re: R(`\\b${PERSONAL_SUBJECT}\\s+${MODAL}\\s+${THREAT_PASSIVE}\\b`) },
  { name: 'should-die', kind: 'threat', score: 0.97, need: /\b(?:die|rot|burn|hang|dead)\b/, re: R(`\\b${PERSONAL_SUBJECT}\\s+${MODAL}\\s+(?:die|rot|burn|hang|be\\s+dead|drop\\s+dead)\\b`) },
  {
    name: 'i-will-hurt-you',
    kind: 'threat',
    score: 0.99,
    need: /\b(?:you|u|ya|your|yours)\b/, re: R(
      `\\b(?:i|we)(?:'ll|'m\\s+going\\s+to|'m\\s+gonna|\\s+will|\\s+shall|\\s+am\\s+going\\s+to|\\s+am\\s+gonna|\\s+are\\s+going\\s+to|\\s+would\\s+love\\s+to|\\s+want\\s+to|\\s+wanna|\\s+gonna|\\s+should)\\s+(?:\\w+\\s+)?(?:kill|shoot|stab|murder|strangle|hang|beat|punch|hurt|gut|slap|choke|smash|bash|break|burn|find|hunt\\s+down|come\\s+for|end)\\s+(?:you|u|ya|your|yours)\\b`,
    ),
  },
  { name: 'self-harm', kind: 'threat', score: 0.98, re: R(`\\b(?:kill|hang|shoot|off)\\s+(?:yo)?urself\\b|\\bkys\\b|\\bgo\\s+(?:and\\s+)?(?:die|hang\\s+yourself)\\b|\\bdrop\\s+dead\\b`) },
  { name: 'hope-you-die', kind: 'threat', score: 0.98, need: /\bhope\b/, re: R(`\\bi\\s+hope\\s+${YOU}\\s+(?:die|get\\s+(?:cancer|shot|raped|killed|hit\\s+by)|rot|burn|choke|suffer)\\b`) },
  { name: 'know-where-you-live', kind: 'threat', score: 0.97, re: R(`\\b(?:i|we)\\s+know\\s+where\\s+${YOU}\\s+live\\b|\\bwatch\\s+your\\s+back\\b|\\byou(?:'ll|\\s+will)\\s+(?:be|end\\s+up)\\s+dead\\b`) },
  { name: 'should-be-harmed', kind: 'threat', score: 0.8, need: THREAT_NEED, re: R(`\\b(?:he|she|they|him|her)\\s+${MODAL}\\s+${THREAT_PASSIVE}\\b`) },
  // insults aimed at the reader ("you") or another commenter
  { name: 'you-are-insult', kind: 'insult', score: 0.95, need: NOUN_NEED, re: R(`\\b(?:${YOU}${BE}|your|ur|you'?re)${ARTICLE}${ADJS}\\s+${STRONG_NOUN}\\b`) },
  { name: 'you-adj-noun', kind: 'insult', score: 0.95, need: NOUN_NEED, re: R(`\\b${YOU}(?:[\\s,]+${ADJ})+\\s+${STRONG_NOUN}\\b`) },
  { name: 'what-an-idiot-you-are', kind: 'insult', score: 0.9, need: NOUN_NEED, re: R(`\\bwhat\\s+an?${ADJS}\\s+${STRONG_NOUN}\\s+${YOU}\\s+(?:are|r)\\b`) },
  { name: 'you-are-adj', kind: 'insult', score: 0.75, need: /\b(?:stupid|pathetic|brainless|worthless|disgusting|moronic|idiotic|braindead|brain-dead|retarded|subhuman|vile)\b/, re: R(`\\b${YOU}${BE}\\s+(?:so\\s+|such\\s+an?\\s+|really\\s+|just\\s+|truly\\s+)?(?:stupid|pathetic|brainless|worthless|disgusting|moronic|idiotic|braindead|brain-dead|retarded|subhuman|vile)\\b`) },
  { name: 'shut-up', kind: 'insult', score: 0.7, need: /\bshut\b|\bstfu\b/, re: R(`\\bshut\\s+(?:the\\s+\\w+\\s+)?up\\b|\\bshut\\s+your\\s+(?:mouth|trap|face|gob|pie\\s*hole)\\b|\\bstfu\\b`) },
  // someone else called a strong name ("the minister is a moron"): held for a person to judge
  { name: 'is-insult', kind: 'insult', score: 0.72, need: NOUN_NEED, re: R(`\\b(?:is|are|'s|was|were)${ARTICLE}${ADJS}\\s+(?:moron|idiot|imbecile|cretin|retard|scum|scumbag|dirtbag|dumbass|jackass|lowlife|subhuman|vermin|piece of (?:shit|crap|garbage|trash|filth)|waste of (?:space|oxygen|skin))e?s?\\b`) },
];

export function matchRules(raw: string): RuleResult {
  const f = foldText(raw);
  const text = f.text.replace(/[\u2018\u2019`]/g, "'");
  const hits: RuleHit[] = [];
  let score = 0;
  for (const rule of RULES) {
    if (rule.need && !rule.need.test(text)) continue;
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re)) {
      const start = f.map[m.index]!;
      const end = f.map[m.index + m[0].length]!;
      hits.push({ kind: rule.kind, rule: rule.name, score: rule.score, text: raw.slice(start, end), start, end });
      if (rule.score > score) score = rule.score;
    }
  }
  return { score, hits };
}
