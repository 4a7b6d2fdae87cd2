/* The stateful discussion: holds the thread, talks to the API, applies live events. Rendered on the
   server with `initial` (effects do not run there) and hydrated in the browser with the same state. */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Api } from './api';
import { hostViewport } from './viewport';
import { DiscussionView, focusLater, isLiked, standing, type Controller } from './components';
import { addReplies, appendPage, findComment, insertComment, markMoreReplies, patchComment, pathTo, replaceComment } from './thread';
import type { Sort, WComment, WidgetState } from './types';
import { liveComment } from './guards';

interface Page {
  comments: WComment[];
  nextCursor: string | null;
  total: number;
}


const LIVE_EVENTS = ['comment.created', 'comment.updated', 'comment.removed'] as const;

export function Discussion({ initial }: { initial: WidgetState }) {
  const [comments, setComments] = useState(initial.comments);
  const [nextCursor, setNextCursor] = useState(initial.nextCursor);
  const [sort, setSort] = useState<Sort>(initial.sort);
  const [count, setCount] = useState(initial.post.commentCount);
  const [now, setNow] = useState(() => Date.parse(initial.now));
  const [hydrated, setHydrated] = useState(false);
  const [status, setStatus] = useState('');
  const [queue, setQueue] = useState<WComment[]>([]);
  const [loading, setLoading] = useState(false);
  const [flagTarget, setFlagTarget] = useState<WComment | null>(null);
  const flagOpener = useRef<string | null>(null);
  const [modTarget, setModTarget] = useState<WComment | null>(null);
  const modOpener = useRef<string | null>(null);
  const [active, setActive] = useState<Controller['active']>(null);
  const [menu, setMenu] = useState<string | null>(null);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(() => new Set());
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const markFresh = (id: string) => setFresh((s) => new Set(s).add(id));
  const root = useRef<HTMLDivElement>(null);
  const api = useMemo(() => new Api(initial.base, initial.csrfToken), []);
  const slug = initial.post.slug;
  const path = `/api/posts/${encodeURIComponent(slug)}`;
  // Latest values for event handlers that outlive a render.
  const cur = useRef({ comments, sort, nextCursor, queue });
  cur.current = { comments, sort, nextCursor, queue };
  // Comments already counted in the heading (own posts and live events can arrive in either order).
  const counted = useRef(new Set<string>());

  const statusTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const announce = (message: string) => {
    // Clearing first makes screen readers repeat an identical message; it fades after a while.
    setStatus('');
    clearTimeout(statusTimer.current);
    setTimeout(() => setStatus(message), 30);
    statusTimer.current = setTimeout(() => setStatus(''), 8000);
  };

  /** The reader is mid-thread when typing, or scrolled past the top of the thread. */
  function midThread(): boolean {
    const el = root.current;
    if (!el) return false;
    for (const t of el.querySelectorAll('textarea')) if (t.value.trim()) return true;
    const list = el.querySelector('.parley-thread');
    return !!list && list.getBoundingClientRect().top + hostViewport.top < 0;
  }

  // The status each known comment was last counted with: this reader's own actions and live events
  // can report the same change in either order, before a render updates `cur`.
  const countedAs = useRef(new Map<string, string>());
  /** Hidden, removed, approved or restored: the heading counts the published comments shown. */
  function recount(known: WComment, next: WComment) {
    const before = countedAs.current.get(known.id) ?? known.status;
    countedAs.current.set(known.id, next.status);
    const delta = (next.status === 'published' ? 1 : 0) - (before === 'published' ? 1 : 0);
    if (delta) setCount((n) => Math.max(0, n + delta));
  }

  function place(c: WComment) {
    setComments((cs) => insertComment(cs, c, cur.current.sort, !cur.current.nextCursor) ?? cs);
  }

  function onLive(type: (typeof LIVE_EVENTS)[number], c: WComment) {
    const known = findComment(cur.current.comments, c.id);
    if (type === 'comment.created') {
      if (known) {
        // The author's own held comment, approved by a moderator, now counts.
        if (known.status !== 'published' && c.status === 'published' && !counted.current.has(c.id)) {
          counted.current.add(c.id);
          countedAs.current.set(c.id, 'published');
          setCount((n) => n + 1);
        }
        setComments((cs) => replaceComment(cs, c));
        return;
      }
      if (c.status !== 'published' || cur.current.queue.some((q) => q.id === c.id)) return;
      // Someone else's comment written since the page loaded (the reader's own arrive through submit first).
      if (c.author?.id !== initial.viewer?.id) markFresh(c.id);
      if (!counted.current.has(c.id)) {
        counted.current.add(c.id);
        setCount((n) => n + 1);
      }
      if (midThread()) {
        setQueue((q) => [...q, c]);
        const n = cur.current.queue.length + 1;
        announce(`${n} new ${n === 1 ? 'comment' : 'comments'}`);
      } else place(c);
      return;
    }
    // An author's own edit that went back to review stays "awaiting review" for them.
    if (type === 'comment.removed' && known && known.status === 'pending' && known.author?.id === initial.viewer?.id) return;
    if (known) {
      recount(known, c);
      setComments((cs) => replaceComment(cs, c));
    }
    else if (cur.current.queue.some((x) => x.id === c.id)) {
      if (type === 'comment.removed') {
        // Removed before the reader asked to see it: it never shows, and no longer counts.
        setCount((n) => Math.max(0, n - 1));
        setQueue((q) => q.filter((x) => x.id !== c.id));
      } else setQueue((q) => q.map((x) => (x.id === c.id ? c : x)));
    }
  }

  useEffect(() => {
    setHydrated(true);
    setNow(Date.now());
    const tick = setInterval(() => setNow(Date.now()), 30_000);
    let es: EventSource | null = null;
    let hiddenTimer: ReturnType<typeof setTimeout> | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let lastEventId = '';
    const connect = () => {
      if (es || typeof EventSource === 'undefined') return;
      // The browser resumes a dropped stream from its last event id by itself; a new stream says it.
      const resume = lastEventId ? `?lastEventId=${encodeURIComponent(lastEventId)}` : '';
      const stream = new EventSource(`${initial.base}${path}/events${resume}`, { withCredentials: !!initial.base });
      es = stream;
      // Too long or too busy a gap to replay: the server says so, and the first page is reloaded.
      stream.addEventListener('resync', (e) => {
        lastEventId = (e as MessageEvent<string>).lastEventId || lastEventId;
        void catchUp();
      });
      // The browser retries a dropped stream by itself, but not a refused one (a busy node answers
      // 503): try again later, with jitter so that many readers do not come back at once.
      stream.onerror = () => {
        if (stream.readyState !== EventSource.CLOSED || es !== stream) return;
        es = null;
        retryTimer = setTimeout(() => {
          if (document.visibilityState === 'hidden' || es) return;
          const resumable = !!lastEventId;
          connect();
          if (!resumable) void catchUp();
        }, 15_000 + Math.random() * 30_000);
      };
      for (const type of LIVE_EVENTS) {
        stream.addEventListener(type, (e) => {
          lastEventId = (e as MessageEvent<string>).lastEventId || lastEventId;
          try {
            const comment = liveComment((e as MessageEvent<string>).data);
            if (comment) onLive(type, comment);
          } catch {
            // A malformed event is ignored; the next page load shows the truth.
          }
        });
      }
    };
    // Browsers allow few connections per server: a tab left in the background gives its stream up
    // after a minute, and catches up on what it missed (first page) when the reader comes back.
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') {
        hiddenTimer = setTimeout(() => {
          es?.close();
          es = null;
        }, 60_000);
      } else {
        clearTimeout(hiddenTimer);
        if (!es) {
          connect();
          void catchUp();
        }
      }
    };
    connect();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearInterval(tick);
      clearTimeout(hiddenTimer);
      clearTimeout(retryTimer);
      document.removeEventListener('visibilitychange', onVisibility);
      es?.close();
    };
  }, []);

  /** Applies the current first page as if its changes had arrived live. */
  async function catchUp() {
    try {
      const page = await api.call<Page>('GET', `${path}/comments?sort=${cur.current.sort}`);
      const walk = (cs: WComment[]) => {
        for (const c of cs) {
          const { replies, ...own } = c;
          onLive(findComment(cur.current.comments, c.id) ? (c.status === 'removed' ? 'comment.removed' : 'comment.updated') : 'comment.created', own);
          if (replies) walk(replies);
        }
      };
      walk(page.comments);
    } catch {
      // Offline: the stream's own reconnection will bring new events.
    }
  }

  // A click anywhere outside the open ⋯ menu closes it.
  useEffect(() => {
    if (!menu) return;
    const away = (e: Event) => {
      if (!(e.target as Element | null)?.closest?.('.parley-menu-wrap')) setMenu(null);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [menu]);

  const ctl: Controller = {
    state: initial,
    menu,
    setMenu,
    fresh,
    collapsed,
    toggleReplies(id) {
      const folding = !collapsed.has(id);
      setCollapsed((s) => {
        const next = new Set(s);
        if (folding) next.add(id);
        else next.delete(id);
        return next;
      });
      announce(folding ? 'Replies hidden.' : 'Replies shown.');
    },
    async signOut() {
      try {
        await api.call('POST', '/api/auth/logout');
        // Reloaded signed out, still knowing the host page that signing in comes back to.
        const host = initial.hostUrl ? `#host=${encodeURIComponent(initial.hostUrl)}` : '';
        history.replaceState(null, '', location.pathname + location.search + host);
        location.reload();
      } catch (err) {
        announce((err as Error).message);
      }
    },
    now,
    hydrated,
    standing: standing(initial.viewer, initial.post, now),
    active,
    setActive,
    announce,
    async submit(body, parentId) {
      const res = await api.call<{ comment: WComment }>('POST', `${path}/comments`, parentId ? { body, parentId } : { body });
      const c: WComment = { ...res.comment, body };
      if (c.status === 'published' && !counted.current.has(c.id)) {
        counted.current.add(c.id);
        setCount((n) => n + 1);
      }
      setQueue((q) => q.filter((x) => x.id !== c.id));
      setComments((cs) => {
        const next = insertComment(cs, c, cur.current.sort, true) ?? cs;
        // A reply into a folded thread unfolds it, so the reader sees (and focus reaches) what they wrote.
        const path = pathTo(next, c.id);
        if (path) setCollapsed((s) => (path.some((id) => s.has(id)) ? new Set([...s].filter((id) => !path.includes(id))) : s));
        return next;
      });
      announce(c.status === 'pending' ? 'Your comment is awaiting review.' : parentId ? 'Your reply was posted.' : 'Your comment was posted.');
      // The submit button was disabled while sending, which drops focus to the page: the reader
      // continues from their own new comment instead.
      focusLater(`comment-${c.id}`);
    },
    async edit(c, body) {
      const res = await api.call<{ comment: WComment }>('PATCH', `/api/comments/${encodeURIComponent(c.id)}`, { body });
      setComments((cs) => replaceComment(cs, { ...res.comment, body }));
      announce(res.comment.status === 'pending' ? 'Your changes are awaiting review.' : 'Your changes were saved.');
    },
    async remove(c) {
      await api.call('DELETE', `/api/comments/${encodeURIComponent(c.id)}`);
      recount(c, { ...c, status: 'removed' });
      setComments((cs) => patchComment(cs, c.id, { status: 'removed', removedReason: 'deleted_by_author', bodyHtml: '', body: undefined }));
      announce('Your comment was deleted.');
      setTimeout(() => document.getElementById(`comment-${c.id}`)?.focus(), 0);
    },
    async like(c) {
      const liked = isLiked(c);
      try {
        const res = await api.call<{ likes: number }>(liked ? 'DELETE' : 'POST', `/api/comments/${encodeURIComponent(c.id)}/like`);
        setComments((cs) => patchComment(cs, c.id, { likes: res.likes, liked: !liked, likedByViewer: !liked }));
        announce(liked ? 'Like removed.' : 'Liked.');
      } catch (err) {
        announce((err as Error).message);
      }
    },
    async loadReplies(root) {
      const more = root.moreReplies;
      if (!more) return;
      try {
        const res = await api.call<{ replies: WComment[]; nextCursor: string | null }>('GET', `/api/comments/${encodeURIComponent(root.id)}/replies?after=${encodeURIComponent(more.after)}&limit=50`);
        setComments((cs) => addReplies(cs, root.id, res.replies, res.nextCursor, cur.current.sort));
        announce(`${res.replies.length} more ${res.replies.length === 1 ? 'reply' : 'replies'} shown.`);
        const first = res.replies[0];
        if (first) focusLater(`comment-${first.id}`);
      } catch (err) {
        announce((err as Error).message);
      }
    },
    openFlag(c, openerId) {
      flagOpener.current = openerId;
      setFlagTarget(c);
    },
    async resendConfirmation() {
      try {
        await api.call('POST', '/api/account/confirmation');
        announce('We sent you a new link. Open it to confirm your address.');
      } catch (err) {
        announce((err as Error).message);
      }
    },
    openModerate(c, openerId) {
      modOpener.current = openerId;
      setModTarget(c);
    },
    async moderate(c, decision) {
      const res = await api.call<{ comment: WComment; sanction: { kind: string } | null }>('POST', `/api/mod/comments/${encodeURIComponent(c.id)}/remove`, decision);
      const removed = { ...res.comment, bodyHtml: '', body: undefined };
      recount(c, removed);
      setComments((cs) => replaceComment(cs, removed));
      modOpener.current = `comment-${c.id}`;
      announce(`Comment removed${decision.strike ? ' with a strike' : ''}${res.sanction ? `; the author now has a ${res.sanction.kind}` : ''}.`);
    },
    async flag(c, reason, note) {
      await api.call('POST', `/api/comments/${encodeURIComponent(c.id)}/flag`, note ? { reason, note } : { reason });
      announce('Thank you. The moderators will look at this comment.');
    },
  };

  async function load(nextSort: Sort, cursor: string | null) {
    setLoading(true);
    try {
      const q = new URLSearchParams({ sort: nextSort });
      if (cursor) q.set('cursor', cursor);
      const page = await api.call<Page>('GET', `${path}/comments?${q}`);
      const marked = markMoreReplies(page.comments);
      setComments((cs) => (cursor ? appendPage(cs, marked) : marked));
      setNextCursor(page.nextCursor);
      setSort(nextSort);
      if (!cursor) {
        setQueue([]);
        // The sort stays in the address, so a reload or a shared link shows the same order.
        if (!initial.embed) {
          const url = new URL(location.href);
          url.searchParams.delete('cursor');
          if (nextSort === 'oldest') url.searchParams.delete('sort');
          else url.searchParams.set('sort', nextSort);
          history.replaceState(history.state, '', url);
        }
      }
      announce(cursor ? `${page.comments.length} more comments loaded.` : `Comments sorted: ${nextSort === 'top' ? 'most liked' : nextSort} first.`);
      // Keyboard and screen reader users continue reading where the new comments start.
      const first = page.comments[0];
      if (cursor && first) focusLater(`comment-${first.id}`);
    } catch (err) {
      announce((err as Error).message);
    } finally {
      setLoading(false);
    }
  }

  function showQueued() {
    const items = cur.current.queue;
    setQueue([]);
    setComments((cs) => items.reduce((acc, c) => insertComment(acc, c, cur.current.sort, true) ?? acc, cs));
    announce(`${items.length} new ${items.length === 1 ? 'comment' : 'comments'} shown.`);
    const first = items[0];
    if (first) setTimeout(() => document.getElementById(`comment-${first.id}`)?.focus(), 0);
  }

  return (
    <DiscussionView
      rootRef={root}
      ctl={ctl}
      comments={comments}
      count={count}
      sort={sort}
      nextCursor={nextCursor}
      status={status}
      queued={queue.length}
      loading={loading}
      flagTarget={flagTarget}
      modTarget={modTarget}
      onModClose={() => setModTarget(null)}
      afterModClose={() => {
        if (modOpener.current) document.getElementById(modOpener.current)?.focus();
        modOpener.current = null;
      }}
      onSort={(s) => void load(s, null)}
      onMore={() => void load(sort, nextCursor)}
      onShowQueued={showQueued}
      onFlagClose={() => setFlagTarget(null)}
      afterFlagClose={() => {
        if (flagOpener.current) focusLater(flagOpener.current);
        flagOpener.current = null;
      }}
    />
  );
}
