import type { Kysely } from 'kysely';

/* Every table Parley needs from the start. Written with Kysely's schema builder only, so the
   same migration runs on SQLite and PostgreSQL. */

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('email_normalized', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('email_verified_at', 'text')
    .addColumn('deleted_at', 'text')
    .addColumn('notify_replies', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('supporter_until', 'text')
    .addColumn('supporter_since', 'text')
    .addColumn('review_state', 'text')
    .addColumn('review_note', 'text')
    .addColumn('sso_subject', 'text', (c) => c.unique())
    .addColumn('import_key', 'text', (c) => c.unique())
    .addColumn('flag_reliability', 'real', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('users_email_normalized').on('users').column('email_normalized').execute();
  await db.schema.createIndex('users_review_state').on('users').column('review_state').execute();

  await db.schema
    .createTable('user_roles')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text')
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('email', 'text')
    .addColumn('data', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createTable('posts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('standfirst', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_md', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('discussion', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('discussion_closes_at', 'text')
    .addColumn('featured_image_url', 'text')
    .addColumn('featured_image_alt', 'text')
    .addColumn('sources', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('canonical_url', 'text')
    .addColumn('import_key', 'text', (c) => c.unique())
    .execute();
  await db.schema.createIndex('posts_status_published').on('posts').columns(['status', 'published_at', 'id']).execute();
  await db.schema.createIndex('posts_author').on('posts').columns(['author_id', 'published_at']).execute();

  await db.schema
    .createTable('post_tags')
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_tags_pk', ['post_id', 'tag'])
    .execute();
  await db.schema.createIndex('post_tags_tag').on('post_tags').columns(['tag', 'post_id']).execute();

  await db.schema
    .createTable('comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('parent_id', 'text')
    .addColumn('root_id', 'text')
    .addColumn('depth', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('removed_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .addColumn('like_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('flag_weight', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('moderation', 'text')
    .addColumn('import_key', 'text', (c) => c.unique())
    .execute();
  // Top-level comments of a post, oldest/newest by id (ids are time-ordered) and top by likes.
  await db.schema.createIndex('comments_post_depth_id').on('comments').columns(['post_id', 'depth', 'id']).execute();
  await db.schema.createIndex('comments_post_depth_likes').on('comments').columns(['post_id', 'depth', 'like_count', 'id']).execute();
  // All replies of a page of threads in one query.
  await db.schema.createIndex('comments_root_id').on('comments').columns(['root_id', 'id']).execute();
  await db.schema.createIndex('comments_author_created').on('comments').columns(['author_id', 'created_at']).execute();
  await db.schema.createIndex('comments_status_created').on('comments').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('comment_edits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('comment_id', 'text', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comment_edits_comment').on('comment_edits').column('comment_id').execute();

  await db.schema
    .createTable('likes')
    .addColumn('comment_id', 'text', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('likes_pk', ['comment_id', 'user_id'])
    .execute();
  await db.schema.createIndex('likes_user').on('likes').column('user_id').execute();

  await db.schema
    .createTable('flags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('comment_id', 'text', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('weight', 'real', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text')
    .addUniqueConstraint('flags_once', ['comment_id', 'user_id'])
    .execute();
  await db.schema.createIndex('flags_user').on('flags').column('user_id').execute();

  await db.schema
    .createTable('donations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('stripe_event_id', 'text')
    .addColumn('stripe_checkout_session_id', 'text', (c) => c.unique())
    .addColumn('stripe_customer_id', 'text')
    .addColumn('stripe_payment_intent_id', 'text')
    .addColumn('stripe_charge_id', 'text')
    .addColumn('stripe_subscription_id', 'text')
    .addColumn('stripe_invoice_id', 'text', (c) => c.unique())
    .addColumn('card_fingerprint', 'text')
    .execute();
  await db.schema.createIndex('donations_user').on('donations').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('donations_payment_intent').on('donations').column('stripe_payment_intent_id').execute();
  await db.schema.createIndex('donations_customer').on('donations').column('stripe_customer_id').execute();
  await db.schema.createIndex('donations_fingerprint').on('donations').column('card_fingerprint').execute();

  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('current_period_end', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('event_created', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('subscriptions_user').on('subscriptions').column('user_id').execute();

  await db.schema
    .createTable('supporter_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('until', 'text')
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('supporter_grants_user').on('supporter_grants').column('user_id').execute();

  await db.schema
    .createTable('processed_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sanctions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('comment_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('lifted_at', 'text')
    .addColumn('lifted_by', 'text')
    .addColumn('lift_reason', 'text')
    .execute();
  await db.schema.createIndex('sanctions_user').on('sanctions').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('strikes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('comment_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.createIndex('strikes_user').on('strikes').columns(['user_id', 'expires_at']).execute();

  // Kept when an account is deleted, so a ban survives it.
  await db.schema
    .createTable('ban_identities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value_hash', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('sanction_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ban_identities_value').on('ban_identities').columns(['kind', 'value_hash']).execute();

  await db.schema
    .createTable('appeals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sanction_id', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decision_reason', 'text')
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .execute();
  await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target_kind', 'target_id']).execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'id']).execute();
  await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'id']).execute();

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('html', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('error', 'text')
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notification_log')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('thread_key', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_log_pk', ['user_id', 'thread_key'])
    .execute();

  await db.schema
    .createTable('redirects')
    .addColumn('from_path', 'text', (c) => c.primaryKey())
    .addColumn('to_path', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sso_tokens')
    .addColumn('jti', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'sso_tokens', 'redirects', 'notification_log', 'settings', 'mail_outbox', 'audit_log', 'appeals',
    'ban_identities', 'strikes', 'sanctions', 'processed_events', 'supporter_grants', 'subscriptions',
    'donations', 'flags', 'likes', 'comment_edits', 'comments', 'post_tags', 'posts', 'tokens',
    'sessions', 'user_roles', 'users',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
