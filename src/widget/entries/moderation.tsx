/* The moderation workspace (/admin/moderation): queues with live counts, each item in context, and
   every decision reachable from the keyboard. Talks only to the /api/mod routes. */
import { render } from 'preact';
import { formatDateTime, formatDay } from '../../domain/dates';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { resolvedItemId } from '../guards';

type Kind = 'pending' | 'hidden' | 'flagged' | 'removed' | 'review' | 'appeals';
type Counts = Record<Kind, number>;

interface Phrase {
  start: number;
  end: number;
  kind: string | null;
  /** one line for people: "held: “vermin” (a dehumanising comparison) aimed at a group" */
  why?: string | null;
}
interface History {
  id: string;
  displayName: string;
  supporter: boolean;
  supporterSince: string | null;
  comments: number;
  removals: number;
  liveStrikes: number;
  sanction: { state: string; until: string | null; reason: string | null };
}
interface CommentItem {
  kind: 'comment';
  id: string;
  status: string;
  body: string;
  createdAt: string;
  removedReason: string | null;
  post: { id: string; slug: string; title: string };
  parent: { id: string; authorName: string | null; bodyHtml: string } | null;
  automated: { decision: string | null; reasons: Array<{ code: string; message: string }>; score: number | null; phrases: Phrase[] } | null;
  flags: { count: number; weight: number; reasons: Record<string, number>; notes: string[] };
  author: History | null;
}
interface UserItem {
  kind: 'user';
  id: string;
  note: string | null;
  user: History | null;
  /** The banned account this one shares an identity with. */
  linked: { id: string; displayName: string | null } | null;
}
interface AppealItem {
  kind: 'appeal';
  id: string;
  appeal: { body: string; createdAt: string };
  sanction: { id: string; kind: string; reason: string; endsAt: string | null };
  comment: { id: string; body: string; removedReason: string | null } | null;
  user: History | null;
}
type Item = CommentItem | UserItem | AppealItem;

const QUEUES: Array<{ kind: Kind; label: string }> = [
  { kind: 'pending', label: 'Held' },
  { kind: 'flagged', label: 'Flagged' },
  { kind: 'hidden', label: 'Hidden by flags' },
  { kind: 'removed', label: 'Recent removals' },
  { kind: 'review', label: 'Review' },
  { kind: 'appeals', label: 'Appeals' },
];
const REASONS = ['profanity', 'abuse', 'spam', 'off_topic', 'other'] as const;
const REASON_TEXT: Record<string, string> = { profanity: 'Profanity', abuse: 'Abuse', spam: 'Spam', off_topic: 'Off topic', other: 'Other' };

let csrf = '';
async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  if (!csrf && method !== 'GET') csrf = ((await (await fetch('/api/session', { credentials: 'same-origin' })).json()) as { csrfToken: string }).csrfToken;
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(method !== 'GET' ? { 'x-parley-csrf': csrf } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json().catch(() => ({}))) as T & { error?: { code: string; message: string } };
  if (!res.ok) throw new Error(json.error?.message ?? `Request failed (${res.status})`);
  return json;
}

/** The comment text with the automated phrases marked; text only, never HTML. */
function Highlighted({ text, phrases }: { text: string; phrases: Phrase[] }) {
  const spans = [...phrases].filter((p) => p.start >= 0 && p.end > p.start && p.end <= text.length).sort((a, b) => a.start - b.start);
  const out: Array<string | preact.JSX.Element> = [];
  let at = 0;
  for (const p of spans) {
    if (p.start < at) continue; // overlapping span: the first one wins
    if (p.start > at) out.push(text.slice(at, p.start));
    out.push(<mark class={`hl hl-${p.kind ?? 'phrase'}`} title={p.why ?? p.kind ?? 'flagged phrase'}>{text.slice(p.start, p.end)}</mark>);
    at = p.end;
  }
  if (at < text.length) out.push(text.slice(at));
  return <p class="mod-body">{out}</p>;
}

