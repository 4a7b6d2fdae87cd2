/* The demo site as a publisher first sees it: a real Parley server with the demo seed, the demo
   accounts' passwords, and the pages worth showing (each as a reader, a supporter or staff). Used by
   `npm run screenshots` (docs/screenshots/) and by the accessibility test, so both look at the same pages. */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { startServer, type RunningServer } from '../../src/server/start';

export const DEMO_POST = 'councils-quietly-cut-library-hours';

export interface DemoServer extends RunningServer {
  base: string;
  /** A news site of its own (http://localhost:PORT, another site than Parley's 127.0.0.1) whose article embeds the discussion. */
  hostUrl: string;
  passwords: Map<string, { email: string; password: string }>;
  cleanup(): Promise<void>;
}

/** A demo server on a free port of 127.0.0.1 over a temporary SQLite database, and a host site that embeds it. */
export async function startDemoServer(): Promise<DemoServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-demo-'));
  const lines: string[] = [];
  let parleyBase = '';
  // /library-hours embeds the discussion as it comes; /dark-library-hours is a dark site theming it.
  const host = http.createServer((req, res) => {
    const dark = req.url?.startsWith('/dark-');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage(parleyBase, dark ? DARK_HOST : undefined));
  });
  await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
  const hostOrigin = `http://localhost:${(host.address() as { port: number }).port}`;
  const config = loadConfig({
    PARLEY_DATABASE_URL: `sqlite:${path.join(dir, 'parley.db')}`,
    PARLEY_PORT: '0',
    PARLEY_HOST: '127.0.0.1',
    PARLEY_SEED_DEMO: 'true',
    PARLEY_LOG_LEVEL: 'silent',
    PARLEY_EMBED_ORIGINS: hostOrigin,
  });
  const server = await startServer(config, {}, { print: (l) => lines.push(l) });
  const port = (server.app.server.address() as { port: number }).port;
  const base = `http://127.0.0.1:${port}`;
  server.ctx.config.publicUrl = base;
  parleyBase = base;
  const passwords = new Map<string, { email: string; password: string }>();
  for (const l of lines) {
    const m = /^\s+(\S+)\s+(\S+@\S+)\s+(\S+)/.exec(l);
    if (m) passwords.set(m[1]!, { email: m[2]!, password: m[3]! });
  }
  return {
    ...server,
    base,
    hostUrl: `${hostOrigin}/library-hours`,
    passwords,
    async cleanup() {
      await server.close();
      await new Promise((r) => host.close(r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Who = 'anonymous' | 'supporter' | 'moderator' | 'editor' | 'admin';
const ACCOUNT: Record<Exclude<Who, 'anonymous'>, string> = { supporter: 'maria', moderator: 'moderator', editor: 'editor', admin: 'admin' };

export interface TourStop {
  name: string;
  who: Who;
  /** A Parley path, or 'host' for the embed on a host page of another site. */
  path: string | ((demo: DemoServer) => Promise<string>);
  /** What must be on screen before the picture is taken. */
  ready: string;
  /** What the person does first, so the picture (and the accessibility check) shows it. */
  act?: (page: Page) => Promise<void>;
}

export const TOUR: TourStop[] = [
  { name: 'home', who: 'anonymous', path: '/', ready: '.cards .card' },
  { name: 'post-anonymous', who: 'anonymous', path: `/posts/${DEMO_POST}`, ready: '.parley-comment' },
  { name: 'post-supporter', who: 'supporter', path: `/posts/${DEMO_POST}`, ready: '.parley textarea' },
  {
    name: 'post-moderator',
    who: 'moderator',
    path: `/posts/${DEMO_POST}`,
    ready: '.parley textarea',
    // The first comment's ⋯ open: the moderator's Remove sits beside Flag.
    act: async (page) => {
      await page.locator('.parley-thread > li').first().locator(':scope > article').getByRole('button', { name: 'More actions' }).click();
      await page.locator('.parley-menu').waitFor();
    },
  },
  { name: 'embed', who: 'anonymous', path: 'host', ready: 'iframe' },
  { name: 'moderation', who: 'moderator', path: '/admin/moderation', ready: '#moderation-app .mod-item, #moderation-app .mod-empty' },
  { name: 'audit', who: 'moderator', path: '/admin/audit', ready: 'main h1' },
  { name: 'supporters', who: 'admin', path: '/admin/supporters', ready: 'table.supporters' },
  {
    name: 'editor',
    who: 'editor',
    path: async (demo) => {
      const post = await demo.ctx.db.selectFrom('posts').select('id').where('slug', '=', DEMO_POST).executeTakeFirstOrThrow();
      return `/admin/posts/${post.id}`;
    },
    ready: '#post-editor #preview p',
  },
];

/** A dark news site that asks for the dark scheme and sets its own accent and font for the discussion. */
export const DARK_HOST = {
  theme: 'dark',
  css: 'body{background:#10151c !important;color:#e8edf2 !important} .discussion{--parley-accent:#4cc2ff;--parley-font:Verdana, sans-serif}',
};

/** A page of a news site (white unless `look` says otherwise) with the discussion embedded under its article. */
export function hostPage(base: string, look?: { theme: string; css: string }): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Library hours — The Host Gazette</title>
<style>body{margin:0;background:#fff;color:#111;font:17px/1.6 Helvetica,Arial,sans-serif}header{border-bottom:1px solid #ddd;padding:14px 20px;font-weight:700;font-size:20px}
article{max-width:680px;margin:0 auto;padding:24px 20px}h1{font-size:30px;line-height:1.2;margin:0 0 12px}.discussion{max-width:680px;margin:0 auto;padding:0 20px 40px}${look?.css ?? ''}</style></head>
<body><header>The Host Gazette</header><main><article><h1>Councils are quietly cutting library hours</h1>
<p>Fewer than a dozen libraries closed outright last year, but opening hours fell by almost a fifth. This page belongs to another site; the discussion below comes from Parley.</p></article>
<section class="discussion" aria-label="Comments"><script src="${base}/assets/embed.js" data-parley-post="${DEMO_POST}"${look ? ` data-parley-theme="${look.theme}"` : ''} async></script></section></main></body></html>`;
}

/** A browser context signed in as `who` (through the real login form), at the given width. */
export async function contextFor(browser: Browser, demo: DemoServer, who: Who, width: number): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
  if (who !== 'anonymous') {
    const account = demo.passwords.get(ACCOUNT[who])!;
    const page = await context.newPage();
    await page.goto(`${demo.base}/login`);
    await page.fill('#email', account.email);
    await page.fill('#password', account.password);
    await Promise.all([page.waitForURL(`${demo.base}/`), page.click('form[data-api="/api/auth/login"] button[type=submit]')]);
    await page.close();
  }
  return context;
}

/** Opens a stop of the tour and waits until its content (and, for the embed, the frame's discussion) is shown. */
export async function visit(page: Page, demo: DemoServer, stop: TourStop): Promise<void> {
  const target = stop.path === 'host' ? demo.hostUrl : `${demo.base}${typeof stop.path === 'string' ? stop.path : await stop.path(demo)}`;
  await page.goto(target, { waitUntil: 'load' });
  await page.locator(stop.ready).first().waitFor({ state: 'attached', timeout: 15_000 });
  if (stop.path === 'host') {
    const frame = page.frameLocator('iframe');
    await frame.locator('.parley-comment').first().waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => (document.querySelector('iframe')?.getBoundingClientRect().height ?? 0) > 300);
  }
  // Scrolled through once, so that lazy images below the fold are loaded too.
  await page.evaluate(async () => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += 600) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 30));
    }
    window.scrollTo(0, 0);
    await Promise.all([...document.images].map((img) => (img.complete ? null : new Promise((r) => img.addEventListener('load', r, { once: true })))));
    await document.fonts.ready;
  });
  if (stop.act) {
    await stop.act(page);
    await page.evaluate(() => window.scrollTo(0, 0));
  }
}
