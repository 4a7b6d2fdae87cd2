/* Inside the embed iframe: tell the host page (the loader) how tall the discussion is, hear where
   the iframe sits in the host's viewport, and sign in with a host's SSO token passed in the URL
   fragment (never sent to any server in a URL). */
import { hostViewport } from './viewport';

export const MSG_HEIGHT = 'parley:height';
export const MSG_VIEWPORT = 'parley:viewport';

export function startFrame(): void {
  if (window.parent === window) return;
  let last = 0;
  const send = () => {
    let h = document.documentElement.getBoundingClientRect().height;
    // An open ⋯ menu or dialog floats over the thread and takes no room of its own: the frame grows to show it whole.
    for (const el of document.querySelectorAll('.parley-menu, dialog[open]')) h = Math.max(h, el.getBoundingClientRect().bottom + window.scrollY + 8);
    h = Math.ceil(h);
    if (h === last) return;
    last = h;
    // Only a height leaves the frame, so any host may read it; the loader checks our origin.
    window.parent.postMessage({ type: MSG_HEIGHT, height: h }, '*');
  };
  new ResizeObserver(send).observe(document.documentElement);
  // Menus and dialogs opening and closing change no element's size.
  new MutationObserver(send).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['open', 'style'] });
  window.addEventListener('load', send);
  send();
  window.addEventListener('message', (e: MessageEvent) => {
    if (e.source !== window.parent) return;
    const d = e.data as { type?: string; top?: unknown; height?: unknown } | null;
    if (d && d.type === MSG_VIEWPORT && typeof d.top === 'number') {
      hostViewport.top = d.top;
      if (typeof d.height === 'number' && d.height > 0) hostViewport.height = d.height;
    }
  });
}

/**
 * Signs in with `#sso=TOKEN` if present; resolves true when the page is about to reload signed in.
 * Only inside a frame on one of the embedding sites: opened in a tab (a link someone sent), the
 * token would sign this browser in as whoever it names.
 */
export async function ssoFromFragment(csrfToken: string, embedOrigins: string[]): Promise<boolean> {
  const token = /(?:^#|&)sso=([^&]+)/.exec(location.hash)?.[1];
  if (token === undefined) return false;
  // The token goes from the address; the host page stays, for signing in and out to come back to.
  const host = /(?:^#|&)(host=[^&]+)/.exec(location.hash);
  history.replaceState(null, '', location.pathname + location.search + (host ? `#${host[1]}` : ''));
  if (window.parent === window) return false;
  // Chromium and Safari name the framing page's origin; elsewhere CSP frame-ancestors has already kept other sites out.
  const framedBy = location.ancestorOrigins?.[0];
  if (framedBy !== undefined && !embedOrigins.includes(framedBy)) return false;
  const res = await fetch('/api/auth/sso', {
    method: 'POST',
    credentials: 'include',
    headers: { 'content-type': 'application/json', 'x-parley-csrf': csrfToken },
    body: JSON.stringify({ token: decodeURIComponent(token) }),
  }).catch(() => null);
  if (!res?.ok) return false;
  location.reload();
  return true;
}
