/* /assets/embed.js: the loader a host page includes:
     <script src="https://parley.example/assets/embed.js" data-parley-post="SLUG" async></script>
   Optional: data-parley-url + data-parley-title (create the post on first embed, for origins the
   site allows), data-parley-sso (a host-signed SSO token), data-parley-theme (light, dark, auto).
   It puts an iframe to /embed/SLUG in place of the script and sizes it to the discussion's height,
   trusting messages only from Parley. The host's --parley-* custom properties (set on the script's
   parent or any ancestor) travel to the frame in its address, so the discussion wears the host's look. */
import { EMBED_THEMES, THEME_VARIABLE_NAMES, validThemeValue, type EmbedTheme } from '../../domain/embed-theme';

/** The frame's query: the theme and every valid --parley-* value the host page sets where the discussion goes. */
/** The host page's address without its fragment. */
const pageAddress = (): string => location.href.split('#')[0] ?? location.href;

function themeQuery(box: HTMLElement, theme: string | undefined): { query: string; scheme: EmbedTheme } {
  const q = new URLSearchParams();
  const scheme: EmbedTheme = (EMBED_THEMES as readonly string[]).includes(theme ?? '') ? (theme as EmbedTheme) : 'light';
  if (theme && scheme !== theme) console.warn(`Parley: data-parley-theme="${theme}" is not one of ${EMBED_THEMES.join(', ')}`);
  if (scheme !== 'light') q.set('theme', scheme);
  const style = getComputedStyle(box);
  for (const name of THEME_VARIABLE_NAMES) {
    const value = style.getPropertyValue(`--parley-${name}`).trim();
    if (!value) continue;
    if (validThemeValue(name, value)) q.set(name, value);
    else console.warn(`Parley: --parley-${name}: ${value} is not used (see docs/embedding.md)`);
  }
  const query = q.toString();
  return { query: query ? `?${query}` : '', scheme };
}

(() => {
  const HEIGHT = 'parley:height';
  const VIEWPORT = 'parley:viewport';
  const me = document.currentScript as HTMLScriptElement | null;
  const scripts = me ? [me] : [...document.querySelectorAll<HTMLScriptElement>('script[data-parley-post],script[data-parley-url]')];
  const frames: HTMLIFrameElement[] = [];

  async function mount(s: HTMLScriptElement): Promise<void> {
    if (s.dataset.parleyDone) return;
    s.dataset.parleyDone = '1';
    const origin = new URL(s.src, location.href).origin;
    const d = s.dataset;
    const box = document.createElement('div');
    box.className = 'parley-embed';
    s.parentNode?.insertBefore(box, s.nextSibling);
    let slug = d.parleyPost ?? '';
    const canonical = document.querySelector<HTMLLinkElement>('link[rel=canonical]')?.href;
    const url = d.parleyUrl ?? (slug ? '' : canonical ?? pageAddress());
    if (url) {
      try {
        const res = await fetch(`${origin}/api/embed/posts`, {
          method: 'POST',
          credentials: 'omit',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ url, title: d.parleyTitle ?? document.title }),
        });
        const data = (await res.json()) as { post?: { slug?: string }; slug?: string; error?: { message?: string } };
        if (!res.ok) throw new Error(data.error?.message ?? `HTTP ${res.status}`);
        slug = data.post?.slug ?? data.slug ?? slug;
      } catch (err) {
        if (!slug) {
          box.textContent = `The discussion could not be loaded: ${(err as Error).message}`;
          return;
        }
      }
    }
    const frame = document.createElement('iframe');
    const { query, scheme } = themeQuery(box, d.parleyTheme);
    frame.title = 'Discussion';
    // The host page travels in the fragment (never to a server in a URL): signing in returns to it.
    const host = `host=${encodeURIComponent(pageAddress())}`;
    frame.src = `${origin}/embed/${encodeURIComponent(slug)}${query}#${host}${d.parleySso ? `&sso=${encodeURIComponent(d.parleySso)}` : ''}`;
    // The same color-scheme on both sides of the frame keeps its background transparent.
    frame.setAttribute('style', `display:block;width:100%;min-height:12rem;border:0;overflow:hidden;background:transparent;color-scheme:${scheme === 'auto' ? 'light dark' : scheme}`);
    frame.setAttribute('scrolling', 'no');
    frame.dataset.origin = origin;
    box.appendChild(frame);
    frames.push(frame);
  }

  window.addEventListener('message', (e: MessageEvent) => {
    const frame = frames.find((f) => f.contentWindow === e.source);
    if (!frame || e.origin !== frame.dataset.origin) return;
    const data = e.data as { type?: string; height?: unknown } | null;
    if (data?.type === HEIGHT && typeof data.height === 'number' && data.height > 0 && data.height < 1e6) {
      frame.style.height = `${Math.ceil(data.height)}px`;
      // A frame that has just grown or loaded learns where it sits without waiting for a scroll.
      soon();
    }
  });

  let pending = false;
  const tellViewport = () => {
    pending = false;
    for (const f of frames) {
      const origin = f.dataset.origin;
      if (origin) f.contentWindow?.postMessage({ type: VIEWPORT, top: f.getBoundingClientRect().top, height: window.innerHeight }, origin);
    }
  };
  const soon = () => {
    if (!pending) {
      pending = true;
      requestAnimationFrame(tellViewport);
    }
  };
  window.addEventListener('scroll', soon, { passive: true });
  window.addEventListener('resize', soon, { passive: true });

  for (const s of scripts) void mount(s);
})();
