/* The comments widget: one Preact tree rendered to HTML on the server (readable without JavaScript)
   and hydrated in the browser from the same state. Everything the reader can do goes through the
   `Controller` in context; rendering never trusts a comment body beyond the server's sanitised
   bodyHtml (markdown-it with raw HTML off). */
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { discussionOpen, gate } from '../domain/gate';
import { absoluteTime, relativeTime } from './time';
import { htmlToMarkup } from './api';
import { countShown } from './thread';
import { hostViewport } from './viewport';
import { can } from '../domain/roles';
import { initials } from '../domain/initials';
import { FLAG_REASONS, MAX_DEPTH, REMOVAL_REASONS, SORTS, type Sort, type Viewer, type WComment, type WidgetPost, type WidgetState } from './types';

export type Standing =
  | { kind: 'write' }
  | { kind: 'sign_in' }
  | { kind: 'donate' }
  | { kind: 'confirm_email' }
  | { kind: 'suspended'; until: string | null; reason: string | null }
  | { kind: 'banned'; reason: string | null }
  | { kind: 'closed' };

/** What the viewer may do here, decided by the same gate the API uses. */
export function standing(viewer: Viewer | null, post: WidgetPost, now: number): Standing {
  // A closed discussion is closed for everyone: nobody is asked to sign in or donate to join it.
  if (!discussionOpen({ discussion: post.discussion, discussionClosesAt: post.discussionClosesAt }, new Date(now))) return { kind: 'closed' };
  const g = gate('comment', viewer, { discussion: post.discussion, discussionClosesAt: post.discussionClosesAt }, new Date(now));
  if (g.allowed) return { kind: 'write' };
  switch (g.code) {
    case 'sign_in_required': return { kind: 'sign_in' };
    case 'banned': return { kind: 'banned', reason: viewer?.sanction.reason ?? null };
    case 'suspended': return { kind: 'suspended', until: viewer?.sanction.until ?? null, reason: viewer?.sanction.reason ?? null };
    case 'discussion_closed': return { kind: 'closed' };
    case 'email_unconfirmed': return { kind: 'confirm_email' };
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
  held_for_review: 'held for review',
};
export const removedText = (reason: string | null) => `This comment was removed (${reason ? (REASONS[reason] ?? reason.replace(/_/g, ' ')) : 'moderation'})`;

const STAFF_LABEL = { admin: 'Staff · admin', editor: 'Staff · editor', moderator: 'Staff · moderator' } as const;
/** Someone else's comment hidden pending a moderator's decision: a placeholder that keeps its replies. */
export const AWAITING_TEXT = 'This comment is awaiting moderation';

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
  /** Which comment has a reply, edit or delete box open (one at a time). */
  active: { id: string; mode: Mode } | null;
  setActive(a: { id: string; mode: Mode } | null): void;
  openFlag(c: WComment, openerId: string): void;
  /** Loads the rest of a thread's replies (a page carries the first ones only). */
  loadReplies(root: WComment): Promise<void>;
  flag(c: WComment, reason: string, note?: string): Promise<void>;
  /** Mails a new link that confirms the viewer's e-mail address. */
  resendConfirmation(): Promise<void>;
  /** Moderators: opens the remove dialog for a comment, and removes it through the moderation API. */
  openModerate(c: WComment, openerId: string): void;
  moderate(c: WComment, decision: { reason: string; note?: string; strike: boolean }): Promise<void>;
  announce(message: string): void;
  /** The comment whose ⋯ menu is open. */
  menu: string | null;
  setMenu(id: string | null): void;
  /** Comments that arrived live since the page loaded (highlighted until the page is reloaded). */
  fresh: ReadonlySet<string>;
  /** Comments whose replies the reader has folded away; kept by id, so live updates leave them folded. */
  collapsed: ReadonlySet<string>;
  toggleReplies(id: string): void;
  /** Signs out inside the embed (the host page has no header of Parley's). */
  signOut(): Promise<void>;
}

