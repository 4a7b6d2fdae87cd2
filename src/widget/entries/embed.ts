/* /assets/embed.js: the loader a host page includes:
     <script src="https://parley.example/assets/embed.js" data-parley-post="SLUG" async></script>
   Optional: data-parley-url + data-parley-title (create the post on first embed, for origins the
   site allows), data-parley-sso (a host-signed SSO token). It puts an iframe to /embed/SLUG in
   place of the script and sizes it to the discussion's height, trusting messages only from Parley. */
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
    const url = d.parleyUrl ?? (slug ? '' : canonical ?? location.href.split('#')[0]!);
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
    frame.title = 'Discussion';
    // The host page travels in the fragment (never to a server in a URL): signing in returns to it.
    const host = `host=${encodeURIComponent(location.href.split('#')[0]!)}`;
    frame.src = `${origin}/embed/${encodeURIComponent(slug)}#${host}${d.parleySso ? `&sso=${encodeURIComponent(d.parleySso)}` : ''}`;
    frame.setAttribute('style', 'display:block;width:100%;min-height:12rem;border:0;overflow:hidden');
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
    }
  });

  let pending = false;
  const tellViewport = () => {
    pending = false;
    for (const f of frames) f.contentWindow?.postMessage({ type: VIEWPORT, top: f.getBoundingClientRect().top }, f.dataset.origin!);
  };
  window.addEventListener(
    'scroll',
    () => {
      if (!pending) {
        pending = true;
        requestAnimationFrame(tellViewport);
      }
    },
    { passive: true },
  );

  for (const s of scripts) void mount(s);
})();
