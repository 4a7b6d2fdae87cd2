/* The comments widget: one Preact tree rendered to HTML on the server (readable without JavaScript)
   and hydrated in the browser from the same state. Everything the reader can do goes through the
   `Controller` in context; rendering never trusts a comment body beyond the server's sanitised
   bodyHtml (markdown-it with raw HTML off). */
import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { gate } from '../domain/gate';
import { absoluteTime, relativeTime } from './time';
import { htmlToMarkup } from './api';
import { FLAG_REASONS, MAX_DEPTH, SORTS, type Sort, type Viewer, type WComment, type WidgetPost, type WidgetState } from './types';

export type Standing =
  | { kind: 'write' }
  | { kind: 'sign_in' }
  | { kind: 'donate' }
  | { kind: 'suspended'; until: string | null; reason: string | null }
  | { kind: 'banned'; reason: string | null }
  | { kind: 'closed' };

/** What the viewer may do here, decided by the same gate the API uses. */
export function standing(viewer: Viewer | null, post: WidgetPost, now: number): Standing {
  const g = gate('comment', viewer, { discussion: post.discussion, discussionClosesAt: post.discussionClosesAt }, new Date(now));
  if (g.allowed) return { kind: 'write' };
  switch (g.code) {
    case 'sign_in_required': return { kind: 'sign_in' };
    case 'banned': return { kind: 'banned', reason: viewer?.sanction.reason ?? null };
    case 'suspended': return { kind: 'suspended', until: viewer?.sanction.until ?? null, reason: viewer?.sanction.reason ?? null };
    case 'discussion_closed': return { kind: 'closed' };
    default: return { kind: 'donate' };
  }
}

const REASONS: Record<string, string> = {
  profanity: 'profanity',
  abuse: 'abuse',
  spam: 'spam',
  off_topic: 'off topic',
  other: 'breaking the site rules',
  deleted_by_author: 'deleted by its author',
  banned_word: 'a banned word',
};
export const removedText = (reason: string | null) => `This comment was removed (${reason ? (REASONS[reason] ?? reason.replace(/_/g, ' ')) : 'moderation'})`;

export const isLiked = (c: WComment) => c.liked ?? c.likedByViewer ?? false;

/** The widget's actions and the bits of state every comment needs. */
export interface Controller {
  state: WidgetState;
  now: number;
  standing: Standing;
  hydrated: boolean;
  submit(body: string, parentId: string | null): Promise<void>;
  edit(c: WComment, body: string): Promise<void>;
  remove(c: WComment): Promise<void>;
  like(c: WComment): Promise<void>;
  openFlag(c: WComment, opener: HTMLElement | null): void;
  flag(c: WComment, reason: string, note?: string): Promise<void>;
  announce(message: string): void;
}

export const Ctl = createContext<Controller>(null as unknown as Controller);

const HELP = 'Formatting: **bold**, _italics_, > quote, and links (paste the address).';

let boxCounter = 0;

export interface BoxProps {
  label: string;
  submitLabel: string;
  initial?: string;
  onSubmit(text: string): Promise<void>;
  onCancel?(): void;
  autoFocus?: boolean;
}