/** Whether the viewer moderates the discussion (in-stream removal on the post page and the embed). */
export const moderates = (viewer: Viewer | null) => !!viewer && can(viewer.roles, 'moderate');

export const Ctl = createContext<Controller>(null as unknown as Controller);

const HELP = 'Formatting: **bold**, _italics_, > quote, and links (paste the address).';

export interface BoxProps {
  /** Stable across server and browser renders (hydration keeps the server's attributes). */
  id: string;
  label: string;
  submitLabel: string;
  initial?: string;
  onSubmit(text: string): Promise<void>;
  onCancel?(): void;
  autoFocus?: boolean;
}

/** A labelled textarea with the markup help, the server's error message right next to it, and submit. */
export function CommentBox({ id, label, submitLabel, initial = '', onSubmit, onCancel, autoFocus }: BoxProps) {
  const { hydrated } = useContext(Ctl);
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
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
          // Ctrl+Enter (Cmd+Enter on a Mac) sends, as in most comment and chat boxes.
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send(e);
        }}
      />
      <p class="parley-help" id={`${id}-help`}>
        {HELP} <span class="parley-counter">{text.length.toLocaleString('en-GB')} / 10,000</span>
      </p>
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
  const { state, hydrated, resendConfirmation } = useContext(Ctl);
  const b = state.base;
  // In an embed, leaving the discussion happens in the host's window, not inside the iframe.
  const target = state.embed ? '_top' : undefined;
  switch (s.kind) {
    case 'write': return null;
    case 'sign_in':
      return (
        <div class="parley-cta notice">
          <p>
            <a class="button" target={target} href={`${b}/login?next=${encodeURIComponent(hydrated && state.hostUrl ? state.hostUrl : `/posts/${slug}#comments`)}`}>Sign in</a> to join in with the discussion. It is open to the
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
    case 'confirm_email':
      return (
        <div class="parley-cta notice" role="note">
          <p>
            Please confirm your e-mail address to join in with the discussion: open the link we sent you. Reading and donating need no
            confirmation.{' '}
            {hydrated && (
              <button type="button" class="button" onClick={() => void resendConfirmation()}>
                Send the link again
              </button>
            )}
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

export type Mode = 'reply' | 'edit' | 'confirm-delete';

/** Focus goes back to the button that opened a box when the box closes. */
const btnId = (kind: string, id: string) => `parley-${kind}-${id}`;
export function focusLater(id: string): void {
  setTimeout(() => document.getElementById(id)?.focus(), 0);
}

/**
 * One comment and its replies. No hooks: a thread of hundreds of comments renders on the server
 * per request, so each comment is a plain function of its data and the controller (which of them
 * has a reply/edit/delete box open lives in the controller).
 */
export function CommentItem({ c, depth, ctl }: { c: WComment; depth: number; ctl: Controller }) {
  const { state, now, standing: st, hydrated, active } = ctl;
  const viewer = state.viewer;
  const mine = !!viewer && c.author?.id === viewer.id;
  const removed = c.status === 'removed';
  const awaiting = c.status === 'pending' && !mine;
  const canAct = hydrated && st.kind === 'write';
  const mode = active && active.id === c.id ? active.mode : null;
  const editable = hydrated && mine && !removed && Date.parse(c.createdAt) + state.editWindowMinutes * 60_000 > now;
  const liked = isLiked(c);
  const mod = hydrated && moderates(viewer) && !mine && (c.status === 'published' || awaiting);
  const name = c.author?.displayName ?? 'Former reader';
  const moreId = btnId('more', c.id);
  // Edit and delete open from the ⋯ menu, which has closed by then: focus returns to its button.
  const close = (kind: 'reply' | 'more') => {
    ctl.setActive(null);
    focusLater(kind === 'reply' ? btnId('reply', c.id) : moreId);
  };
  const replies = c.replies;
  const likes = `${c.likes} ${c.likes === 1 ? 'like' : 'likes'}`;
  const fresh = !mine && ctl.fresh.has(c.id);

  // The quiet row: ♥ 3 · Reply · ⋯ (Flag, Edit, Delete and the moderator's actions behind the ⋯).
  const menu: MenuItem[] = [];
  if (canAct && !mine && c.status === 'published') menu.push({ label: 'Flag', run: () => ctl.openFlag(c, moreId) });
  if (editable && mode !== 'edit') menu.push({ label: 'Edit', run: () => ctl.setActive({ id: c.id, mode: 'edit' }) });
  if (hydrated && mine && !removed && mode !== 'confirm-delete') menu.push({ label: 'Delete', run: () => ctl.setActive({ id: c.id, mode: 'confirm-delete' }) });
  if (mod) menu.push({ label: 'Remove…', run: () => ctl.openModerate(c, moreId), mod: true });
  const row: ComponentChildren[] = [];
  if (!removed && !awaiting) {
    if (canAct && !mine && c.status === 'published') {
      row.push(
        <button type="button" class="parley-like" aria-pressed={liked ? 'true' : 'false'} aria-label={`Like (${likes})`} onClick={() => void ctl.like(c)}>
          <span aria-hidden="true">♥</span> {c.likes}
        </button>,
      );
    } else if (c.likes > 0) {
      row.push(
        <span class="parley-likes">
          <span aria-hidden="true">♥</span> {c.likes}
          <span class="visually-hidden"> {c.likes === 1 ? 'like' : 'likes'}</span>
        </span>,
      );
    }
    if (canAct && c.status === 'published') {
      row.push(
        <button type="button" id={btnId('reply', c.id)} class="link" aria-expanded={mode === 'reply' ? 'true' : 'false'} onClick={() => ctl.setActive(mode === 'reply' ? null : { id: c.id, mode: 'reply' })}>
          Reply
        </button>,
      );
    }
  }
  if (menu.length) row.push(<ActionMenu c={c} items={menu} ctl={ctl} />);
  const actions = row.length ? (
    <div class="parley-actions">
      {row.map((el, i) => (
        <>
          {i > 0 && <span class="parley-sep" aria-hidden="true">·</span>}
          {el}
        </>
      ))}
    </div>
  ) : null;

  const shown = replies ? countShown(replies) : 0;
  const hiddenReplies = shown + (c.moreReplies?.count ?? 0);
  const collapsed = hydrated && shown > 0 && ctl.collapsed.has(c.id);
  const repliesId = `parley-replies-${c.id}`;

  return (
    <li
      id={`comment-${c.id}`}
      class={`parley-comment${removed || awaiting ? ' is-removed' : c.status === 'pending' ? ' is-pending' : ''}${mine && !removed ? ' is-own' : ''}${fresh && !removed ? ' is-new' : ''}`}
      tabIndex={-1}
    >
      <article aria-label={removed ? 'Removed comment' : awaiting ? 'Comment awaiting moderation' : `Comment by ${name}`}>
        {removed ? (
          <p class="parley-removed">{removedText(c.removedReason)}</p>
        ) : awaiting ? (
          <>
            <p class="parley-removed">{AWAITING_TEXT}</p>
            {actions}
          </>
        ) : (
          <>
            <p class="parley-meta">
              <span class="parley-avatar" aria-hidden="true">{initials(name)}</span>
              <strong class="parley-author">{name}</strong>
              {c.author?.staff && <span class={`parley-badge parley-staff is-${c.author.staff}`} title="A member of the site's staff">{STAFF_LABEL[c.author.staff]}</span>}
              {/* Every commenter is a supporter: a supporter badge on each comment would say nothing; staff badges stay. */}
              {mine && <span class="parley-you">(you)</span>}
              {fresh && <span class="parley-badge parley-fresh" title="Written since you opened the page">New</span>}
              {' '}·{' '}
              <a href={`#comment-${c.id}`}>
                <time dateTime={c.createdAt}>{relativeTime(c.createdAt, now)}</time>
              </a>
              {c.editedAt && ' · edited'}
              {c.inReplyTo && (
                <>
                  {' · in reply to '}
                  <a href={`#comment-${c.inReplyTo.id}`}>{c.inReplyTo.displayName ?? 'a removed comment'}</a>
                </>
              )}
            </p>
            {c.status === 'pending' && mine && <p class="parley-pending">Your comment is awaiting review.</p>}
            {mode === 'edit' ? (
              <CommentBox
                id={`parley-edit-box-${c.id}`}
                label="Edit your comment"
                submitLabel="Save changes"
                initial={c.body ?? htmlToMarkup(c.bodyHtml)}
                autoFocus
                onSubmit={async (text) => {
                  await ctl.edit(c, text);
                  close('more');
                }}
                onCancel={() => close('more')}
              />
            ) : (
              <div class="parley-body" dangerouslySetInnerHTML={{ __html: c.bodyHtml }} />
            )}
            {actions}
            {mode === 'confirm-delete' && (
              <div class="parley-confirm" role="group" aria-label="Delete this comment?">
                <span>Delete this comment? This cannot be undone.</span>{' '}
                <DeleteConfirm onYes={() => ctl.remove(c)} onNo={() => close('more')} />
              </div>
            )}
          </>
        )}
        {mode === 'reply' && (
          <CommentBox
            id={`parley-reply-box-${c.id}`}
            label={`Reply to ${name}`}
            submitLabel="Post reply"
            autoFocus
            onSubmit={async (text) => {
              // submit moves focus to the new reply.
              await ctl.submit(text, c.id);
              ctl.setActive(null);
            }}
            onCancel={() => close('reply')}
          />
        )}
      </article>
      {hydrated && shown > 0 && (
        <button
          type="button"
          class="link parley-toggle"
          id={btnId('toggle', c.id)}
          aria-expanded={collapsed ? 'false' : 'true'}
          aria-controls={repliesId}
          onClick={() => ctl.toggleReplies(c.id)}
        >
          <span aria-hidden="true">{collapsed ? '▸' : '▾'}</span> {collapsed ? `${hiddenReplies} ${hiddenReplies === 1 ? 'reply' : 'replies'}` : `Hide ${hiddenReplies === 1 ? 'reply' : 'replies'}`}
        </button>
      )}
      {replies && replies.length > 0 && (
        <ol class="parley-replies" id={repliesId} hidden={collapsed}>
          {replies.map((r) => (
            <CommentItem key={r.id} c={r} depth={Math.min(depth + 1, MAX_DEPTH)} ctl={ctl} />
          ))}
        </ol>
      )}
      {c.moreReplies && !collapsed && <MoreReplies c={c} ctl={ctl} />}
    </li>
  );
}

interface MenuItem {
  label: string;
  run(): void;
  mod?: boolean;
}

/**
 * The ⋯ button and its small menu (a disclosure: a button with aria-expanded and a list of buttons).
 * Opening moves focus to the first action; Escape, a click elsewhere or leaving it closes it and
 * focus returns to the ⋯. Which menu is open lives in the controller, so one is open at a time.
 */
function ActionMenu({ c, items, ctl }: { c: WComment; items: MenuItem[]; ctl: Controller }) {
  const open = ctl.menu === c.id;
  const moreId = btnId('more', c.id);
  const listId = `parley-menu-${c.id}`;
  const closeMenu = () => {
    ctl.setMenu(null);
    focusLater(moreId);
  };
  return (
    <span
      class="parley-menu-wrap"
      onFocusOut={(e) => {
        const to = (e as FocusEvent).relatedTarget as Node | null;
        if (open && to && !(e.currentTarget as HTMLElement).contains(to)) ctl.setMenu(null);
      }}
    >
      <button type="button" id={moreId} class="link parley-more" aria-label="More actions" title="More actions" aria-expanded={open ? 'true' : 'false'} aria-controls={listId} onClick={() => ctl.setMenu(open ? null : c.id)}>
        <span aria-hidden="true">⋯</span>
      </button>
      {open && <MenuList id={listId} items={items} onEscape={closeMenu} onChoose={() => ctl.setMenu(null)} />}
    </span>
  );
}

function MenuList({ id, items, onEscape, onChoose }: { id: string; items: MenuItem[]; onEscape(): void; onChoose(): void }) {
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    const el = list.current;
    if (!el) return;
    // On a narrow screen a deeply nested comment's menu would run off the right edge: it moves left to fit.
    const over = el.getBoundingClientRect().right - (document.documentElement.clientWidth - 8);
    if (over > 0) el.style.left = `${-over}px`;
    // Opening the menu takes the keyboard to its first action.
    el.querySelector('button')?.focus();
  }, []);
  return (
    <ul
      class="parley-menu"
      id={id}
      ref={list}
      onKeyDown={(e) => {
        const buttons = [...(e.currentTarget as HTMLElement).querySelectorAll('button')];
        const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onEscape();
        } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          buttons[(at + (e.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length]?.focus();
        }
      }}
    >
      {items.map((it) => (
        <li key={it.label}>
          <button
            type="button"
            class={it.mod ? 'parley-mod' : undefined}
            onClick={() => {
              onChoose();
              it.run();
            }}
          >
            {it.label}
          </button>
        </li>
      ))}
    </ul>
  );
}

function MoreReplies({ c, ctl }: { c: WComment; ctl: Controller }) {
  const n = c.moreReplies?.count ?? 0; // shown only when there are more (see Comment)
  const label = `${n} more ${n === 1 ? 'reply' : 'replies'}`;
  return (
    <p class="parley-more-replies">
      {ctl.hydrated ? (
        <button type="button" class="link" onClick={() => void ctl.loadReplies(c)}>
          Show {label}
        </button>
      ) : (
        label
      )}
    </p>
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

/**
 * Opens a dialog about a comment. In an embed's iframe, as tall as the thread, the middle of the
 * frame may be far off the reader's screen (and focusing it would scroll the host page there): the
 * dialog opens beside the comment instead.
 */
function openBeside(d: HTMLDialogElement, c: WComment, embed: boolean): void {
  if (!embed) return d.showModal();
  const anchor = document.getElementById(`comment-${c.id}`);
  const commentTop = anchor ? anchor.getBoundingClientRect().top + window.scrollY : 0;
  d.style.position = 'absolute';
  d.style.margin = '0 auto';
  d.style.top = `${Math.max(0, commentTop)}px`;
  d.showModal();
  // Then moved up as far as needed to end on the host's screen (the loader says where that is).
  const viewTop = -hostViewport.top;
  const viewBottom = viewTop + (hostViewport.height || window.innerHeight);
  const top = Math.max(0, viewTop + 8, Math.min(commentTop, viewBottom - d.offsetHeight - 8));
  d.style.top = `${top}px`;
}

export function FlagDialog({ target, onClose, afterClose }: { target: WComment | null; onClose(sent: boolean): void; afterClose(): void }) {
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
      openBeside(d, target, ctl.state.embed);
    } else if (!target) {
      // Focus goes back to the ⋯ that opened the dialog once it is closed (the Flag item has gone with its menu).
      if (d.open) d.close();
      afterClose();
    }
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

/** A moderator's removal from the thread itself: the reason, a note for the author, a strike or not. */
export function ModerateDialog({ target, onClose, afterClose }: { target: WComment | null; onClose(): void; afterClose(): void }) {
  const ctl = useContext(Ctl);
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [strike, setStrike] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (target && !d.open) {
      setReason('');
      setNote('');
      setStrike(false);
      setError(null);
      openBeside(d, target, ctl.state.embed);
    } else if (!target) {
      // Closing gives focus back to the button that opened the dialog, which a removal takes away.
      if (d.open) d.close();
      afterClose();
    }
  }, [target]);
  async function send(e: Event) {
    e.preventDefault();
    if (!target) return;
    if (!reason) return setError('Please choose a reason.');
    setBusy(true);
    try {
      await ctl.moderate(target, { reason, strike, ...(note.trim() ? { note: note.trim() } : {}) });
      onClose();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }
  const who = target?.author ? `${target.author.displayName}'s comment` : 'this comment';
  return (
    <dialog ref={ref} class="parley-dialog" aria-labelledby="parley-mod-title" onClose={() => target && onClose()}>
      <form onSubmit={send}>
        <h3 id="parley-mod-title">Remove {who}</h3>
        <fieldset>
          <legend>Reason</legend>
          {REMOVAL_REASONS.map((r) => (
            <label class="parley-radio" key={r.value}>
              <input
                type="radio"
                name="mod-reason"
                value={r.value}
                checked={reason === r.value}
                onChange={() => {
                  setReason(r.value);
                  setStrike(r.strike);
                }}
              />{' '}
              {r.label}
            </label>
          ))}
        </fieldset>
        <label class="parley-radio">
          <input type="checkbox" checked={strike} onChange={(e) => setStrike((e.target as HTMLInputElement).checked)} /> Count a strike against the author
        </label>
        <label for="parley-mod-note">Note to the author (optional, sent with the notice)</label>
        <textarea id="parley-mod-note" rows={2} maxLength={2000} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
        {error && <p class="parley-error" role="alert">{error}</p>}
        <div class="parley-box-actions">
          <button type="submit" disabled={busy}>Remove comment</button>
          <button type="button" class="secondary" onClick={onClose}>
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
  modTarget: WComment | null;
  onModClose(): void;
  afterModClose(): void;
  onSort(sort: Sort): void;
  onMore(): void;
  onShowQueued(): void;
  onFlagClose(sent: boolean): void;
  afterFlagClose(): void;
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
        {state.embed && state.viewer && (
          // Inside a host's page there is no header of Parley's: who is signed in, and the way out, sit here.
          <p class="parley-signed-in">
            Signed in as <strong>{state.viewer.displayName}</strong>
            {ctl.hydrated && (
              <>
                <span aria-hidden="true"> · </span>
                <button type="button" class="link" onClick={() => void ctl.signOut()}>Sign out</button>
              </>
            )}
          </p>
        )}
        {ctl.standing.kind === 'write' ? (
          <>
            {state.viewer && !state.embed && <p class="parley-as">Commenting as <strong>{state.viewer.displayName}</strong></p>}
            <CommentBox id="parley-new-comment" label="Join the discussion" submitLabel="Post comment" onSubmit={(text) => ctl.submit(text, null)} />
          </>
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
          <div class="parley-new-holder">
            <button type="button" class="parley-new" onClick={p.onShowQueued}>
              {p.queued} new {p.queued === 1 ? 'comment' : 'comments'}
            </button>
          </div>
        )}
        {p.comments.length === 0 ? (
          <p class="parley-empty">No comments yet.</p>
        ) : (
          <ol class="parley-thread" aria-labelledby="parley-heading" aria-busy={p.loading ? 'true' : 'false'}>
            {p.comments.map((c) => (
              <CommentItem key={c.id} c={c} depth={0} ctl={ctl} />
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
        {ctl.hydrated && ctl.standing.kind === 'write' && <FlagDialog target={p.flagTarget} onClose={p.onFlagClose} afterClose={p.afterFlagClose} />}
        {ctl.hydrated && moderates(state.viewer) && <ModerateDialog target={p.modTarget} onClose={p.onModClose} afterClose={p.afterModClose} />}
      </div>
    </Ctl.Provider>
  );
}
