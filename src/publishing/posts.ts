import type { AppContext } from '../server/context';
import type { Db } from '../store/users';
import type { PostsTable } from '../store/schema';
import { deletePostAtVersion, duePosts, findPostById, insertPost, postHasComments, postIdBySlug, postTags, publishScheduled, putRedirect, replacePostTags, updatePostAtVersion } from '../store/posts';
import { findAuthor, userExists } from '../store/users';
import { newId } from '../store/ids';
import { audit } from '../store/audit';
import { getSetting } from '../store/settings';
import { Type } from '@sinclair/typebox';
import { jsonReader } from '../domain/json';
import { renderPostHtml } from '../domain/markup';
import type { AuditAction } from '../domain/audit-actions';
import { autoCloseAt, effectiveStatus, normalizeTags, POST_SOURCES, resolvePublication, slugify, type PostStatus, type Source } from '../domain/posts';
import { DomainError } from '../domain/errors';

/* Writing posts: the editor API's operations, shared with the importer's rules. */

export interface PostInput {
  title?: string;
  slug?: string;
  standfirst?: string;
  bodyMd?: string;
  tags?: string[];
  sources?: Source[];
  featuredImage?: { url: string; alt: string } | null;
  status?: PostStatus;
  publishedAt?: string | null;
  discussion?: 'open' | 'closed';
  discussionClosesAt?: string | null;
  authorId?: string;
}

export interface EditorPost {
  id: string;
  slug: string;
  title: string;
  standfirst: string;
  bodyMd: string;
  bodyHtml: string;
  status: PostStatus;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  author: { id: string; displayName: string } | null;
  tags: Array<{ tag: string; name: string }>;
  sources: Source[];
  featuredImage: { url: string; alt: string } | null;
  discussion: string;
  discussionClosesAt: string | null;
  commentCount: number;
}

/** A post as readers get it from GET /api/posts/:slug: the editor's view without the Markdown source, state and version. */
export type PublicPost = Omit<EditorPost, 'bodyMd' | 'status' | 'version' | 'createdAt'>;

export async function toPublicPost(db: Db, row: PostsTable, now: Date): Promise<PublicPost> {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- dropping editor-only fields
  const { bodyMd, status, version, createdAt, ...post } = await toEditorPost(db, row, now);
  return post;
}

const AUTO_CLOSE_DAYS = jsonReader(Type.Union([Type.Number(), Type.Null()]), 'setting discussion_auto_close_days');

/** Site setting `discussion_auto_close_days`: discussions close by themselves N days after publication. */
export async function autoCloseDays(db: Db): Promise<number | null> {
  const n = await getSetting(db as never, 'discussion_auto_close_days', AUTO_CLOSE_DAYS);
  return typeof n === 'number' && n > 0 ? n : null;
}

export async function toEditorPost(db: Db, row: PostsTable, now: Date): Promise<EditorPost> {
  const [tags, author] = await Promise.all([
    postTags(db, row.id),
    row.author_id ? findAuthor(db, row.author_id) : undefined,
  ]);
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    standfirst: row.standfirst,
    bodyMd: row.body_md,
    bodyHtml: row.body_html,
    status: effectiveStatus(row, now),
    publishedAt: row.published_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    author: author ? { id: author.id, displayName: author.display_name } : null,
    tags,
    sources: POST_SOURCES.parse(row.sources),
    featuredImage: row.featured_image_url ? { url: row.featured_image_url, alt: row.featured_image_alt ?? '' } : null,
    discussion: row.discussion,
    discussionClosesAt: row.discussion_closes_at,
    commentCount: row.comment_count,
  };
}

async function uniqueSlug(db: Db, base: string, exceptId: string | null): Promise<string> {
  for (let i = 1; ; i++) {
    const slug = i === 1 ? base : `${base}-${i}`;
    const taken = await postIdBySlug(db, slug);
    if (taken === undefined || taken === exceptId) return slug;
  }
}

function invalid(message: string): DomainError {
  return new DomainError('invalid', 'invalid_input', message);
}

async function checkAuthor(db: Db, authorId: string): Promise<void> {
  if (!(await userExists(db, authorId))) throw invalid('That author does not exist.');
}

