/* /assets/comments.js: hydrates the server-rendered discussion ([data-parley-mount] next to its
   JSON state), or renders into an empty mount <div data-parley-mount data-parley-post="SLUG">. */
import { hydrate, render } from 'preact';
import { Discussion } from '../app';
import { Api } from '../api';
import { markMoreReplies } from '../thread';
import { ssoFromFragment, startFrame } from '../frame';
import { isWidgetState } from '../guards';
import type { Viewer, WComment, WidgetPost, WidgetState } from '../types';

async function fetchState(mount: HTMLElement, slug: string): Promise<WidgetState> {
  const base = mount.dataset.parleyBase ?? '';
  const api = new Api(base, '');
  const enc = encodeURIComponent(slug);
  const [session, { post }, page] = await Promise.all([
    api.call<{ user: Viewer | null; csrfToken: string }>('GET', '/api/session'),
    api.call<{ post: WidgetPost }>('GET', `/api/posts/${enc}`),
    api.call<{ comments: WComment[]; nextCursor: string | null; total: number }>('GET', `/api/posts/${enc}/comments`),
  ]);
  return {
    post: { id: post.id, slug: post.slug, title: post.title, discussion: post.discussion, discussionClosesAt: post.discussionClosesAt, commentCount: post.commentCount },
    viewer: session.user,
    csrfToken: session.csrfToken,
    comments: markMoreReplies(page.comments),
    nextCursor: page.nextCursor,
    total: page.total,
    sort: 'oldest',
    editWindowMinutes: Number(mount.dataset.parleyEditWindow ?? 10),
    now: new Date().toISOString(),
    base,
    embed: false,
  };
}

/** Server-rendered pages leave comment bodies out of the JSON state: take them from the HTML. */
function fillBodies(mount: HTMLElement, comments: WComment[]): void {
  for (const c of comments) {
    const body = mount.querySelector(`#comment-${CSS.escape(c.id)} > article > .parley-body`);
    if (body) c.bodyHtml = body.innerHTML;
    if (c.replies) fillBodies(mount, c.replies);
  }
}

async function boot(mount: HTMLElement): Promise<void> {
  const stateEl = document.getElementById(mount.dataset.parleyState ?? '');
  if (stateEl) {
    const state: unknown = JSON.parse(stateEl.textContent ?? '{}');
    if (!isWidgetState(state)) throw new Error('Parley: the discussion state in this page is not of the expected shape.');
    if (state.bodiesInDom) fillBodies(mount, state.comments);
    if (state.embed) {
      const host = /(?:^#|&)host=([^&]+)/.exec(location.hash);
      if (host) {
        try {
          const url = new URL(decodeURIComponent(host[1] ?? ''));
          if (url.protocol === 'https:' || url.protocol === 'http:') state.hostUrl = url.href;
        } catch {
          // Not a URL: signing in comes back to Parley's page of the post.
        }
      }
      if (await ssoFromFragment(state.csrfToken, state.embedOrigins ?? [])) return;
      startFrame();
    }
    hydrate(<Discussion initial={state} />, mount);
    return;
  }
  const slug = mount.dataset.parleyPost;
  if (!slug) return;
  try {
    render(<Discussion initial={await fetchState(mount, slug)} />, mount);
  } catch (err) {
    mount.textContent = `The discussion could not be loaded: ${(err as Error).message}`;
  }
}

for (const mount of document.querySelectorAll<HTMLElement>('[data-parley-mount]')) void boot(mount);
