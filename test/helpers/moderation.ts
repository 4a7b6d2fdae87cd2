/* Fixtures for the moderation tests: a published post, and comments written over HTTP or straight into the store. */
import type { TestApp } from './harness';
import { newId } from '../../src/store/ids';
import { insertComment } from '../../src/store/comments';
import { renderCommentHtml, renderPostHtml } from '../../src/domain/markup';

export async function makePost(t: TestApp, slug = `post-${Math.random().toString(36).slice(2, 8)}`, title = 'The Times has more') {
  const now = t.clock.now();
  const at = new Date(now.getTime() - 60_000).toISOString();
  const id = newId(now.getTime() - 60_000);
  await t.ctx.db
    .insertInto('posts')
    .values({
      id, slug, title, standfirst: 'A brief.', body_md: 'Body.', body_html: renderPostHtml('Body.'), author_id: null, status: 'published', published_at: at, created_at: at,
      updated_at: at, version: 1, discussion: 'open', discussion_closes_at: null, featured_image_url: null, featured_image_alt: null, sources: '[]', comment_count: 0, canonical_url: null, import_key: null,
    })
    .execute();
  return { id, slug, title };
}

/** A comment inserted directly (for queue tests that do not exercise the comments route). */
export async function storeComment(t: TestApp, o: { postId: string; authorId: string; body: string; status?: 'published' | 'pending'; moderation?: unknown; parent?: { id: string; root_id: string | null; depth: number } | null }) {
  return t.ctx.db.transaction().execute((trx) =>
    insertComment(trx, { postId: o.postId, parent: o.parent ?? null, authorId: o.authorId, body: o.body, bodyHtml: renderCommentHtml(o.body), status: o.status ?? 'published', moderation: o.moderation ?? null }, t.clock.now()),
  );
}

export async function auditActions(t: TestApp, targetId?: string): Promise<Array<{ action: string; actor_id: string | null; reason: string | null; before: string | null; after: string | null }>> {
  let q = t.ctx.db.selectFrom('audit_log').select(['action', 'actor_id', 'reason', 'before', 'after']).orderBy('id');
  if (targetId) q = q.where('target_id', '=', targetId);
  return q.execute();
}

export async function mailsTo(t: TestApp, to: string) {
  return t.ctx.db.selectFrom('mail_outbox').select(['subject', 'text']).where('to_address', '=', to).orderBy('id').execute();
}