function AuthorLine({ a }: { a: History | null }) {
  if (!a) return <p class="meta">Deleted user</p>;
  return (
    <p class="meta mod-author">
      <a href={`/admin/moderation/users/${a.id}`} target="_blank" rel="noopener">{a.displayName}</a> · {a.comments} comments · {a.removals} removed · {a.liveStrikes} live strike{a.liveStrikes === 1 ? '' : 's'} ·{' '}
      <span class={`sanction sanction-${a.sanction.state}`}>{a.sanction.state === 'none' ? 'no sanction' : a.sanction.state}{a.sanction.until ? ` until ${formatDateTime(a.sanction.until)}` : ''}</span> ·{' '}
      {a.supporter ? `supporter since ${a.supporterSince ? formatDay(a.supporterSince) : '?'}` : 'not a supporter'}
    </p>
  );
}

function ItemView({ item, selected, checked, onToggle, act }: { item: Item; selected: boolean; checked: boolean; onToggle: () => void; act: (a: string) => void }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  return (
    <article ref={ref} class={`mod-item${selected ? ' selected' : ''}`} aria-current={selected ? 'true' : undefined} data-id={item.id} data-testid="mod-item">
      <label class="mod-check">
        <input type="checkbox" checked={checked} onChange={onToggle} aria-label="Select for bulk action" tabIndex={-1} />
      </label>
      {item.kind === 'comment' && (
        <div>
          <p class="meta">
            On <a href={`/posts/${item.post.slug}#comment-${item.id}`}>{item.post.title}</a> · <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
            {item.removedReason && <> · removed for {REASON_TEXT[item.removedReason] ?? item.removedReason}</>}
          </p>
          {item.parent && (
            <blockquote class="mod-parent">
              <span class="meta">In reply to {item.parent.authorName ?? 'a deleted user'}:</span>
              <div dangerouslySetInnerHTML={{ __html: item.parent.bodyHtml || '<p><em>(no longer visible)</em></p>' }} />
            </blockquote>
          )}
          <Highlighted text={item.body} phrases={item.automated?.phrases ?? []} />
          {item.automated && item.automated.reasons.length > 0 && (
            <p class="meta mod-reasons">
              Automated: {item.automated.decision ?? '—'} · {item.automated.reasons.map((r) => r.code).join(', ')}
              {item.automated.score !== null && <> · abuse score <strong>{item.automated.score.toFixed(2)}</strong></>}
            </p>
          )}
          {item.automated && item.automated.phrases.some((p) => p.why) && (
            <ul class="meta mod-evidence">
              {[...new Set(item.automated.phrases.map((p) => p.why).filter(Boolean))].map((why) => <li>{why}</li>)}
            </ul>
          )}
          {item.flags.count > 0 && (
            <p class="meta mod-flags">
              {item.flags.count} flag{item.flags.count === 1 ? '' : 's'} (weight {item.flags.weight}):{' '}
              {Object.entries(item.flags.reasons).map(([r, n]) => `${REASON_TEXT[r] ?? r} ×${n}`).join(', ')}
              {item.flags.notes.length > 0 && <> — “{item.flags.notes.join('”, “')}”</>}
            </p>
          )}
          <AuthorLine a={item.author} />
          {item.status !== 'removed' ? (
            <div class="mod-actions">
              <button type="button" onClick={() => act('approve')}>Approve <kbd>a</kbd></button>
              <button type="button" class="secondary" onClick={() => act('remove')}>Remove <kbd>r</kbd></button>
              <button type="button" class="secondary" onClick={() => act('remove-suspend')}>Remove and suspend <kbd>s</kbd></button>
              <button type="button" class="secondary" onClick={() => act('ban')}>Ban <kbd>b</kbd></button>
            </div>
          ) : (
            <div class="mod-actions">
              <button type="button" class="secondary" onClick={() => act('approve')}>Restore <kbd>a</kbd></button>
            </div>
          )}
        </div>
      )}
      {item.kind === 'user' && (
        <div>
          <p><strong>{item.user?.displayName ?? item.id}</strong> is banned by association.</p>
          <p class="meta">
            {item.linked && item.note?.includes(item.linked.id) ? (
              // The note names the linked account by id: show its name, linked to its history.
              <>
                {item.note.split(item.linked.id)[0]}
                <a href={`/admin/moderation/users/${item.linked.id}`}>{item.linked.displayName ?? 'a deleted account'}</a>
                {item.note.split(item.linked.id).slice(1).join(item.linked.id)}
              </>
            ) : (
              item.note
            )}
          </p>
          <AuthorLine a={item.user} />
          <div class="mod-actions">
            <button type="button" onClick={() => act('confirm')}>Confirm ban <kbd>a</kbd></button>
            <button type="button" class="secondary" onClick={() => act('clear')}>Clear <kbd>r</kbd></button>
          </div>
        </div>
      )}
      {item.kind === 'appeal' && (
        <div>
          <p class="meta">Appeal against a {item.sanction.kind}: {item.sanction.reason}</p>
          {item.comment && <blockquote class="mod-parent">{item.comment.body}</blockquote>}
          <p class="mod-body">{item.appeal.body}</p>
          <AuthorLine a={item.user} />
          <div class="mod-actions">
            <button type="button" onClick={() => act('uphold')}>Uphold <kbd>a</kbd></button>
            <button type="button" class="secondary" onClick={() => act('lift')}>Lift <kbd>r</kbd></button>
          </div>
        </div>
      )}
    </article>
  );
}