/** A labelled textarea with the markup help, the server's error message right next to it, and submit. */
export function CommentBox({ label, submitLabel, initial = '', onSubmit, onCancel, autoFocus }: BoxProps) {
  const { hydrated } = useContext(Ctl);
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const idRef = useRef<string>('');
  if (!idRef.current) idRef.current = `parley-box-${++boxCounter}`;
  const id = idRef.current;
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (autoFocus) area.current?.focus();
  }, []);
  async function send(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (!text.trim()) {
      setError('Please write something first.');
      area.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit(text);
      setText('');
    } catch (err) {
      setError((err as Error).message);
      area.current?.focus();
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="parley-box" onSubmit={send} noValidate>
      <label for={id}>{label}</label>
      <textarea
        id={id}
        ref={area}
        name="body"
        rows={4}
        maxLength={10000}
        value={text}
        aria-describedby={`${id}-help${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? 'true' : undefined}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && onCancel) onCancel();
        }}
      />
      <p class="parley-help" id={`${id}-help`}>{HELP}</p>
      {error && (
        <p class="parley-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
      <div class="parley-box-actions">
        <button type="submit" disabled={busy || !hydrated}>{busy ? 'Sending…' : submitLabel}</button>
        {onCancel && (
          <button type="button" class="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/** Shown instead of the comment box to everyone who may not comment. */
export function CallToAction({ s, slug }: { s: Standing; slug: string }) {
  const { state } = useContext(Ctl);
  const b = state.base;
  // In an embed, leaving the discussion happens in the host's window, not inside the iframe.
  const target = state.embed ? '_top' : undefined;
  switch (s.kind) {
    case 'write': return null;
    case 'sign_in':
      return (
        <div class="parley-cta notice">
          <p>
            <a class="button" target={target} href={`${b}/login?next=${encodeURIComponent(`/posts/${slug}#comments`)}`}>Sign in</a> to join in with the discussion. It is open to the
            site's supporters: if you are not one yet, please <a target={target} href={`${b}/support`}>make a donation</a>.
          </p>
        </div>
      );
    case 'donate':
      return (
        <div class="parley-cta notice">
          <p>
            <a target={target} href={`${b}/support`}>To join in with the discussion please make a donation</a>. Reading is free for everyone; the comments are for supporters.
          </p>
        </div>
      );
    case 'suspended':
      return (
        <div class="parley-cta notice error" role="note">
          <p>
            You are suspended from the discussion{s.until ? <> until <time dateTime={s.until}>{absoluteTime(s.until)}</time></> : null}
            {s.reason ? <>. Reason: {s.reason}</> : null}.
          </p>
        </div>
      );
    case 'banned':
      return (
        <div class="parley-cta notice error" role="note">
          <p>You are banned from the discussion{s.reason ? <>. Reason: {s.reason}</> : null}.</p>
        </div>
      );
    case 'closed':
      return (
        <div class="parley-cta notice">
          <p>The discussion on this post is closed.</p>
        </div>
      );
  }
}

function Time({ iso }: { iso: string }) {
  const { now } = useContext(Ctl);
  return (
    <time dateTime={iso} title={absoluteTime(iso)}>
      {relativeTime(iso, now)}
    </time>
  );
}

type Mode = null | 'reply' | 'edit' | 'confirm-delete';

export function CommentItem({ c, depth }: { c: WComment; depth: number }) {
  const ctl = useContext(Ctl);
  const { state, now, standing: st, hydrated } = ctl;
  const [mode, setMode] = useState<Mode>(null);
  const replyBtn = useRef<HTMLButtonElement>(null);
  const editBtn = useRef<HTMLButtonElement>(null);
  const deleteBtn = useRef<HTMLButtonElement>(null);
  const flagBtn = useRef<HTMLButtonElement>(null);
  const viewer = state.viewer;
  const mine = !!viewer && c.author?.id === viewer.id;
  const removed = c.status === 'removed';
  const canAct = st.kind === 'write' && hydrated;
  const editable = mine && !removed && Date.parse(c.createdAt) + state.editWindowMinutes * 60_000 > now;
  const liked = isLiked(c);
  const name = c.author?.displayName ?? 'Former reader';
  const close = (back: { current: HTMLElement | null }) => {
    setMode(null);
    setTimeout(() => back.current?.focus(), 0);
  };
  const replies = c.replies ?? [];
  const hidden = (c.replyCount ?? replies.length) - replies.length;

  return (
    <li id={`comment-${c.id}`} class={`parley-comment${removed ? ' is-removed' : ''}${c.status === 'pending' ? ' is-pending' : ''}`} tabIndex={-1}>
      <article aria-label={removed ? 'Removed comment' : `Comment by ${name}`}>
        {removed ? (
          <p class="parley-removed">{removedText(c.removedReason)}</p>
        ) : (
          <>
            <p class="parley-meta">
              <strong class="parley-author">{name}</strong>
              {c.author?.supporter && <span class="parley-badge">Supporter</span>}
              {' · '}
              <a class="parley-permalink" href={`#comment-${c.id}`}><Time iso={c.createdAt} /></a>
              {c.editedAt && <> · <span class="parley-edited">edited</span></>}
              {c.inReplyTo && (
                <>
                  {' · '}in reply to <a href={`#comment-${c.inReplyTo.id}`}>{c.inReplyTo.displayName ?? 'a removed comment'}</a>
                </>
              )}
            </p>
            {c.status === 'pending' && mine && <p class="parley-pending">Your comment is awaiting review.</p>}
            {mode === 'edit' ? (
              <CommentBox
                label="Edit your comment"
                submitLabel="Save changes"
                initial={c.body ?? (typeof DOMParser === 'undefined' ? '' : htmlToMarkup(c.bodyHtml))}
                autoFocus
                onSubmit={async (text) => {
                  await ctl.edit(c, text);
                  close(editBtn);
                }}
                onCancel={() => close(editBtn)}
              />
            ) : (
              <div class="parley-body" dangerouslySetInnerHTML={{ __html: c.bodyHtml }} />
            )}
            <div class="parley-actions">
              {canAct && !mine && c.status === 'published' ? (
                <button type="button" class="parley-like" aria-pressed={liked ? 'true' : 'false'} onClick={() => void ctl.like(c)}>
                  {liked ? 'Liked' : 'Like'}
                  <span class="parley-likes" aria-label={`, ${c.likes} ${c.likes === 1 ? 'like' : 'likes'}`}> {c.likes}</span>
                </button>
              ) : (
                c.likes > 0 && <span class="parley-likes">{c.likes} {c.likes === 1 ? 'like' : 'likes'}</span>
              )}
              {canAct && c.status === 'published' && (
                <button type="button" ref={replyBtn} class="link" aria-expanded={mode === 'reply' ? 'true' : 'false'} onClick={() => setMode(mode === 'reply' ? null : 'reply')}>
                  Reply
                </button>
              )}
              {hydrated && editable && mode !== 'edit' && (
                <button type="button" ref={editBtn} class="link" onClick={() => setMode('edit')}>
                  Edit
                </button>
              )}
              {hydrated && mine && mode !== 'confirm-delete' && (
                <button type="button" ref={deleteBtn} class="link" onClick={() => setMode('confirm-delete')}>
                  Delete
                </button>
              )}
              {canAct && !mine && (
                <button type="button" ref={flagBtn} class="link" onClick={() => ctl.openFlag(c, flagBtn.current)}>
                  Flag
                </button>
              )}
            </div>
            {mode === 'confirm-delete' && (
              <div class="parley-confirm" role="group" aria-label="Delete this comment?">
                <span>Delete this comment? This cannot be undone.</span>{' '}
                <DeleteConfirm onYes={() => ctl.remove(c)} onNo={() => close(deleteBtn)} />
              </div>
            )}
          </>
        )}
        {mode === 'reply' && (
          <CommentBox
            label={`Reply to ${name}`}
            submitLabel="Post reply"
            autoFocus
            onSubmit={async (text) => {
              await ctl.submit(text, c.id);
              close(replyBtn);
            }}
            onCancel={() => close(replyBtn)}
          />
        )}
      </article>
      {replies.length > 0 && (
        <ol class="parley-replies" data-depth={Math.min(depth + 1, MAX_DEPTH)}>
          {replies.map((r) => (
            <CommentItem key={r.id} c={r} depth={Math.min(depth + 1, MAX_DEPTH)} />
          ))}
        </ol>
      )}
      {hidden > 0 && <p class="parley-more-replies meta">{hidden} more {hidden === 1 ? 'reply' : 'replies'} not shown yet.</p>}
    </li>
  );
}

