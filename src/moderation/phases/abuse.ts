/**
 * Abuse: the evidence in the comment — slurs, threats, dehumanising comparisons, demeaning
 * generalisations, hatred, exclusion and insults, each with its target and use — decided by the
 * cue × target × use table, and the trained classifier's score as one more cue. The model's cue is
 * aimed where the other evidence is aimed (with none, at a thing or at nobody), and stands down when all of
 * that evidence is negated or condemned (counter-speech quotes the words it condemns) or when what moved it
 * is only someone else's quoted words.
 */
import { describeSpan, describesThing, findCues, speaksOfPeople, speaksOfViolence, type Cue, type Target } from '../analysis/evidence';
import { actionFor, explain } from '../analysis/policy-table';
import { getAbuseModel, scoreText, type AbuseModel, type ModelPhrase, type ModelScore } from '../classifier/model';
import { ACTION_RANK, type Action, type PhraseSpan } from '../types';
import type { Phase, PhaseContext } from './types';
import { HOLD_MESSAGE } from './types';

/**
 * What moved the model is someone else's words: no cue is asserted, and the author's own words (the comment
 * with its quotations blanked out) score below the threshold ("she called the plan 'idiotic'").
 */
function quotedOnly(ctx: PhaseContext, cues: readonly Cue[], model: AbuseModel, threshold: number): boolean {
  if (cues.some((c) => c.use === 'asserted')) return false;
  const own = ctx.analysis().ownWords();
  return own !== ctx.input.text && scoreText(model, own, false).score < threshold;
}

/**
 * Whom the model's verdict is aimed at when no cue says: a thing when the word that weighed most describes one
 * ("an idiotic waste of money", "Mr Hale's scheme is moronic"), or is aimed at one, read as a cue's target is, and
 * the comment speaks of no one ("This policy is idiotic"); else nobody in
 * particular, which holds: "full of brain-dead boomers" is aimed at them, whether or not they are a group.
 */
function modelAim(ctx: PhaseContext, explained: ModelScore): Target {
  const strongest = explained.phrases.reduce<ModelPhrase | null>((best, p) => (!best || p.weight > best.weight ? p : best), null);
  if (!strongest) return 'nobody';
  if (describesThing(ctx.analysis(), strongest.start)) return 'thing';
  const { target: aim, saidOf } = describeSpan(ctx.analysis(), strongest.start, strongest.end);
  // scorn said of people who are no protected group ("BMW drivers are arrogant idiots") is aimed at them, as a
  // cue's is, while the model is unsure enough to hold; beside a word of violence it may be a threat the rules
  // did not read, and holds
  if (aim === 'others' && saidOf && explained.score < ctx.settings.abuse.rejectThreshold && !speaksOfViolence(ctx.analysis())) return 'others';
  if (aim !== 'thing') return 'nobody';
  return speaksOfPeople(ctx.analysis()) ? 'nobody' : 'thing';
}

/**
 * In a comment of one or two words a single word's weight is the whole score, so the model holds it only when
 * it is as sure as it must be to refuse ("Scum." is held; "Opinion." is not, though the word keeps company
 * with sneering replies).
 */
const SHORT_WORDS = 3;

/** the targets a cue may give the model's verdict, the most protected first */
const AIM_ORDER: readonly Target[] = ['group', 'you', 'person', 'others'];
const wordCount = (text: string): number => text.match(/\p{L}+/gu)?.length ?? 0;