interface Dialog {
  type: 'remove' | 'remove-suspend' | 'ban' | 'text';
  title: string;
  ids: string[];
  /** For 'text' dialogs: what to do with the reason typed. */
  run?: (reason: string) => Promise<void>;
  /** For removals: a note sent to the author, and no strike whatever the reason. */
  note?: string;
  noStrike?: boolean;
}

function App() {
  const initial = (new URLSearchParams(location.search).get('kind') as Kind) || 'pending';
  const [kind, setKind] = useState<Kind>(QUEUES.some((q) => q.kind === initial) ? initial : 'pending');
  const [items, setItems] = useState<Item[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [index, setIndex] = useState(0);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [help, setHelp] = useState(false);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [status, setStatus] = useState('');
  const [loading, setLoading] = useState(true);
  const [post, setPost] = useState(new URLSearchParams(location.search).get('post') ?? '');
  const [reason, setReason] = useState(new URLSearchParams(location.search).get('reason') ?? '');
  const done = useRef(new Set<string>());
  const itemsRef = useRef(items);
  itemsRef.current = items;

  const query = useCallback(
    (c: string | null) => {
      const p = new URLSearchParams({ kind, limit: '50' });
      if (c) p.set('cursor', c);
      if (post.trim()) p.set('post', post.trim());
      if (reason) p.set('reason', reason);
      return `/api/mod/queue?${p}`;
    },
    [kind, post, reason],
  );

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const page = await api<{ items: Item[]; nextCursor: string | null; counts: Counts }>('GET', query(null));
      setItems(page.items.filter((i) => !done.current.has(i.id)));
      setCursor(page.nextCursor);
      setCounts(page.counts);
      setIndex(0);
      setChecked(new Set());
    } catch (e) {
      setStatus((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [query]);

  useEffect(() => {
    void load();
    const url = new URL(location.href);
    url.searchParams.set('kind', kind);
    if (post.trim()) url.searchParams.set('post', post.trim()); else url.searchParams.delete('post');
    if (reason) url.searchParams.set('reason', reason); else url.searchParams.delete('reason');
    history.replaceState(null, '', url);
  }, [load]);

  /** New items arrive: add the ones not shown yet at the end, so the one being read does not move. */
  const refresh = useCallback(async () => {
    try {
      const page = await api<{ items: Item[]; counts: Counts }>('GET', query(null));
      setCounts(page.counts);
      const have = new Set(itemsRef.current.map((i) => i.id));
      const fresh = page.items.filter((i) => !have.has(i.id) && !done.current.has(i.id));
      if (fresh.length) {
        setItems((cur) => [...cur, ...fresh]);
        setStatus(`${fresh.length} new item${fresh.length === 1 ? '' : 's'} in the queue.`);
      }
    } catch {
      /* the next event tries again */
    }
  }, [query]);

  useEffect(() => {
    const es = new EventSource('/api/mod/events');
    let timer: ReturnType<typeof setTimeout> | null = null;
    const soon = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void refresh();
      }, 300);
    };
    for (const t of ['item.held', 'item.flagged', 'item.hidden', 'item.resolved', 'review.added', 'appeal.filed', 'user.sanctioned', 'user.unbanned']) es.addEventListener(t, soon);
    // Another moderator decided an item: it leaves this list too, so nobody decides it twice.
    es.addEventListener('item.resolved', (e) => {
      try {
        const id = resolvedItemId((e as MessageEvent<string>).data);
        if (!id || done.current.has(id)) return;
        done.current.add(id);
        setItems((cur) => {
          const ix = cur.findIndex((i) => i.id === id);
          if (ix < 0) return cur;
          setIndex((sel) => (sel > ix ? sel - 1 : Math.min(sel, Math.max(0, cur.length - 2))));
          return cur.filter((i) => i.id !== id);
        });
      } catch {
        /* a malformed event changes nothing */
      }
    });
    return () => {
      es.close();
      if (timer) clearTimeout(timer);
    };
  }, [refresh]);

  /** Takes items out of the list after a decision, keeping the cursor on the next one. */
  const resolved = useCallback((ids: string[], message: string) => {
    for (const id of ids) done.current.add(id);
    setItems((cur) => {
      const next = cur.filter((i) => !ids.includes(i.id));
      setIndex((ix) => Math.min(ix, Math.max(0, next.length - 1)));
      return next;
    });
    setChecked(new Set());
    setCounts((c) => (c ? { ...c, [kind]: Math.max(0, c[kind] - ids.length) } : c));
    setStatus(message);
  }, [kind]);

  // Load the next page when the list runs out.
  useEffect(() => {
    if (!loading && items.length === 0 && cursor) void api<{ items: Item[]; nextCursor: string | null }>('GET', query(cursor)).then((p) => {
      setItems(p.items.filter((i) => !done.current.has(i.id)));
      setCursor(p.nextCursor);
    });
  }, [items.length, cursor, loading]);

  const targets = useCallback((): Item[] => {
    if (checked.size) return items.filter((i) => checked.has(i.id));
    const it = items[index];
    return it ? [it] : [];
  }, [checked, items, index]);

  const guard = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (e) {
      setStatus((e as Error).message);
      void refresh();
    }
  };

  const act = useCallback(
    (action: string) => {
      const ts = targets();
      const [first] = ts;
      if (!first) return;
      const ids = ts.map((t) => t.id);
      if (first.kind === 'user') {
        if (action === 'approve' || action === 'confirm') setDialog({ type: 'text', title: 'Confirm the ban: why?', ids, run: (r) => Promise.all(ids.map((id) => api('POST', `/api/mod/users/${id}/review`, { decision: 'confirm', reason: r }))).then(() => resolved(ids, 'Ban confirmed.')) });
        if (action === 'remove' || action === 'clear') setDialog({ type: 'text', title: 'Clear the account: why?', ids, run: (r) => Promise.all(ids.map((id) => api('POST', `/api/mod/users/${id}/review`, { decision: 'clear', reason: r }))).then(() => resolved(ids, 'Account cleared.')) });
        return;
      }
      if (first.kind === 'appeal') {
        const decision = action === 'approve' || action === 'uphold' ? 'upheld' : action === 'remove' || action === 'lift' ? 'lifted' : null;
        if (decision) setDialog({ type: 'text', title: decision === 'upheld' ? 'Uphold: the reason sent to the user' : 'Lift: the reason sent to the user', ids, run: (r) => Promise.all(ids.map((id) => api('POST', `/api/mod/appeals/${id}/decide`, { decision, reason: r }))).then(() => resolved(ids, `Appeal ${decision}.`)) });
        return;
      }
      if (action === 'approve') {
        void guard(async () => {
          if (ids.length === 1) await api('POST', `/api/mod/comments/${ids[0]}/approve`, {});
          else await api('POST', '/api/mod/bulk', { ids, action: 'approve' });
          resolved(ids, ids.length === 1 ? 'Approved.' : `${ids.length} approved.`);
        });
      } else if (action === 'remove') setDialog({ type: 'remove', title: ids.length > 1 ? `Remove ${ids.length} comments for…` : 'Remove for…', ids });
      else if (action === 'remove-suspend') setDialog({ type: 'remove-suspend', title: 'Remove and suspend the author for 24 hours, for…', ids: [first.id] });
      else if (action === 'ban') setDialog({ type: 'ban', title: `Ban ${first.author?.displayName ?? 'the author'} permanently: why?`, ids: [first.id] });
    },
    [targets, resolved],
  );

  const removeFor = useCallback(
    async (d: Dialog, why: (typeof REASONS)[number]) => {
      setDialog(null);
      // The dialog's note for the author and its "no strike" choice (absent: the reason decides the strike).
      const extra = { ...(d.note?.trim() ? { note: d.note.trim() } : {}), ...(d.noStrike ? { strike: false } : {}) };
      await guard(async () => {
        if (d.ids.length > 1) {
          await api('POST', '/api/mod/bulk', { ids: d.ids, action: 'remove', reason: why, ...extra });
          resolved(d.ids, `${d.ids.length} removed for ${REASON_TEXT[why]}.`);
          return;
        }
        const id = d.ids[0];
        if (id === undefined) return;
        const item = items.find((i) => i.id === id) as CommentItem | undefined;
        const res = await api<{ sanction: { kind: string } | null }>('POST', `/api/mod/comments/${id}/remove`, { reason: why, ...extra });
        if (d.type === 'remove-suspend' && item?.author && res.sanction?.kind !== 'ban') {
          await api('POST', `/api/mod/users/${item.author.id}/suspend`, { hours: 24, reason: `Comment removed for ${(REASON_TEXT[why] ?? why).toLowerCase()}`, commentId: id });
        }
        resolved([id], `Removed for ${REASON_TEXT[why]}${res.sanction ? ` — the author now has a ${res.sanction.kind}` : ''}${d.type === 'remove-suspend' ? '; author suspended' : ''}.`);
      });
    },
    [items, resolved],
  );

  const submitText = useCallback(
    async (d: Dialog, text: string) => {
      setDialog(null);
      if (!text.trim()) return;
      await guard(async () => {
        if (d.type === 'ban') {
          const id = d.ids[0];
          if (id === undefined) return;
          const item = items.find((i) => i.id === id) as CommentItem | undefined;
          if (item?.status !== 'removed') await api('POST', `/api/mod/comments/${id}/remove`, { reason: 'abuse', note: text, strike: false });
          if (item?.author) await api('POST', `/api/mod/users/${item.author.id}/ban`, { reason: text, commentId: id });
          resolved([id], 'Removed and banned.');
        } else if (d.run) await d.run(text);
      });
    },
    [items, resolved],
  );

  // One keyboard listener for the page's lifetime, reading the current state through a ref: a key
  // pressed right after a render (before effects run) must act on what is on screen, not on a stale closure.
  const live = useRef({ dialog, items, index, act, removeFor });
  live.current = { dialog, items, index, act, removeFor };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const { dialog: d, items: list, index: ix, act: doAct, removeFor: remove } = live.current;
      const k = e.key;
      const digitReason = /^[1-5]$/.test(k) ? REASONS[Number(k) - 1] : undefined;
      const digitQueue = /^[1-6]$/.test(k) ? QUEUES[Number(k) - 1] : undefined;
      if (d) {
        if (k === 'Escape') setDialog(null);
        // Digits typed into the note are text, not a reason.
        else if ((d.type === 'remove' || d.type === 'remove-suspend') && digitReason && !['INPUT', 'TEXTAREA'].includes((e.target as HTMLElement).tagName)) void remove(d, digitReason);
        else return;
        e.preventDefault();
        return;
      }
      const target = e.target as HTMLElement;
      if (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
      if (k === 'j' || k === 'ArrowDown') setIndex((i) => Math.min(i + 1, Math.max(0, list.length - 1)));
      else if (k === 'k' || k === 'ArrowUp') setIndex((i) => Math.max(i - 1, 0));
      else if (k === 'a') doAct('approve');
      else if (k === 'r') doAct('remove');
      else if (k === 's') doAct('remove-suspend');
      else if (k === 'b') doAct('ban');
      else if (k === 'x') {
        const it = list[ix];
        if (it) setChecked((c) => { const n = new Set(c); if (n.has(it.id)) n.delete(it.id); else n.add(it.id); return n; });
      } else if (k === '?') setHelp((h) => !h);
      else if (k === 'Escape') { setHelp(false); setChecked(new Set()); }
      else if (digitQueue) setKind(digitQueue.kind);
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const totalTitle = useMemo(() => (counts ? counts.pending + counts.hidden + counts.flagged : 0), [counts]);
  useEffect(() => {
    document.title = `${totalTitle ? `(${totalTitle}) ` : ''}Moderation`;
  }, [totalTitle]);

  return (
    <div class="mod-app">
      <nav class="mod-queues" aria-label="Queues">
        {QUEUES.map((q, i) => (
          <a href={`?kind=${q.kind}`} aria-current={q.kind === kind ? 'page' : undefined} onClick={(e) => { e.preventDefault(); setKind(q.kind); }} title={`Key ${i + 1}`}>
            {q.label} <span class="count" data-count={q.kind}>{counts ? counts[q.kind] : '…'}</span>
          </a>
        ))}
      </nav>
      <form class="mod-filters" onSubmit={(e) => { e.preventDefault(); void load(); }}>
        <label>Post <input type="text" value={post} placeholder="slug" onInput={(e) => setPost((e.target as HTMLInputElement).value)} /></label>
        <label>
          Reason{' '}
          <select value={reason} onChange={(e) => setReason((e.target as HTMLSelectElement).value)}>
            <option value="">any</option>
            {[...REASONS, 'links', 'banned_word', 'watched_word', 'new_supporter'].map((r) => <option value={r}>{REASON_TEXT[r] ?? r.replace('_', ' ')}</option>)}
          </select>
        </label>
        <button type="submit" class="secondary">Filter</button>
        <span class="meta">{checked.size ? `${checked.size} selected — a/r act on all` : 'Press ? for keys'}</span>
      </form>
      <p class="visually-hidden" role="status" aria-live="polite">{status}</p>
      {status && <p class="notice mod-status">{status}</p>}
      {loading ? <p class="meta">Loading…</p> : items.length === 0 ? <p class="mod-empty">Nothing waiting here. 🎉</p> : null}
      <div class="mod-list">
        {items.map((it, i) => (
          <ItemView key={it.id} item={it} selected={i === index} checked={checked.has(it.id)} act={(a) => { setIndex(i); setTimeout(() => act(a)); }} onToggle={() => setChecked((c) => { const n = new Set(c); if (n.has(it.id)) n.delete(it.id); else n.add(it.id); return n; })} />
        ))}
      </div>
      {dialog && <DialogView d={dialog} onCancel={() => setDialog(null)} onReason={(r) => void removeFor(dialog, r)} onText={(t) => void submitText(dialog, t)} />}
      {help && (
        <div class="mod-dialog" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts">
          <h2>Keys</h2>
          <dl class="mod-keys">
            <dt>j / k</dt><dd>next / previous item</dd>
            <dt>a</dt><dd>approve (confirm, uphold)</dd>
            <dt>r</dt><dd>remove with a reason (clear, lift)</dd>
            <dt>s</dt><dd>remove and suspend for 24 hours</dd>
            <dt>b</dt><dd>remove and ban</dd>
            <dt>x</dt><dd>select for a bulk action</dd>
            <dt>1–6</dt><dd>switch queue</dd>
            <dt>?</dt><dd>this help; Esc closes</dd>
          </dl>
          <button type="button" onClick={() => setHelp(false)}>Close</button>
        </div>
      )}
    </div>
  );
}