function DeleteConfirm({ onYes, onNo }: { onYes(): Promise<void>; onNo(): void }) {
  const yes = useRef<HTMLButtonElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => yes.current?.focus(), []);
  return (
    <>
      <button type="button" ref={yes} onClick={() => onYes().catch((e: Error) => setError(e.message))}>
        Yes, delete
      </button>{' '}
      <button type="button" class="secondary" onClick={onNo}>
        Keep it
      </button>
      {error && <p class="parley-error" role="alert">{error}</p>}
    </>
  );
}

export function FlagDialog({ target, onClose }: { target: WComment | null; onClose(sent: boolean): void }) {
  const ctl = useContext(Ctl);
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (target && !d.open) {
      setReason('');
      setNote('');
      setError(null);
      d.showModal();
    } else if (!target && d.open) d.close();
  }, [target]);
  async function send(e: Event) {
    e.preventDefault();
    if (!target) return;
    if (!reason) {
      setError('Please choose a reason.');
      return;
    }
    setBusy(true);
    try {
      await ctl.flag(target, reason, note.trim() || undefined);
      onClose(true);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <dialog ref={ref} class="parley-dialog" aria-labelledby="parley-flag-title" onClose={() => target && onClose(false)}>
      <form onSubmit={send}>
        <h3 id="parley-flag-title">Flag this comment</h3>
        <p class="parley-help">Tell the moderators what is wrong with {target?.author ? `${target.author.displayName}'s comment` : 'this comment'}.</p>
        <fieldset>
          <legend>Reason</legend>
          {FLAG_REASONS.map((r) => (
            <label class="parley-radio" key={r.value}>
              <input type="radio" name="reason" value={r.value} checked={reason === r.value} onChange={() => setReason(r.value)} /> {r.label}
            </label>
          ))}
        </fieldset>
        <label for="parley-flag-note">Note for the moderators (optional)</label>
        <textarea id="parley-flag-note" rows={2} maxLength={500} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
        {error && <p class="parley-error" role="alert">{error}</p>}
        <div class="parley-box-actions">
          <button type="submit" disabled={busy}>Send to moderators</button>
          <button type="button" class="secondary" onClick={() => onClose(false)}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

export interface ViewProps {
  ctl: Controller;
  rootRef?: { current: HTMLDivElement | null };
  comments: WComment[];
  count: number;
  sort: Sort;
  nextCursor: string | null;
  status: string;
  queued: number;
  loading: boolean;
  flagTarget: WComment | null;
  onSort(sort: Sort): void;
  onMore(): void;
  onShowQueued(): void;
  onFlagClose(sent: boolean): void;
}

/** The whole discussion section: heading, box or call to action, sort, thread, load more. */
export function DiscussionView(p: ViewProps) {
  const { ctl } = p;
  const { state } = ctl;
  const slug = state.post.slug;
  const href = (q: string) => `${state.embed ? `/embed/${slug}` : `/posts/${slug}`}?${q}#comments`;
  return (
    <Ctl.Provider value={ctl}>
      <div class="parley" ref={p.rootRef}>
        <h2 id="parley-heading">
          Discussion <span class="parley-count">({p.count} {p.count === 1 ? 'comment' : 'comments'})</span>
        </h2>
        <p class="parley-status" role="status" aria-live="polite">{p.status}</p>
        {ctl.standing.kind === 'write' ? (
          <CommentBox label="Join the discussion" submitLabel="Post comment" onSubmit={(text) => ctl.submit(text, null)} />
        ) : (
          <CallToAction s={ctl.standing} slug={slug} />
        )}
        <nav class="parley-sort" aria-label="Sort comments">
          <span>Sort:</span>
          {SORTS.map((s) => (
            <a
              key={s.value}
              href={href(`sort=${s.value}`)}
              aria-current={p.sort === s.value ? 'true' : undefined}
              onClick={(e) => {
                e.preventDefault();
                p.onSort(s.value);
              }}
            >
              {s.label}
            </a>
          ))}
        </nav>
        {p.queued > 0 && (
          <button type="button" class="parley-new" onClick={p.onShowQueued}>
            {p.queued} new {p.queued === 1 ? 'comment' : 'comments'}
          </button>
        )}
        {p.comments.length === 0 ? (
          <p class="parley-empty">No comments yet.</p>
        ) : (
          <ol class="parley-thread" aria-labelledby="parley-heading" aria-busy={p.loading ? 'true' : 'false'}>
            {p.comments.map((c) => (
              <CommentItem key={c.id} c={c} depth={0} />
            ))}
          </ol>
        )}
        {p.nextCursor && (
          <p class="parley-load-more">
            {ctl.hydrated ? (
              <button type="button" class="secondary" disabled={p.loading} onClick={p.onMore}>
                {p.loading ? 'Loading…' : 'Load more comments'}
              </button>
            ) : (
              <a class="button secondary" href={href(`sort=${p.sort}&cursor=${encodeURIComponent(p.nextCursor)}`)}>
                Load more comments
              </a>
            )}
          </p>
        )}
        <FlagDialog target={p.flagTarget} onClose={p.onFlagClose} />
      </div>
    </Ctl.Provider>
  );
}
