/* E-mail to a comment's author when someone replies: not for replies to oneself, only while the
   author wants them (users.notify_replies), and at most one per thread per hour (notification_log).
   Every mail carries an unsubscribe link signed with the site secret that works without signing in. */

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../context';
import type { CommentsTable } from '../../store/schema';
import { commentAuthorContact } from '../../store/comments';
import { claimMailSlot } from '../../store/notification-log';
import { findPostTitle } from '../../store/posts';
import { findAuthor } from '../../store/users';
import { HOUR } from '../../domain/clock';

export const REPLY_MAIL_INTERVAL_MS = HOUR;

function mac(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(`unsubscribe-replies:${userId}`).digest('base64url');
}

/** A token that turns off reply e-mails for one user; it does not expire (it can only ever do that). */
export function unsubscribeToken(secret: string, userId: string): string {
  return `${Buffer.from(userId).toString('base64url')}.${mac(secret, userId)}`;
}

/** The user id a token was made for, or null when it is malformed or forged. */
export function verifyUnsubscribeToken(secret: string, token: string): string | null {
  const [idPart, sig] = token.split('.');
  if (!idPart || !sig) return null;
  const userId = Buffer.from(idPart, 'base64url').toString('utf8');
  if (!/^[0-9a-z]{1,64}$/.test(userId)) return null;
  const expected = Buffer.from(mac(secret, userId));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given) ? userId : null;
}

export function unsubscribeUrl(ctx: AppContext, userId: string): string {
  return `${ctx.config.publicUrl}/unsubscribe?token=${unsubscribeToken(ctx.secret, userId)}`;
}

/** Plain text of a comment body for a mail: markup characters removed, cut to `max` characters. */
function excerpt(body: string, max = 400): string {
  const text = body.replace(/[*_`>#]+/g, '').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Mails the parent comment's author about a published reply, when the rules allow. Returns whether
 * a mail was sent. Safe to call more than once for the same reply (the hourly log holds it back).
 */
export async function notifyReply(ctx: AppContext, reply: Pick<CommentsTable, 'id' | 'post_id' | 'parent_id' | 'root_id' | 'author_id' | 'body' | 'status'>): Promise<boolean> {
  if (reply.status !== 'published' || !reply.parent_id) return false;
  const parent = await commentAuthorContact(ctx.db, reply.parent_id);
  if (!parent?.author_id || parent.author_id === reply.author_id || parent.notify_replies !== 1 || parent.deleted_at) return false;
  const now = ctx.clock.now();
  const threadKey = `thread:${reply.root_id ?? reply.parent_id}`;
  const cutoff = new Date(now.getTime() - REPLY_MAIL_INTERVAL_MS).toISOString();
  // Claim the hourly slot first (one statement, so two nodes cannot both send).
  if (!(await claimMailSlot(ctx.db, parent.author_id, threadKey, now.toISOString(), cutoff))) return false;
  const [post, replier] = await Promise.all([
    findPostTitle(ctx.db, reply.post_id),
    reply.author_id ? findAuthor(ctx.db, reply.author_id) : undefined,
  ]);
  if (!post) return false;
  const who = replier?.display_name ?? 'Someone';
  const link = `${ctx.config.publicUrl}/posts/${post.slug}#comment-${reply.id}`;
  const unsubscribe = unsubscribeUrl(ctx, parent.author_id);
  await ctx.mailer.send({
    to: parent.email,
    subject: `${who} replied to your comment on “${post.title}”`,
    text:
      `Hello ${parent.display_name},\n\n${who} replied to your comment on “${post.title}”:\n\n` +
      `> ${excerpt(reply.body)}\n\nRead the conversation: ${link}\n\n` +
      `You get at most one of these e-mails per conversation per hour.\n` +
      `Stop e-mails about replies: ${unsubscribe}\n`,
    headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  });
  return true;
}