function DialogView({ d, onReason, onText }: { d: Dialog; onCancel: () => void; onReason: (r: (typeof REASONS)[number]) => void; onText: (t: string) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // Keys (1–5, Esc) are handled by the workspace's one listener; this only moves the focus in.
    (input.current ?? ref.current)?.focus();
  }, [d]);
  return (
    <div class="mod-dialog" role="dialog" aria-modal="true" aria-label={d.title} ref={ref} tabIndex={-1}>
      <h2>{d.title}</h2>
      {d.type === 'remove' || d.type === 'remove-suspend' ? (
        <>
          <label class="mod-note">
            Note to the author (optional, sent with the notice)
            <textarea rows={2} maxLength={2000} onInput={(e) => (d.note = (e.target as HTMLTextAreaElement).value)} />
          </label>
          <label class="choice">
            <input type="checkbox" onChange={(e) => (d.noStrike = (e.target as HTMLInputElement).checked)} /> No strike (whatever the reason)
          </label>
          <ol class="mod-reason-list">
            {REASONS.map((r, i) => (
              <li><button type="button" class="secondary" onClick={() => onReason(r)}><kbd>{i + 1}</kbd> {REASON_TEXT[r]}{r === 'profanity' || r === 'abuse' ? ' (strike)' : ''}</button></li>
            ))}
          </ol>
        </>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); onText(input.current?.value ?? ''); }}>
          <label>Reason <input ref={input} type="text" required maxLength={1000} /></label>
          <button type="submit">Confirm</button>
        </form>
      )}
      <p class="meta">Esc to cancel</p>
    </div>
  );
}

const root = document.getElementById('moderation-app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