export const abusePhase: Phase = {
  name: 'abuse',
  run(ctx) {
    const { input, settings } = ctx;
    const s = settings.abuse;
    if (s.policy === 'off') return null;
    const model = getAbuseModel();
    const m = scoreText(model, input.text, false);
    ctx.scores.abuse = m.score;
    const cues = s.rules ? findCues(ctx.analysis()) : [];
    let action = 'publish' as Action;
    const phrases: PhraseSpan[] = [];
    const reasons = new Set<string>();
    const decide = (cue: Cue, a: Action, span = true) => {
      if (ACTION_RANK[a] > ACTION_RANK[action]) action = a;
      if (a !== 'publish') reasons.add(cue.cue);
      if (span) phrases.push({ text: cue.term, start: cue.start, end: cue.end, kind: cue.cue === 'model' ? 'abuse' : cue.cue, target: cue.target, use: cue.use, why: explain(cue, a) });
    };
    for (const cue of cues) decide(cue, actionFor(cue, settings));
    // (the words are counted only for a score that could hold: most comments score below every threshold)
    if (m.score >= s.holdThreshold && (m.score >= s.rejectThreshold || wordCount(input.text) >= SHORT_WORDS)) {
      // the words that weighed most, scored once for both whom the verdict is aimed at and what is shown
      let explained: ModelScore | undefined;
      const scoredWords = () => (explained ??= scoreText(model, input.text, true));
      const standsDown = cues.length > 0 && cues.every((c) => c.use === 'negated' || c.use === 'counter' || c.use === 'reported');
      // aimed at whoever the evidence aims at, the most protected first ("Lesbians just hate men … ugly and bitter"),
      // what the author says before what they deny or report
      const said = (c: Cue) => c.use === 'asserted' || c.use === 'questioned';
      const aimed = [true, false].flatMap((own) => AIM_ORDER.map((t) => cues.find((c) => c.target === t && said(c) === own))).find(Boolean) ?? cues[0];
      // people only a pronoun names may be anyone, a group among them: the model's verdict on them holds
      const modelCue: Cue = { cue: 'model', term: '', start: 0, end: 0, target: aimed?.unnamed ? 'nobody' : aimed?.target ?? modelAim(ctx, scoredWords()), use: standsDown ? 'counter' : quotedOnly(ctx, cues, model, s.holdThreshold) ? 'quoted' : 'asserted' };
      let a = actionFor(modelCue, settings);
      // the model's certainty refuses only beside evidence of whom the comment is aimed at: the model alone is
      // unsure, and unsure holds
      if (a !== 'publish' && m.score >= s.rejectThreshold && s.policy === 'reject' && aimed && !aimed.unnamed) a = 'reject';
      // the model's own words are shown only where no word of the evidence explains the decision, and then
      // only the few content words that weighed most
      if (a === 'reject' && aimed && ACTION_RANK[actionFor(aimed, settings)] < ACTION_RANK.reject) {
        // the model's certainty is what refuses: say so on the words the evidence found
        phrases.push({ text: aimed.term, start: aimed.start, end: aimed.end, kind: 'abuse', target: aimed.target, use: aimed.use, why: explain({ ...modelCue, term: aimed.term }, a) });
      } else if (!phrases.some((p) => p.why && !p.why.startsWith('allowed'))) {
        const scored = scoredWords();
        const words = scored.phrases.filter((p) => /\p{L}{4}/u.test(p.text)).sort((x, y) => y.weight - x.weight).slice(0, 3);
        for (const p of words) phrases.push({ text: p.text, start: p.start, end: p.end, kind: 'abuse', why: explain({ ...modelCue, term: p.text }, a) });
      }
      decide(modelCue, a, false);
    }
    if (action === 'publish') return null;
    if (action === 'reject' && s.policy === 'hold') action = 'hold';
    phrases.sort((a, b) => a.start - b.start);
    return {
      action,
      code: 'abuse',
      message:
        action === 'reject'
          ? `Your comment looks like abuse aimed at other people, which isn't allowed here. ${phrases.find((p) => p.why?.startsWith('refused'))?.why ?? ''} Please argue with the point, not the person.`.replace(/\s+/g, ' ')
          : HOLD_MESSAGE,
      reasons: [...reasons],
      scores: { abuse: m.score, model: m.score },
      phrases: phrases.filter((p) => p.why && !p.why.startsWith('allowed')),
    };
  },
};