/** `bodyHtml`: the body already rendered (with a time limit) by the caller; else it is rendered here. */
export async function createPost(ctx: AppContext, actorId: string, input: PostInput, bodyHtml?: string): Promise<EditorPost> {
  const now = ctx.clock.now();
  const rawTitle = input.title;
  const title = rawTitle?.trim();
  if (!rawTitle || !title) throw invalid('A post needs a title.');
  const pub = resolvePublication(input.status ?? 'draft', input.publishedAt, null, now);
  if ('error' in pub) throw invalid(pub.error);
  const id = newId(now.getTime());
  const closeDays = await autoCloseDays(ctx.db);
  const row = await ctx.db.transaction().execute(async (trx) => {
    if (input.authorId) await checkAuthor(trx, input.authorId);
    if (input.slug) {
      if ((await postIdBySlug(trx, input.slug)) !== undefined) throw new DomainError('conflict', 'slug_taken', 'Another post already has that address.');
    }
    const slug = input.slug ?? (await uniqueSlug(trx, slugify(rawTitle), null));
    const bodyMd = input.bodyMd ?? '';
    const row: PostsTable = {
      id,
      slug,
      title,
      standfirst: input.standfirst?.trim() ?? '',
      body_md: bodyMd,
      body_html: bodyHtml ?? renderPostHtml(bodyMd),
      author_id: input.authorId ?? actorId,
      status: pub.status,
      published_at: pub.publishedAt,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      version: 1,
      discussion: input.discussion ?? 'open',
      discussion_closes_at: input.discussionClosesAt !== undefined ? input.discussionClosesAt : pub.status === 'draft' ? null : autoCloseAt(pub.publishedAt, closeDays),
      featured_image_url: input.featuredImage?.url ?? null,
      featured_image_alt: input.featuredImage ? input.featuredImage.alt : null,
      sources: JSON.stringify(input.sources ?? []),
      comment_count: 0,
      canonical_url: null,
      import_key: null,
    };
    await insertPost(trx, row, normalizeTags(input.tags ?? []));
    await audit(trx, { actorId, action: 'post.created', targetKind: 'post', targetId: id, after: { slug, title: row.title, status: row.status, publishedAt: row.published_at } }, now);
    return row;
  });
  return toEditorPost(ctx.db, row, now);
}

