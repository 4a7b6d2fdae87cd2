/**
 * The cue × target × use table (`src/moderation/data/policy.json`): what a
 * piece of evidence leads to. A cell names an action or a site setting
 * (`$name` → `settings.evidence.name`, `$profanity` → `settings.profanity.policy`),
 * so a site changes the policy on its settings page without touching code.
 */
import policyFile from '../data/policy.json';
import { ACTION_RANK, type Action, type ModerationSettings, type Policy } from '../types';
import type { Cue, CueKind, Target, Use } from './evidence';

type Cell = Action | `$${string}`;
interface Row {
  target: Record<Target, Cell>;
  use: Partial<Record<Exclude<Use, 'asserted'>, Cell>>;
}

const TARGETS: readonly Target[] = ['you', 'person', 'group', 'others', 'thing', 'nobody'];
const USES: ReadonlyArray<Exclude<Use, 'asserted'>> = ['negated', 'quoted', 'reported', 'questioned', 'counter'];
const KINDS: readonly CueKind[] = ['profanity', 'slur', 'homonym', 'threat', 'dehumanise', 'derogate', 'hate', 'exclusion', 'insult', 'model'];
const ACTIONS = new Set(['publish', 'hold', 'reject']);

/** Setting names a cell may refer to, each an `evidence` setting except `$profanity`. */
export const EVIDENCE_POLICY_SETTINGS = ['profanityQuoted', 'slurMentioned', 'slurCondemned', 'threats', 'dehumanisingAtGroup', 'hateAtGroup', 'insultAtYou', 'insultAtPerson'] as const;
export type EvidencePolicySetting = (typeof EVIDENCE_POLICY_SETTINGS)[number];

function validCell(v: unknown): v is Cell {
  if (typeof v !== 'string') return false;
  if (v.startsWith('$')) return v === '$profanity' || (EVIDENCE_POLICY_SETTINGS as readonly string[]).includes(v.slice(1));
  return ACTIONS.has(v);
}

/** Checks the table file: every cue kind, every target, only known uses and cells. */
export function validatePolicyTable(file: unknown): Record<CueKind, Row> {
  const cues = (file as { version?: unknown; cues?: Record<string, Row> })?.cues;
  if ((file as { version?: unknown })?.version !== 1 || !cues) throw new Error('moderation data: policy.version must be 1 with cues');
  for (const kind of KINDS) {
    const row = cues[kind];
    if (!row) throw new Error(`moderation data: policy.cues.${kind} is missing`);
    for (const t of TARGETS) if (!validCell(row.target?.[t])) throw new Error(`moderation data: policy.cues.${kind}.target.${t} must be an action or a setting`);
    for (const [u, cell] of Object.entries(row.use ?? {})) {
      if (!(USES as readonly string[]).includes(u)) throw new Error(`moderation data: policy.cues.${kind}.use.${u} is not a use`);
      if (!validCell(cell)) throw new Error(`moderation data: policy.cues.${kind}.use.${u} must be an action or a setting`);
    }
  }
  return cues as Record<CueKind, Row>;
}

const TABLE = validatePolicyTable(policyFile);

const fromPolicy = (p: Policy): Action => (p === 'off' ? 'publish' : p);

/** The action the table gives one cue under the site's settings. */
export function actionFor(cue: Pick<Cue, 'cue' | 'target' | 'use'>, settings: ModerationSettings): Action {
  const row = TABLE[cue.cue];
  const aimed = resolve(row.target[cue.target], settings);
  const useCell = cue.use !== 'asserted' ? row.use[cue.use] : undefined;
  // how words are used can soften what their target calls for, never harden it
  if (useCell === undefined) return aimed;
  const used = resolve(useCell, settings);
  return ACTION_RANK[used] < ACTION_RANK[aimed] ? used : aimed;
}


function resolve(cell: Cell, settings: ModerationSettings): Action {
  if (!cell.startsWith('$')) return cell as Action;
  const name = cell.slice(1);
  if (name === 'profanity') return fromPolicy(settings.profanity.policy);
  return fromPolicy(settings.evidence[name as EvidencePolicySetting]);
}

const TARGET_TEXT: Record<Target, string> = {
  you: 'aimed at you or another reader',
  person: 'aimed at a person',
  group: 'aimed at a group',
  others: 'about people in general',
  thing: 'about a thing or an idea',
  nobody: 'aimed at nobody',
};
const USE_TEXT: Record<Use, string> = {
  asserted: '',
  negated: ', negated',
  quoted: ', in a quotation',
  reported: ', in reported speech',
  questioned: ', asked as a question',
  counter: ', quoted to condemn it',
};
const CUE_TEXT: Record<CueKind, string> = {
  profanity: 'profanity',
  slur: 'a slur',
  homonym: 'a word that is a slur in one of its senses',
  threat: 'a threat',
  dehumanise: 'a dehumanising comparison',
  derogate: 'a demeaning generalisation',
  hate: 'hatred',
  exclusion: 'exclusion',
  insult: 'an insult',
  model: 'abusive wording',
};

/** One line a moderator or the author reads: "held: 'vermin' (a dehumanising comparison) aimed at a group (Roma)". */
export function explain(cue: Cue, action: Action): string {
  const verb = action === 'reject' ? 'refused' : action === 'hold' ? 'held' : 'allowed';
  const who = cue.target === 'group' && cue.group ? `${TARGET_TEXT.group} (${cue.group})` : TARGET_TEXT[cue.target];
  return `${verb}: “${cue.term}” (${CUE_TEXT[cue.cue]}) ${who}${USE_TEXT[cue.use]}`;
}
