import type { ColumnType } from 'kysely';
import type { AuditAction } from '../domain/audit-actions';
import type { CommentStatus } from '../domain/comment-status';
import type { FlagReason, FlagResolution } from '../domain/flags';
import type { IdentityKind } from '../domain/identity';
import type { DiscussionState, PostStatus } from '../domain/posts';
import type { Role } from '../domain/roles';
import type { AppealStatus, SanctionKind } from '../domain/sanctions';
import type { DonationKind, DonationStatus, GrantKind } from '../domain/supporter-rules';

/** A column with a database default: optional when inserting. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

/**
 * Table types for Kysely. Times are ISO-8601 UTC strings (fixed width, so they sort as text on
 * both SQLite and PostgreSQL); booleans are 0/1 integers; JSON columns are text.
 */


export interface UsersTable {
  id: string;
  email: string;
  email_normalized: string;
  display_name: string;
  password_hash: string | null;
  created_at: string;
  email_verified_at: string | null;
  deleted_at: string | null;
  notify_replies: number;
  supporter_until: string | null; // cache of the supporter rules' result; null = not a supporter
  supporter_since: string | null;
  review_state: string | null; // e.g. 'ban_evasion' while moderators look at a linked account
  review_note: string | null;
  sso_subject: string | null;
  import_key: string | null;
  flag_reliability: number; // 0..1, weight of this user's flags
  comment_count: number; // kept by triggers (006): every comment the user wrote, any status
  published_comment_count: number; // of which published
  removed_comment_count: number; // of which removed by moderation
  auth_version: number; // moves with any change to the account, its roles or sanctions (008)
}

/** Comments per status, kept by triggers (006); only 'pending' is kept. */
export interface CommentCountsTable {
  status: CommentStatus;
  n: number;
}

export interface UserRolesTable {
  user_id: string;
  role: Role;
}

export interface SessionsTable {
  id: string; // sha256 of the cookie token
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  user_agent: string | null;
  ip: string | null;
}

