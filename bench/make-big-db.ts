/* A big Parley database for load tests: by default 1,050,000 comments on 1,000 posts by 5,000
   supporters, 50,000 of them held for review, 10,000 removed, open and resolved flags, likes and
   the audit entries that holds and removals leave. Rows go in directly (prepared statements, one
   transaction per batch), not through HTTP, so a million comments take well under a minute.
   Counters (posts, threads, authors) come out as the application keeps them.

     npx tsx bench/make-big-db.ts FILE [--comments N] [--held N]

   Prints one JSON line: the file, the counts, the seconds taken, and a moderator's and a
   supporter's session token (cookie `parley_session`) for signed-in requests. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, openStore } from '../src/store/db';
import { idAt } from '../src/store/ids';
import { createSession } from '../src/store/sessions';
import { OPEN_ENDED } from '../src/domain/supporter';

export interface BigDbOptions {
  comments?: number;
  held?: number;
  removed?: number;
  posts?: number;
  users?: number;
  openFlags?: number;
  resolvedFlags?: number;
  likes?: number;
}

export interface BigDb {
  file: string;
  comments: number;
  held: number;
  posts: number;
  users: number;
  seconds: number;
  /** CPU time of the generating process (the machine may be busy: wall time varies). */
  cpuSeconds: number;
  /** The post with the most comments: its slug. */
  busiestSlug: string;
  moderatorToken: string;
  supporterToken: string;
  /** The supporter's id (an author with published comments). */
  supporterId: string;
}