/** Optimistic locking: the write applies only if `version` is still the stored one; else 409 edit_conflict with the current post. */
export async function updatePost(ctx: AppContext, actorId: string, id: string, version: number, input: PostInput, bodyHtml?: string): Promise<EditorPost> {
  const now = ctx.clock.now();
  const closeDays = await autoCloseDays(ctx.db);
  const conflict = async () => {
    const current = await findPostById(ctx.db, id);
    if (!current) throw new DomainError('not_found', 'not_found', 'That post was not found.');
    return new DomainError('conflict', 'edit_conflict', 'Someone else saved this post while you were editing it. Reload to see their changes before saving yours.', {
      currentVersion: current.version,
      post: await toEditorPost(ctx.db, current, now),
    });
  };
  const row = await ctx.db.transaction().execute(async (trx) => {
    const before = await findPostById(trx, id);
    if (!before) throw new DomainError('not_found', 'not_found', 'That post was not found.');
    if (before.version !== version) return null;
    if (input.authorId) await checkAuthor(trx, input.authorId);
    const changes: Partial<PostsTable> = {};
    if (input.title !== undefined) {
      if (!input.title.trim()) throw invalid('A post needs a title.');
      changes.title = input.title.trim();
    }
    if (input.slug !== undefined && input.slug !== before.slug) {
      if ((await postIdBySlug(trx, input.slug)) !== undefined) throw new DomainError('conflict', 'slug_taken', 'Another post already has that address.');
      changes.slug = input.slug;
    }
    if (input.standfirst !== undefined) changes.standfirst = input.standfirst.trim();
    if (input.bodyMd !== undefined) {
      changes.body_md = input.bodyMd;
      changes.body_html = bodyHtml ?? renderPostHtml(input.bodyMd);
    }
    if (input.sources !== undefined) changes.sources = JSON.stringify(input.sources);
    if (input.featuredImage !== undefined) {
      changes.featured_image_url = input.featuredImage?.url ?? null;
      changes.featured_image_alt = input.featuredImage?.alt ?? null;
    }
    if (input.authorId !== undefined) changes.author_id = input.authorId;
    if (input.discussion !== undefined) changes.discussion = input.discussion;
    if (input.status !== undefined || input.publishedAt !== undefined) {
      const requested = input.status ?? effectiveStatus(before, now);
      const pub = resolvePublication(requested, input.publishedAt === undefined ? before.published_at : input.publishedAt, before, now);
      if ('error' in pub) throw invalid(pub.error);
      changes.status = pub.status;
      changes.published_at = pub.publishedAt;
      // First publication (or a new schedule) starts the auto-close clock, unless the editor set a time.
      if (input.discussionClosesAt === undefined && pub.status !== 'draft' && pub.publishedAt !== before.published_at) {
        changes.discussion_closes_at = autoCloseAt(pub.publishedAt, closeDays);
      }
    }
    if (input.discussionClosesAt !== undefined) changes.discussion_closes_at = input.discussionClosesAt;
    changes.updated_at = now.toISOString();
    changes.version = version + 1;
    if (!(await updatePostAtVersion(trx, id, version, changes))) return null;
    if (input.tags !== undefined) await replacePostTags(trx, id, normalizeTags(input.tags));
    if (changes.slug) await putRedirect(trx, `/posts/${before.slug}`, `/posts/${changes.slug}`);
    const after = { ...before, ...changes };
    const action: AuditAction = before.status !== after.status ? `post.${after.status}` : 'post.updated';
    const pick = (p: PostsTable) => ({ slug: p.slug, title: p.title, status: p.status, publishedAt: p.published_at, discussion: p.discussion, discussionClosesAt: p.discussion_closes_at, version: p.version });
    await audit(trx, { actorId, action, targetKind: 'post', targetId: id, before: pick(before), after: pick(after) }, now);
    return after;
  });
  if (!row) throw await conflict();
  return toEditorPost(ctx.db, row, now);
}

/** Deletes a post that has no comments (a discussion is never thrown away: unpublish instead). */
export async function deletePost(ctx: AppContext, actorId: string, id: string, version: number): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await findPostById(trx, id);
    if (!before) throw new DomainError('not_found', 'not_found', 'That post was not found.');
    if (before.version !== version) throw new DomainError('conflict', 'edit_conflict', 'Someone else saved this post in the meantime; reload first.', { currentVersion: before.version });
    if (await postHasComments(trx, id)) throw new DomainError('conflict', 'has_comments', 'This post has a discussion; set it back to draft instead of deleting it.');
    await deletePostAtVersion(trx, id, version);
    await audit(trx, { actorId, action: 'post.deleted', targetKind: 'post', targetId: id, before: { slug: before.slug, title: before.title, status: before.status } }, now);
  });
}

/**
 * Flips scheduled posts whose time has come to 'published' and audits it. Safe on many nodes at once:
 * each row is claimed by a conditional UPDATE, so exactly one node records each publication.
 */
export async function publishDuePosts(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const due = await duePosts(ctx.db, now, 100);
  let flipped = 0;
  for (const p of due) {
    const done = await ctx.db.transaction().execute(async (trx) => {
      if (!(await publishScheduled(trx, p.id))) return false;
      await audit(trx, { actorId: null, action: 'post.published', targetKind: 'post', targetId: p.id, reason: 'scheduled time reached', after: { slug: p.slug, publishedAt: p.published_at } }, now);
      return true;
    });
    if (done) flipped += 1;
  }
  return flipped;
}

/** The scheduler: every `everyMs`, publish what is due. Returns a stop function. */
export function startPublishingJobs(ctx: AppContext, everyMs = 30_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const n = await publishDuePosts(ctx);
      if (n) ctx.log.info({ published: n }, 'scheduled posts published');
    } catch (err) {
      ctx.log.warn({ err }, 'publishing scheduled posts failed; will retry');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