export interface TokensTable {
  id: string; // sha256 of the token sent by mail
  purpose: string; // login | email_change | unsubscribe
  user_id: string | null;
  email: string | null;
  data: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface PostsTable {
  id: string;
  slug: string;
  title: string;
  standfirst: string;
  body_md: string;
  body_html: string;
  author_id: string | null;
  status: PostStatus;
  published_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  discussion: DiscussionState;
  discussion_closes_at: string | null;
  featured_image_url: string | null;
  featured_image_alt: string | null;
  sources: string; // JSON [{outlet, title, url, phrase?}]
  comment_count: number;
  canonical_url: string | null;
  import_key: string | null;
  thread_version?: number; // migration 002: bumped on every change to the post's comments (keys cached thread pages); optional so inserts may leave it to its default
}

export interface PostTagsTable {
  post_id: string;
  tag: string; // slug
  name: string;
}

export interface CommentsTable {
  id: string;
  post_id: string;
  parent_id: string | null;
  root_id: string | null; // the top-level comment of the thread; null for a top-level comment
  depth: number;
  author_id: string | null;
  body: string;
  body_html: string;
  status: CommentStatus;
  removed_reason: string | null;
  created_at: string;
  edited_at: string | null;
  like_count: number;
  reply_count: number; // all published descendants for a top-level comment, direct replies otherwise
  flag_weight: number;
  moderation: string | null; // JSON: the automated decision (reasons, score, phrases)
  import_key: string | null;
  /** 1 once readers have seen the comment published (006): its placeholder then keeps its place in the thread. */
  was_published?: number;
}

export interface CommentEditsTable {
  id: string;
  comment_id: string;
  body: string;
  edited_at: string;
}

export interface LikesTable {
  comment_id: string;
  user_id: string;
  created_at: string;
}

export interface FlagsTable {
  id: string;
  comment_id: string;
  user_id: string;
  reason: FlagReason;
  note: string | null;
  weight: number;
  created_at: string;
  resolution: FlagResolution | null;
}

export interface DonationsTable {
  id: string;
  user_id: string | null;
  provider: string; // stripe
  kind: DonationKind;
  amount: number; // minor units
  currency: string;
  status: DonationStatus;
  created_at: string;
  stripe_event_id: string | null;
  stripe_checkout_session_id: string | null;
  stripe_customer_id: string | null;
  stripe_payment_intent_id: string | null;
  stripe_charge_id: string | null;
  stripe_subscription_id: string | null;
  stripe_invoice_id: string | null;
  card_fingerprint: string | null;
  amount_refunded: Defaulted<number>; // minor units, the most Stripe has reported refunded (003)
  dispute_status: Defaulted<string | null>; // Stripe dispute status, e.g. needs_response, won, lost (003)
  dispute_event_created: Defaulted<number>; // provider time of the event that set dispute_status (003)
  period_end: Defaulted<string | null>; // for a recurring payment: the end of the period it pays for (003)
}

export interface SubscriptionsTable {
  id: string; // provider subscription id
  user_id: string | null;
  status: string;
  current_period_end: string | null;
  customer_id: string | null;
  updated_at: string;
  event_created: number; // provider event time, so older events never overwrite newer state
  amount: Defaulted<number | null>; // minor units per interval (003)
  currency: Defaulted<string | null>; // (003)
  cancel_at_period_end: Defaulted<number>; // 0/1 (003)
}

export interface SupporterGrantsTable {
  id: string;
  user_id: string;
  until: string | null; // null = open-ended
  note: string;
  granted_by: string | null;
  created_at: string;
  revoked_at: string | null;
  kind: Defaulted<GrantKind>; // (003)
}

export interface ProcessedEventsTable {
  id: string; // provider:event id
  received_at: string;
}

export interface SanctionsTable {
  id: string;
  user_id: string;
  kind: SanctionKind;
  starts_at: string;
  ends_at: string | null;
  reason: string;
  comment_id: string | null;
  created_by: string | null; // null = automatic (the ladder)
  created_at: string;
  lifted_at: string | null;
  lifted_by: string | null;
  lift_reason: string | null;
}

export interface StrikesTable {
  id: string;
  user_id: string;
  comment_id: string | null;
  reason: string;
  created_at: string;
  expires_at: string;
  created_by: string | null;
}

export interface BanIdentitiesTable {
  id: string;
  kind: IdentityKind;
  value_hash: string;
  user_id: string;
  sanction_id: string;
  created_at: string;
}

export interface AppealsTable {
  id: string;
  sanction_id: string;
  user_id: string;
  body: string;
  status: AppealStatus;
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
  decision_reason: string | null;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null; // null = Parley itself
  action: AuditAction;
  target_kind: string;
  target_id: string | null;
  reason: string | null;
  before: string | null;
  after: string | null;
}

export interface MailOutboxTable {
  id: string;
  to_address: string;
  subject: string;
  text: string;
  html: string | null;
  created_at: string;
  sent_at: string | null;
  error: string | null;
}

export interface SettingsTable {
  key: string;
  value: string; // JSON
}

export interface NotificationLogTable {
  user_id: string;
  thread_key: string;
  sent_at: string;
}

export interface RedirectsTable {
  from_path: string;
  to_path: string;
}

export interface SsoTokensTable {
  jti: string;
  expires_at: string;
}


export interface Database {
  users: UsersTable;
  comment_counts: CommentCountsTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  tokens: TokensTable;
  posts: PostsTable;
  post_tags: PostTagsTable;
  comments: CommentsTable;
  comment_edits: CommentEditsTable;
  likes: LikesTable;
  flags: FlagsTable;
  donations: DonationsTable;
  subscriptions: SubscriptionsTable;
  supporter_grants: SupporterGrantsTable;
  processed_events: ProcessedEventsTable;
  sanctions: SanctionsTable;
  strikes: StrikesTable;
  ban_identities: BanIdentitiesTable;
  appeals: AppealsTable;
  audit_log: AuditLogTable;
  mail_outbox: MailOutboxTable;
  settings: SettingsTable;
  notification_log: NotificationLogTable;
  redirects: RedirectsTable;
  sso_tokens: SsoTokensTable;
}
