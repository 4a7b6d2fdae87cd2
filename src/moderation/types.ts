/** Types of Parley's automated moderation pipeline. */

export type Action = 'publish' | 'hold' | 'reject';

/** How strong an action is: reject beats hold beats publish. */
export const ACTION_RANK: Readonly<Record<Action, number>> = { publish: 0, hold: 1, reject: 2 };
export type Policy = 'reject' | 'hold' | 'off';
export type Sanction = 'none' | 'warned' | 'suspended' | 'banned';

/** API error codes for rejected comments. */
export type RejectCode =
  | 'profanity'
  | 'abuse'
  | 'too_long'
  | 'empty'
  | 'too_many_links'
  | 'banned_word'
  | 'repeat_post'
  | 'rate_limited'
  | 'sign_in_required'
  | 'supporters_only'
  | 'banned'
  | 'suspended'
  | 'discussion_closed';

export interface ModerationUser {
  id: string;
  isSupporter: boolean;
  sanction: Sanction;
  underReview: boolean;
  publishedCommentCount: number;
  /** ISO date the user became a supporter */
  supporterSince: string | null;
}

export interface ModerationSettings {
  /** comments per user per minute / hour, and per user per post per 10 minutes; the counts exclude the new comment */
  rateLimit: { enabled: boolean; perMinute: number; perHour: number; perPostPer10Min: number };
  repeatPost: { policy: Policy };
  length: { maxChars: number };
  links: {
    /** more links than this: too_many_links */
    maxLinks: number;
    policy: Policy;
    /** the first N published comments of a supporter that contain links are held */
    holdNewSupporterLinks: number;
  };
  wordLists: {
    /** "word" matches the whole word, "word*" any word starting with it; phrases allowed */
    blocked: string[];
    watched: string[];
    blockedPolicy: Policy;
  };
  profanity: {
    policy: Policy;
    /** words added to the English list */
    extraWords: string[];
    /** words and phrases never counted (place names, surnames) */
    allowWords: string[];
    /** English-list words not counted as profanity on this site */
    ignoreWords: string[];
  };
  abuse: {
    policy: Policy;
    /** score >= hold threshold: held for review */
    holdThreshold: number;
    /** score >= reject threshold: rejected (held instead when policy is 'hold') */
    rejectThreshold: number;
    /** threat and direct-insult rules on top of the model */
    rules: boolean;
  };
  /**
   * The cells of the cue × target × use table a site may change (src/moderation/data/policy.json), and words
   * the site adds to the data files' lists.
   */
  evidence: {
    /** profanity inside quotation marks or reported speech */
    profanityQuoted: Policy;
    /** a slur quoted, reported or negated rather than used */
    slurMentioned: Policy;
    /** a slur quoted or reported in order to condemn it ("my son was called a '…' at school; unacceptable") */
    slurCondemned: Policy;
    /** a wish, promise or call to harm a person or a group */
    threats: Policy;
    /** vermin, parasites, animals: a group compared to things that are not human */
    dehumanisingAtGroup: Policy;
    /** hatred, demeaning generalisations and exclusion aimed at a group */
    hateAtGroup: Policy;
    /** insults aimed at the reader or another commenter */
    insultAtYou: Policy;
    /** insults aimed at a named person */
    insultAtPerson: Policy;
    /** words naming groups the site protects, beyond the built-in list */
    extraGroups: string[];
    /** slurs beyond the built-in list */
    extraSlurs: string[];
    /** insults beyond the built-in list */
    extraInsults: string[];
  };
  newSupporters: {
    /** hold every comment of a supporter until they have this many published (0 = off) */
    holdFirstComments: number;
  };
}

export interface PhraseSpan {
  text: string;
  /** UTF-16 offsets into the comment text */
  start: number;
  end: number;
  kind: 'profanity' | 'abuse' | 'threat' | 'insult' | 'slur' | 'homonym' | 'dehumanise' | 'derogate' | 'hate' | 'exclusion' | 'banned_word' | 'watched_word' | 'link';
  /** whom the words are aimed at and how they are used, for evidence from the content checks */
  target?: string;
  use?: string;
  /** one line for people: "held: “vermin” (a dehumanising comparison) aimed at a group (Roma and Travellers)" */
  why?: string;
}

export interface ModerationInput {
  /** raw comment body as written (markdown-ish) */
  text: string;
  now: Date;
  user: ModerationUser | null;
  post: { id: string; discussionOpen: boolean };
  recent: {
    userCommentsLastMinute: number;
    userCommentsLastHour: number;
    userCommentsOnPostLast10Min: number;
    userRecentBodies: string[];
  };
  settings: ModerationSettings;
}

/** What one phase decided; phases return null for "no opinion". */
export interface PhaseDecision {
  action: Action;
  code: string;
  /** human text shown to the author */
  message: string;
  reasons: string[];
  scores?: Record<string, number>;
  phrases?: PhraseSpan[];
}

export interface Reason {
  phase: string;
  code: string;
  message: string;
  action: Action;
}

export interface ModerationResult {
  decision: Action;
  /** API error code when rejected, else null */
  code: RejectCode | string | null;
  message: string;
  reasons: Reason[];
  /** held or rejected for profanity or abuse */
  abusive: boolean;
  /** abuse score 0..1 */
  score: number;
  phrases: PhraseSpan[];
}
