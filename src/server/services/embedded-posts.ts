import { createHash } from 'node:crypto';
import type { AppContext } from '../context';
import { readEmbedPage, slugFromUrl } from '../../domain/embed-page';
import { findPostByCanonicalUrl, insertEmbeddedPost, slugTaken, type EmbeddedPostRow } from '../../store/posts';
import { newId } from '../../store/ids';
import { audit } from '../../store/audit';

/* Creating the discussion behind a page of an allowed site on its first embed. Parley reads the page
   itself: it must answer 200 with HTML that includes Parley's loader, and it names the discussion. */

export type EmbedRefusal = 'page_unreadable' | 'embed_missing';

export class EmbedPageError extends Error {
  constructor(
    public readonly code: EmbedRefusal,
    message: string,
  ) {
    super(message);
  }
}

export async function createEmbeddedPost(ctx: AppContext, page: URL): Promise<{ post: EmbeddedPostRow; created: boolean }> {
  const canonical = page.toString();
  const fetched = await ctx.fetchPage(canonical);
  if (!fetched || fetched.status !== 200 || !/html/i.test(fetched.contentType)) {
    throw new EmbedPageError('page_unreadable', 'Parley could not read that page, so it cannot start its discussion.');
  }
  const facts = readEmbedPage(fetched.body, canonical, `${ctx.config.publicUrl}/assets/embed.js`);
  if (!facts.carriesEmbed) throw new EmbedPageError('embed_missing', 'That page does not include the discussion, so Parley does not start one for it.');
  const title = facts.title ?? `${page.host}${page.pathname}`;

  const now = ctx.clock.now();
  const base = slugFromUrl(page);
  // Another page (or a post of Parley's own) has that slug: a suffix from the URL keeps it stable.
  const slug = (await slugTaken(ctx.db, base)) ? `${base.slice(0, 110)}-${createHash('sha256').update(canonical).digest('hex').slice(0, 8)}` : base;
  let post: EmbeddedPostRow;
  try {
    post = await insertEmbeddedPost(ctx.db, { id: newId(now.getTime()), slug, title, canonicalUrl: canonical }, now);
  } catch (err) {
    // Two first views at once: the other one created it.
    const raced = await findPostByCanonicalUrl(ctx.db, canonical);
    if (raced) return { post: raced, created: false };
    throw err;
  }
  await audit(ctx.db, { actorId: null, action: 'post.embedded', targetKind: 'post', targetId: post.id, reason: canonical, after: { slug, title } }, now);
  return { post, created: true };
}
