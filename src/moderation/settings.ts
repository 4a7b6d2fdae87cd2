/** Default moderation settings and validation for the admin settings form. */
import { DEFAULT_IGNORED_ENGLISH } from './profanity';
import type { ModerationSettings, Policy } from './types';

export const DEFAULT_MODERATION_SETTINGS: ModerationSettings = Object.freeze({
  rateLimit: { enabled: true, perMinute: 3, perHour: 30, perPostPer10Min: 6 },
  repeatPost: { policy: 'reject' },
  length: { maxChars: 5000 },
  links: { maxLinks: 5, policy: 'reject', holdNewSupporterLinks: 3 },
  wordLists: { blocked: [], watched: [], blockedPolicy: 'reject' },
  profanity: { policy: 'reject', extraWords: [], allowWords: [], ignoreWords: [...DEFAULT_IGNORED_ENGLISH] },
  // the hold threshold is one of those training finds as good as the best (the model file's suggested.nearBest)
  abuse: { policy: 'reject', holdThreshold: 0.73, rejectThreshold: 0.92, rules: true },
  evidence: {
    profanityQuoted: 'hold',
    slurMentioned: 'hold',
    slurCondemned: 'off',
    threats: 'reject',
    dehumanisingAtGroup: 'reject',
    hateAtGroup: 'hold',
    insultAtYou: 'hold',
    insultAtPerson: 'hold',
    extraGroups: [],
    extraSlurs: [],
    extraInsults: [],
  },
  newSupporters: { holdFirstComments: 0 },
}) as ModerationSettings;

export interface SettingsError {
  /** dotted path of the field, e.g. "abuse.holdThreshold" */
  path: string;
  message: string;
}

export type ValidateResult = { ok: true; settings: ModerationSettings } | { ok: false; errors: SettingsError[] };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const POLICIES: readonly Policy[] = ['reject', 'hold', 'off'];

/**
 * Check settings from the admin form (any JSON value). Missing fields take
 * their defaults, so a partial object is fine; unknown fields are errors.
 * Returns the complete settings or every problem found.
 */
export function validateSettings(input: unknown): ValidateResult {
  const errors: SettingsError[] = [];
  const d = DEFAULT_MODERATION_SETTINGS as unknown as Record<string, Obj>;
  if (!isObj(input)) return { ok: false, errors: [{ path: '', message: 'settings must be an object' }] };
  const out: Record<string, Obj> = {};
  for (const key of Object.keys(input)) if (!(key in d)) errors.push({ path: key, message: 'unknown setting' });
  for (const [section, defaults] of Object.entries(d)) {
    const given = input[section];
    if (given !== undefined && !isObj(given)) {
      errors.push({ path: section, message: 'must be an object' });
      continue;
    }
    const sec: Obj = {};
    for (const key of Object.keys(given ?? {})) if (!(key in defaults)) errors.push({ path: `${section}.${key}`, message: 'unknown setting' });
    for (const [key, def] of Object.entries(defaults)) {
      const path = `${section}.${key}`;
      const v = given?.[key] ?? def;
      if (typeof def === 'boolean') {
        if (typeof v !== 'boolean') errors.push({ path, message: 'must be true or false' });
      } else if (typeof def === 'number') {
        const isThreshold = key.endsWith('Threshold');
        if (typeof v !== 'number' || !Number.isFinite(v)) errors.push({ path, message: 'must be a number' });
        else if (isThreshold && (v < 0 || v > 1)) errors.push({ path, message: 'must be between 0 and 1' });
        else if (!isThreshold && (!Number.isInteger(v) || v < 0)) errors.push({ path, message: 'must be a whole number, 0 or more' });
        else if (key === 'maxChars' && v < 1) errors.push({ path, message: 'must be at least 1' });
      } else if (Array.isArray(def)) {
        if (!Array.isArray(v) || v.some((w) => typeof w !== 'string')) errors.push({ path, message: 'must be a list of words' });
        else {
          const bad = v.find((w) => (w as string).trim().replace(/\*$/, '').trim().length === 0 || (w as string).length > 100);
          if (bad !== undefined) errors.push({ path, message: `invalid word "${String(bad)}" (empty or over 100 characters)` });
        }
      } else if (typeof def === 'string') {
        if (!POLICIES.includes(v as Policy)) errors.push({ path, message: `must be one of ${POLICIES.join(', ')}` });
      }
      sec[key] = Array.isArray(v) ? [...(v as string[])].map((w) => w.trim()) : v;
    }
    out[section] = sec;
  }
  const abuse = out.abuse;
  if (!errors.some((e) => e.path.startsWith('abuse.')) && abuse && (abuse.holdThreshold as number) > (abuse.rejectThreshold as number)) {
    errors.push({ path: 'abuse.holdThreshold', message: 'must not be above the reject threshold' });
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, settings: out as unknown as ModerationSettings };
}
