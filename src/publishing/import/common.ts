import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, CommentsTable } from '../../store/schema';
import { newId } from '../../store/ids';
import { canonicalEmail, normalizeEmail } from '../../domain/email';
import { displayNameCharacters, forbidden, tidyDisplayName } from '../../domain/display-name';
import { IMPORTED_DOMAIN, importKeyForEmail } from '../../store/imported-people';
import { insertChunked, saveThreadShape, threadShapes, usersByImportKey } from '../../store/imports';
import { setCommentCount } from '../../store/posts';

/* What the WordPress and Disqus importers share: commenters as imported people, threads with
   the right depth, roots and counters, and chunked multi-row inserts. */

export type Db = Kysely<Database> | Transaction<Database>;

export interface ImportStats {
  posts: { created: number; existing: number; skipped: number };
  authors: { created: number; existing: number };
  commenters: { created: number; existing: number };
  comments: { created: number; existing: number; published: number; pending: number; spam: number; trash: number; deleted: number; pingbacks: number; orphaned: number };
  redirects: number;
  warnings: string[];
}

export function emptyStats(): ImportStats {
  return {
    posts: { created: 0, existing: 0, skipped: 0 },
    authors: { created: 0, existing: 0 },
    commenters: { created: 0, existing: 0 },
    comments: { created: 0, existing: 0, published: 0, pending: 0, spam: 0, trash: 0, deleted: 0, pingbacks: 0, orphaned: 0 },
    redirects: 0,
    warnings: [],
  };
}

export function warn(stats: ImportStats, message: string): void {
  if (stats.warnings.length < 100) stats.warnings.push(message);
}


export interface Person {
  name: string;
  email: string | null;
  url?: string | null;
}

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex').slice(0, 20);

/** A commenter's import key: the normalised address, else a hash of name and website (the same anonymous name merges). */
export function personKey(p: Person): string {
  const email = p.email ? canonicalEmail(p.email) : null;
  if (email) return importKeyForEmail(normalizeEmail(email));
  return `import:anon:${sha1(`${p.name.trim().toLowerCase()}|${(p.url ?? '').trim().toLowerCase()}`)}`;
}

/** An imported name, with what the display-name policy never allows (controls, bidi, invisible characters) taken out. */
function cleanName(name: string): string {
  const stripped = [...name.replace(/\s+/g, ' ')].filter((ch) => !forbidden(ch)).join('');
  const n = tidyDisplayName(stripped).slice(0, 80);
  return displayNameCharacters(n).ok ? n : 'Anonymous';
}

/**
 * Finds or creates the imported people of a batch. Each is a separate person, never an existing
 * account: the export's addresses are nobody's word, so a comment signed with an account's address
 * stays the imported person's until that account proves the address (store/imported-people.ts).
 * Imported people cannot sign in: no password, and an address under .invalid; the export's address
 * is kept only in the import key. `cache` remembers keys resolved earlier in the run.
 */
export async function resolvePeople(trx: Db, people: Map<string, Person>, cache: Map<string, string>, now: Date, stats: { created: number; existing: number }): Promise<void> {
  const missing = [...people.keys()].filter((k) => !cache.has(k));
  if (!missing.length) return;
  const byKey = await usersByImportKey(trx, missing);
  for (const [key, id] of byKey) cache.set(key, id);
  const stillMissing = missing.filter((k) => !cache.has(k));
  const newUsers: Array<Record<string, unknown>> = [];
  const newRoles: Array<Record<string, unknown>> = [];
  const at = now.toISOString();
  for (const key of stillMissing) {
    const p = people.get(key);
    if (!p) continue;
    const id = newId(now.getTime());
    const address = `imported-${id}@${IMPORTED_DOMAIN}`;
    newUsers.push({
      id, email: address, email_normalized: address, display_name: cleanName(p.name), password_hash: null,
      created_at: at, email_verified_at: null, deleted_at: null, notify_replies: 0, supporter_until: null, supporter_since: null,
      review_state: null, review_note: null, sso_subject: null, import_key: key, flag_reliability: 1,
    });
    newRoles.push({ user_id: id, role: 'reader' });
    cache.set(key, id);
    stats.created += 1;
  }
  stats.existing += byKey.size;
  await insertChunked(trx, 'users', newUsers, 150);
  await insertChunked(trx, 'user_roles', newRoles, 500);
}