/** mulberry32: the same database every run. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'the council said fares would rise again next year while commuters argued that services had not improved and the report offers little evidence either way'.split(' ');

export async function makeBigDatabase(file: string, o: BigDbOptions = {}): Promise<BigDb> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const total = o.comments ?? 1_050_000;
  const held = o.held ?? 50_000;
  const removed = o.removed ?? Math.min(10_000, Math.floor(total / 100));
  const postCount = o.posts ?? 1_000;
  const userCount = o.users ?? 5_000;
  const openFlags = o.openFlags ?? Math.min(2_000, Math.floor(total / 500));
  const resolvedFlags = o.resolvedFlags ?? Math.min(20_000, Math.floor(total / 50));
  const likeCount = o.likes ?? Math.floor(total / 5);
  fs.rmSync(file, { force: true });
  const store = openStore(`sqlite:${file}`);
  await migrate(store);
  const h = store.sqlite!;
  // Only while loading: a crash here just means running the generator again.
  h.pragma('synchronous = OFF');
  h.pragma('cache_size = -1000000'); // 1 GB: the indexes stay in memory while they grow
  // The author-counter triggers cost more than the insert itself; they are set aside while loading
  // and the counters computed once at the end, then the same triggers are put back.
  const triggers = h.prepare("select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'comments'").all() as Array<{ name: string; sql: string }>;
  for (const t of triggers) h.exec(`drop trigger ${t.name}`);
  const random = prng(7);
  const now = Date.now();
  const span = 365 * 86_400_000; // a year of discussion, ending now
  const start = now - span;
  const iso = (ms: number) => new Date(ms).toISOString();

  const userIds: string[] = [];
  const insUser = h.prepare(
    'insert into users (id, email, email_normalized, display_name, password_hash, created_at, email_verified_at, supporter_until, supporter_since, notify_replies, flag_reliability) values (?, ?, ?, ?, null, ?, ?, ?, ?, 0, 1)',
  );
  const insRole = h.prepare('insert into user_roles (user_id, role) values (?, ?)');
  h.transaction(() => {
    for (let i = 0; i < userCount; i++) {
      const id = idAt(start - 86_400_000 + i);
      userIds.push(id);
      insUser.run(id, `reader${i}@bench.example`, `reader${i}@bench.example`, `Reader ${i}`, iso(start - 86_400_000), iso(start - 86_400_000), OPEN_ENDED, iso(start - 86_400_000));
    }
    insRole.run(userIds[0], 'moderator');
  })();

  const postIds: string[] = [];
  const slugs: string[] = [];
  const insPost = h.prepare(
    `insert into posts (id, slug, title, standfirst, body_md, body_html, author_id, status, published_at, created_at, updated_at, version, discussion, discussion_closes_at, featured_image_url, featured_image_alt, sources, comment_count, canonical_url, import_key)
     values (?, ?, ?, '', ?, ?, null, 'published', ?, ?, ?, 1, 'open', null, null, null, '[]', 0, null, null)`,
  );
  h.transaction(() => {
    for (let p = 0; p < postCount; p++) {
      const at = start + Math.floor((p / postCount) * span * 0.95);
      const id = idAt(at);
      postIds.push(id);
      slugs.push(`story-${p}`);
      const body = `Story number ${p} about ${WORDS[p % WORDS.length]} and ${WORDS[(p * 7) % WORDS.length]}.`;
      insPost.run(id, `story-${p}`, `Story ${p}: ${WORDS[p % WORDS.length]}`, body, `<p>${body}</p>`, iso(at), iso(at), iso(at));
    }
  })();

  // Comments in time order; each post takes comments from its publication on, a few posts far more
  // than the rest (the busiest gets 2 % of all). A third are top-level, the rest reply in a thread.
  const insComment = h.prepare(
    `insert into comments (id, post_id, parent_id, root_id, depth, author_id, body, body_html, status, removed_reason, created_at, edited_at, like_count, reply_count, flag_weight, moderation, import_key)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, 0, 0, ?, null)`,
  );
  const insAudit = h.prepare('insert into audit_log (id, at, actor_id, action, target_kind, target_id, reason, before, after) values (?, ?, ?, ?, ?, ?, ?, null, ?)');
  const heldEvery = held > 0 ? total / held : Infinity;
  const removedEvery = removed > 0 ? total / removed : Infinity;
  // Removals fall half a step away from the holds: with the defaults every 105th comment is also a 21st.
  const half = Number.isFinite(removedEvery) ? Math.floor(removedEvery / 2) : 0;
  const threadsOf: string[][] = postIds.map(() => []);
  const published: string[] = [];
  const postCounts = new Array<number>(postCount).fill(0);
  const replyCounts = new Map<string, number>();
  const heldVerdict = JSON.stringify({ decision: 'hold', code: 'new_commenter', reasons: [{ code: 'new_commenter', message: 'First comments are read by a moderator.', phase: 'user-status', action: 'hold' }], abusive: false, score: 0.1, phrases: [] });
  const BATCH = 50_000;
  for (let from = 0; from < total; from += BATCH) {
    h.transaction(() => {
      for (let i = from; i < Math.min(total, from + BATCH); i++) {
        const at = start + Math.floor((i / total) * span);
        const open = Math.max(1, Math.min(postCount, Math.floor(((at - start) / (span * 0.95)) * postCount) + 1));
        const p = random() < 0.02 ? 0 : Math.floor(random() * open);
        const threads = threadsOf[p]!;
        const top = threads.length === 0 || random() < 0.33;
        const root = top ? null : threads[Math.floor(random() * threads.length)]!;
        const id = idAt(at);
        const status = Math.floor(i / heldEvery) !== Math.floor((i + 1) / heldEvery) ? 'pending' : Math.floor((i + half) / removedEvery) !== Math.floor((i + half + 1) / removedEvery) ? 'removed' : 'published';
        const author = userIds[Math.floor(random() ** 2 * userCount)]!;
        const words: string[] = [];
        for (let k = 0, n = 8 + (i % 25); k < n; k++) words.push(WORDS[(i * 7 + k * 3) % WORDS.length]!);
        const body = words.join(' ') + '.';
        insComment.run(id, postIds[p], root, root, root ? 1 : 0, author, body, `<p>${body}</p>`, status, status === 'removed' ? 'abuse' : null, iso(at), Math.floor(random() * 4), status === 'pending' ? heldVerdict : null);
        if (top) threads.push(id);
        if (status === 'published') {
          published.push(id);
          postCounts[p]! += 1;
          if (root) replyCounts.set(root, (replyCounts.get(root) ?? 0) + 1);
        } else if (status === 'pending') {
          insAudit.run(idAt(at), iso(at), null, 'comment.held', 'comment', id, 'new_commenter', heldVerdict);
        } else {
          insAudit.run(idAt(at + 60_000), iso(at + 60_000), userIds[0], 'comment.removed', 'comment', id, 'abuse', null);
        }
      }
    })();
  }

  const setPost = h.prepare('update posts set comment_count = ? where id = ?');
  const setReplies = h.prepare('update comments set reply_count = ? where id = ?');
  h.transaction(() => {
    postIds.forEach((id, p) => setPost.run(postCounts[p], id));
    for (const [id, n] of replyCounts) setReplies.run(n, id);
  })();

  // Flags on published comments (open ones recent, as a queue has them), likes on any published comment.
  const insFlag = h.prepare('insert or ignore into flags (id, comment_id, user_id, reason, note, weight, created_at, resolution) values (?, ?, ?, ?, null, 1, ?, ?)');
  const insLike = h.prepare('insert or ignore into likes (comment_id, user_id, created_at) values (?, ?, ?)');
  h.transaction(() => {
    for (let f = 0; f < resolvedFlags + openFlags; f++) {
      const isOpen = f >= resolvedFlags;
      const c = isOpen ? published[published.length - 1 - Math.floor(random() * Math.min(published.length, 100_000))]! : published[Math.floor(random() * published.length)]!;
      insFlag.run(idAt(now - 3_600_000), c, userIds[Math.floor(random() * userCount)], isOpen ? 'abuse' : 'spam', iso(now - 3_600_000), isOpen ? null : 'rejected');
    }
    for (let l = 0; l < likeCount; l++) insLike.run(published[Math.floor(random() * published.length)], userIds[Math.floor(random() * userCount)], iso(now - 86_400_000));
  })();
  h.exec(`update users set comment_count = c.n, published_comment_count = c.published, removed_comment_count = c.removed
    from (select author_id, count(*) as n,
            sum(case when status = 'published' then 1 else 0 end) as published,
            sum(case when status = 'removed' then 1 else 0 end) as removed
          from comments where author_id is not null group by author_id) as c
    where c.author_id = users.id`);
  for (const t of triggers) h.exec(t.sql);
  h.pragma('synchronous = FULL');

  const moderatorToken = await createSession(store.db, userIds[0]!, new Date());
  const supporterId = userIds[1]!;
  const supporterToken = await createSession(store.db, supporterId, new Date());
  h.pragma('wal_checkpoint(TRUNCATE)');
  await store.close();
  const busiest = postCounts.indexOf(Math.max(...postCounts));
  return {
    file,
    comments: total,
    held,
    posts: postCount,
    users: userCount,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    cpuSeconds: Math.round((process.cpuUsage(cpuStarted).user + process.cpuUsage(cpuStarted).system) / 100_000) / 10,
    busiestSlug: slugs[busiest]!,
    moderatorToken,
    supporterToken,
    supporterId,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const file = args[0];
  if (!file) throw new Error('usage: make-big-db.ts FILE [--comments N] [--held N]');
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : undefined;
  };
  const made = await makeBigDatabase(path.resolve(file), { comments: opt('--comments'), held: opt('--held') });
  console.log(JSON.stringify(made));
}
