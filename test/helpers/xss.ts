/* Detecting script execution and latent script in pages rendered by real Chromium: a global hook that
   payloads call (window.__xss, and alert/confirm/prompt/print), dialogs, CSP violations (markup that got
   through but was stopped by the policy), requests to the canary host, and a scan of the DOM for what
   could run on a click (event-handler attributes, javascript:/vbscript:/data:text/html URLs, frames,
   foreign scripts and forms, base and refresh, images inside comments). */
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const CANARY_HOST = 'xss-canary.test';

export function loadPayloads(): string[] {
  return fs
    .readFileSync('test/fixtures/security/xss-payloads.jsonl', 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as string);
}

/** Runs first in every frame: records calls a payload makes and policy violations. */
const HOOK = `(() => {
  const top_ = (() => { try { return window.top; } catch { return window; } })();
  const hits = (top_ && top_.__xssHits) || [];
  if (!window.__xssHits) Object.defineProperty(window, '__xssHits', { value: hits });
  const record = (how) => function () { hits.push(how + ': ' + String(arguments[0]).slice(0, 100)); };
  window.__xss = record('__xss');
  for (const k of ['alert', 'confirm', 'prompt', 'print']) window[k] = record(k);
  document.addEventListener('securitypolicyviolation', (e) => hits.push('csp: ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '').slice(0, 60)));
})();`;

/** Evaluated in the page after it has loaded: what could still run. */
function scanDom(): string[] {
  const found: string[] = [];
  const urlAttrs = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'codebase', 'cite', 'ping']);
  for (const el of Array.from(document.querySelectorAll('*'))) {
    const tag = el.tagName.toUpperCase();
    for (const a of Array.from(el.attributes)) {
      const name = a.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${tag} ${name}="${a.value.slice(0, 60)}"`);
      if (name === 'srcdoc') found.push(`${tag} srcdoc`);
      if (urlAttrs.has(name)) {
        // eslint-disable-next-line no-control-regex
        const v = a.value.replace(/[\u0000-\u0020\u007f-\u00a0\u200b-\u200f\ufeff]/g, '').toLowerCase();
        if (/^(javascript|vbscript|livescript|data:text\/html|data:image\/svg|data:application)/.test(v)) found.push(`${tag} ${name}="${a.value.slice(0, 60)}"`);
        // A link anywhere is ordinary content; a resource or form target on the canary host is not.
        const isLink = (name === 'href' && (tag === 'A' || tag === 'AREA')) || (name === 'src' && tag === 'IMG');
        try {
          if (!isLink && new URL(a.value, location.href).hostname === 'xss-canary.test') found.push(`${tag} ${name}="${a.value.slice(0, 60)}"`);
        } catch {
          /* not a URL */
        }
      }
    }
    // Posts may show images from any https host (CSP img-src allows it); comments never show images.
    if (tag === 'IMG' && el.closest('.parley-body, .mod-body')) found.push(`IMG in a comment: ${el.getAttribute('src')?.slice(0, 60)}`);
    if (['IFRAME', 'FRAME', 'FRAMESET', 'OBJECT', 'EMBED', 'BASE', 'PORTAL', 'APPLET'].includes(tag)) found.push(`<${tag}>`);
    if (tag === 'META' && el.getAttribute('http-equiv')) found.push(`<META http-equiv=${el.getAttribute('http-equiv')}>`);
    if (tag === 'SCRIPT') {
      const src = el.getAttribute('src');
      const type = (el.getAttribute('type') ?? '').toLowerCase();
      if (src ? new URL(src, location.href).origin !== location.origin : !type.includes('json')) found.push(`<SCRIPT ${src ?? 'inline'}>`);
    }
    if (tag === 'FORM') {
      const action = new URL(el.getAttribute('action') ?? '', location.href);
      if (action.origin !== location.origin && !/^https:\/\/(checkout|billing)\.stripe\.com$/.test(action.origin)) found.push(`<FORM action=${action.href}>`);
    }
    if (tag === 'LINK' && (el.getAttribute('rel') ?? '').includes('stylesheet') && new URL(el.getAttribute('href') ?? '', location.href).origin !== location.origin) found.push('<LINK stylesheet foreign>');
    if (tag === 'STYLE' && /xss-canary|javascript:|expression\(|@import/i.test(el.textContent ?? '')) found.push('<STYLE> with a payload');
  }
  return found;
}

export interface Finding {
  url: string;
  csp: boolean;
  what: string;
}

/** One Chromium context per visitor and CSP mode, with the hooks, the canary and no outside network. */
export async function detectingContext(browser: Browser, base: string, o: { bypassCSP: boolean; sessionToken?: string }): Promise<{ context: BrowserContext; canary: string[] }> {
  const context = await browser.newContext({ bypassCSP: o.bypassCSP, viewport: { width: 1100, height: 900 } });
  await context.addInitScript(HOOK);
  if (o.sessionToken) await context.addCookies([{ name: 'parley_session', value: o.sessionToken, url: base }]);
  const canary: string[] = [];
  const origin = new URL(base).origin;
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      // An image is content (posts may show pictures from any https host, see the DOM scan for comments);
      // a script, style, frame, fetch, beacon or navigation to the canary is a payload at work.
      if (route.request().url().includes(CANARY_HOST) && route.request().resourceType() !== 'image') canary.push(route.request().url());
      return route.abort();
    },
  );
  return { context, canary };
}

/** A tab that loads page after page (one tab per worker: a new tab for each page costs more than the page) and
    returns every sign of execution or latent script each page shows. */
export async function scanningTab(context: BrowserContext, canary: string[], findings: Finding[], csp: boolean) {
  const page = await context.newPage();
  let dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`dialog ${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => {});
  });
  return {
    page,
    async visit(url: string, o: { waitFor?: string; settleMs?: number } = {}): Promise<void> {
      const before = canary.length;
      dialogs = [];
      await page.goto(url, { waitUntil: 'load' });
      if (o.waitFor) await page.waitForSelector(o.waitFor, { timeout: 15_000 });
      await page.waitForTimeout(o.settleMs ?? 20);
      for (const what of await collect(page)) findings.push({ url, csp, what });
      for (const what of [...dialogs, ...canary.slice(before).map((u) => `canary request ${u}`)]) findings.push({ url, csp, what });
    },
  };
}

/** What the hooks recorded on the current document, and what its DOM could still run. */
export async function collect(page: Page, o: { dom?: boolean } = {}): Promise<string[]> {
  const { hits, dom } = (await page.evaluate(`({ hits: (window.__xssHits || ['hook missing']).slice(), dom: ${o.dom === false ? '[]' : `(${scanDom.toString()})()`} })`)) as { hits: string[]; dom: string[] };
  return [...hits, ...dom];
}