export interface ThreadNode {
  key: string; // source id
  parentKey: string | null;
  kept: boolean; // false: spam, trash, deleted — skipped, its replies move up to the nearest kept ancestor
}

/**
 * Parent of each kept comment after skipped ones are removed: the nearest kept ancestor, or null
 * (top level) when there is none or the parent is missing from the export. Cycles end at the top.
 */
export function keptParents(nodes: Map<string, ThreadNode>): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const n of nodes.values()) {
    if (!n.kept) continue;
    let p = n.parentKey;
    const seen = new Set<string>([n.key]);
    while (p !== null) {
      const pn = nodes.get(p);
      if (!pn || seen.has(p)) { p = null; break; }
      if (pn.kept) break;
      seen.add(p);
      p = pn.parentKey;
    }
    out.set(n.key, p);
  }
  return out;
}

type ThreadRow = Pick<CommentsTable, 'id' | 'parent_id' | 'root_id' | 'depth' | 'status' | 'reply_count'>;

/**
 * Depth, root and counters for a whole thread from parent links: a top-level comment counts all
 * its published descendants, a reply its published direct replies; the post counts its published
 * comments. Returns the rows whose values must change.
 */
export function computeThread(rows: ThreadRow[]): { changed: ThreadRow[]; published: number } {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const depth = new Map<string, number>();
  const root = new Map<string, string | null>();
  const visiting = new Set<string>();
  const cut = new Set<string>(); // links that would close a cycle are cut: the comment becomes top-level
  const resolve = (id: string): void => {
    if (depth.has(id)) return;
    const r = byId.get(id);
    if (!r) return;
    let parent = r.parent_id && byId.has(r.parent_id) ? r.parent_id : null;
    if (parent && visiting.has(parent)) {
      cut.add(id);
      parent = null;
    }
    if (!parent) {
      depth.set(id, 0);
      root.set(id, null);
      return;
    }
    visiting.add(id);
    resolve(parent);
    visiting.delete(id);
    depth.set(id, (depth.get(parent) ?? 0) + 1);
    root.set(id, root.get(parent) ?? parent);
  };
  for (const r of rows) resolve(r.id);
  const parentOf = (r: ThreadRow) => (r.parent_id && byId.has(r.parent_id) && !cut.has(r.id) ? r.parent_id : null);
  const replies = new Map<string, number>();
  let published = 0;
  for (const r of rows) {
    if (r.status !== 'published') continue;
    published += 1;
    const rt = root.get(r.id);
    const parent = parentOf(r);
    if (rt) replies.set(rt, (replies.get(rt) ?? 0) + 1);
    if (parent && parent !== rt) replies.set(parent, (replies.get(parent) ?? 0) + 1);
  }
  const changed: ThreadRow[] = [];
  for (const r of rows) {
    const next = { ...r, depth: depth.get(r.id) ?? 0, root_id: root.get(r.id) ?? null, reply_count: replies.get(r.id) ?? 0, parent_id: parentOf(r) };
    if (next.depth !== r.depth || next.root_id !== r.root_id || next.reply_count !== r.reply_count || next.parent_id !== r.parent_id) changed.push(next);
  }
  return { changed, published };
}

/** Recomputes one post's thread from the database (after comments were added to an existing post). */
export async function rebuildThread(trx: Db, postId: string): Promise<void> {
  const { changed, published } = computeThread(await threadShapes(trx, postId));
  for (const r of changed) await saveThreadShape(trx, r);
  await setCommentCount(trx, postId, published);
}

/** A path of an old URL, for the redirects table ("/2019/05/slug/", "/?p=123"); null for other sites' URLs. */
export function oldPath(url: string, siteHosts: Set<string>): string | null {
  try {
    const u = new URL(url);
    if (siteHosts.size && !siteHosts.has(u.host.replace(/^www\./, ''))) return null;
    const p = u.searchParams.get('p') ?? u.searchParams.get('page_id');
    if (p && /^\d+$/.test(p)) return `/?${u.searchParams.has('p') ? 'p' : 'page_id'}=${p}`;
    return u.pathname && u.pathname !== '/' ? u.pathname : null;
  } catch {
    return null;
  }
}
