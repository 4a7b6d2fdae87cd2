/* The stored-XSS corpus: every payload of test/fixtures/security/xss-payloads.jsonl is written through
   Parley's real APIs (and importers) into every field a reader, supporter, host site or staff member can
   write that is shown anywhere, then every page that shows those fields is rendered in Chromium twice,
   with the site's CSP and with CSP bypassed, and nothing may run: no hook call, dialog, CSP violation,
   canary request, or latent script in the DOM. Payloads are batched (20 comments a thread page, 100
   audit entries a page) so the whole corpus renders in a few hundred page loads. */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { SignJWT } from 'jose';
import { artifactPath, launchChromium, requireChromium, startLiveServer, type LiveServer } from '../helpers/browser';
import { collect, detectingContext, loadPayloads, scanningTab, type Finding } from '../helpers/xss';
import { parseXml, childrenNamed, child } from '../helpers/xml';
import { createUser } from '../../src/store/users';
import { createSession } from '../../src/store/sessions';
import { csrfTokenFor, SESSION_COOKIE } from '../../src/server/plugins/session';
import { hashPassword } from '../../src/server/services/passwords';
import { OPEN_ENDED } from '../../src/domain/supporter';
import { newId } from '../../src/store/ids';
import { REVIEW_BAN_EVASION } from '../../src/moderation/ban-evasion';
import { importWordPress } from '../../src/publishing/import/wordpress';
import { importDisqus } from '../../src/publishing/import/disqus';
import { ManualClock } from '../../src/domain/clock';
import type { Role } from '../../src/domain/roles';

const run = requireChromium();
// PARLEY_XSS_PAYLOADS=40 takes only the first payloads, for a quick local look; CI always runs them all.
const LIMIT = process.env.CI ? undefined : process.env.PARLEY_XSS_PAYLOADS;
const PAYLOADS = loadPayloads().slice(0, LIMIT ? Number(LIMIT) : undefined);
const N = PAYLOADS.length;
const SSO_SECRET = 'xss-corpus-sso-secret-0123456789abcdef012345';
const PER_THREAD = 20;

interface Who {
  id: string;
  token: string;
  csrf: string;
}

describe.runIf(run)('stored XSS corpus in Chromium', () => {
  let server: LiveServer;
  let base: string;
  let browser: Browser;
  let passwordHash: string;
  let n = 0;
  /** field → payloads the API refused (a refusal is fine: it stores nothing). */
  const refused = new Map<string, number>();
  const stored = new Map<string, number>();
  const findings: Finding[] = [];
  let renders = 0;
  const contexts: BrowserContext[] = [];

  const p = (i: number) => PAYLOADS[i % N]!;
  /** A host site that embeds the discussion: each story page declares a payload as its <title>, which Parley
      reads over HTTP when the page's discussion is first opened. */
  const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const hostSite = http.createServer((req, res) => {
    const i = Number(new URL(req.url ?? '/', 'http://host').pathname.split('/').pop());
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><title>${html(p(i))}</title></head><body><p>Story ${i}</p><script src="${base}/assets/embed.js" async></script></body></html>`);
  });
  let HOST = '';
  const uniq = () => `${(n += 1)}${Math.random().toString(36).slice(2, 6)}`;

  async function person(o: { roles?: Role[]; supporter?: boolean; name?: string } = {}): Promise<Who> {
    const now = new Date();
    const row = await createUser(server.ctx.db, { email: `x-${uniq()}@example.org`, displayName: o.name ?? `Person ${n}`, passwordHash, roles: o.roles ?? [], emailVerified: true }, now);
    if (o.supporter) await server.ctx.db.updateTable('users').set({ supporter_until: OPEN_ENDED, supporter_since: now.toISOString() }).where('id', '=', row.id).execute();
    const token = await createSession(server.ctx.db, row.id, now);
    return { id: row.id, token, csrf: csrfTokenFor(server.ctx.secret, token) };
  }

  /** A call to the real HTTP API (in process, the same routes, schemas and hooks as over the network). */
  async function api(who: Who | null, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await server.app.inject({
      method: method as 'GET',
      url,
      headers: { ...(who ? { cookie: `${SESSION_COOKIE}=${who.token}`, 'x-parley-csrf': who.csrf } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.statusCode, `${method} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(500);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers of a dozen routes, read loosely
    return { status: res.statusCode, json: (res.headers['content-type']?.toString().includes('json') ? res.json() : null) as Record<string, any> | null, res };
  }

  /** Counts whether a field took the payload. */
  function tally(field: string, status: number) {
    const m = status < 300 ? stored : refused;
    m.set(field, (m.get(field) ?? 0) + 1);
  }

  async function sequential<T>(count: number, fn: (i: number) => Promise<T>): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(await fn(i));
    return out;
  }

  // ---- rendering ---------------------------------------------------------------------------------
  type Visit = { url: string; waitFor?: string; crawl?: boolean; settleMs?: number };

  /** Renders each group of visits as its visitor (anonymous when no session), following "older/more" links
      when asked, once with the site's CSP and once with CSP bypassed (the two in parallel, in contexts of
      their own: a page waits mostly on the server and on Chromium, not on the other mode's pages). */
  async function renderAll(groups: Array<{ session?: string; visits: Visit[] }>) {
    await Promise.all([true, false].map(async (csp) => {
      const { context, canary } = await detectingContext(browser, base, { bypassCSP: !csp });
      contexts.push(context);
      const tabs = await Promise.all([0, 1, 2].map(() => scanningTab(context, canary, findings, csp)));
      for (const group of groups) {
        await context.clearCookies();
        if (group.session) await context.addCookies([{ name: SESSION_COOKIE, value: group.session, url: base }]);
        const queue = [...group.visits];
        const seen = new Set<string>();
        await Promise.all(
          tabs.map(async (tab) => {
            for (let v = queue.shift(); v; v = queue.shift()) {
              if (seen.has(v.url)) continue;
              seen.add(v.url);
              await tab.visit(base + v.url, { waitFor: v.waitFor, settleMs: v.settleMs });
              renders += 1;
              if (v.crawl) {
                const here = new URL(tab.page.url()).pathname;
                const next = await tab.page.evaluate((p) => {
                  const links = Array.from(document.querySelectorAll<HTMLAnchorElement>('a[href*="cursor="], a[href*="page="]')).filter((a) => new URL(a.href).pathname === p);
                  const last = links[links.length - 1];
                  return last ? new URL(last.href).pathname + new URL(last.href).search : null;
                }, here);
                if (next) queue.unshift({ ...v, url: next });
              }
            }
          }),
        );
      }
      await context.close();
    }));
  }

  // ---- the data written --------------------------------------------------------------------------
  let admin: Who;
  let moderator: Who;
  const editors: Who[] = [];
  const postSlugs: string[] = [];
  const postIds: string[] = [];
  const embedSlugs: string[] = [];
  const threadSlugs: string[] = [];
  const ssoThreadSlugs: string[] = [];
  const importedSlugs: string[] = [];
  const commenters: Who[] = [];
  const commentIds: string[] = [];
  const victims: Who[] = [];
  let liveSlug = '';

  async function newThread(title: string) {
    const r = await api(editors[0]!, 'POST', '/api/admin/posts', { title, bodyMd: 'A thread for the corpus.', status: 'published', tags: ['corpus threads'] });
    expect(r.status).toBe(201);
    return r.json!.post.slug as string;
  }

  beforeAll(async () => {
    await new Promise<void>((resolve) => hostSite.listen(0, '127.0.0.1', resolve));
    HOST = `http://127.0.0.1:${(hostSite.address() as AddressInfo).port}`;
    server = await startLiveServer({ env: { PARLEY_EMBED_ORIGINS: HOST, PARLEY_SSO_SECRET: SSO_SECRET, PARLEY_TRUST_PROXY: 'true' } });
    base = server.ctx.config.publicUrl;
    browser = await launchChromium();
    passwordHash = await hashPassword('xss corpus password');
    admin = await person({ roles: ['admin'] });
    moderator = await person({ roles: ['moderator'] });
    for (let e = 0; e < 10; e++) editors.push(await person({ roles: ['editor'] }));

    // Lenient automated checks, so payloads are stored rather than refused (the reason is a payload too).
    tally('settings reason', (await api(admin, 'PUT', '/api/admin/moderation/settings', {
      settings: { rateLimit: { enabled: false }, repeatPost: { policy: 'off' }, links: { policy: 'off' }, profanity: { policy: 'off' }, abuse: { policy: 'off' } },
      reason: p(0),
    })).status);
    // Editors' names are shown as bylines and on author pages.
    for (const [e, who] of editors.entries()) tally('display name (editor)', (await api(who, 'PATCH', '/api/account', { displayName: p(e * 37).slice(0, 60) })).status);
  }, 600_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.cleanup();
    hostSite.close();
    fs.writeFileSync(artifactPath('xss-findings.json'), JSON.stringify(findings, null, 1));
    const fmt = (m: Map<string, number>) => [...m].map(([k, v]) => `${k}: ${v}`).join('; ');
    console.log(`XSS corpus: ${N} payloads; stored ${fmt(stored)}; refused ${fmt(refused)}; ${renders} page renders; ${findings.length} findings`);
  });

  it('the detector sees execution, violations and latent script (so a silent run means something)', async () => {
    const slug = await newThread('Detector check');
    for (const csp of [true, false]) {
      const { context, canary } = await detectingContext(browser, base, { bypassCSP: !csp });
      contexts.push(context);
      const local: Finding[] = [];
      const tab = await scanningTab(context, canary, local, csp);
      await tab.visit(`${base}/posts/${slug}`, { waitFor: '.parley' });
      expect(local, 'a clean page has no findings').toEqual([]);
      const page = tab.page;
      await page.evaluate(() => {
        const div = document.createElement('div');
        div.innerHTML = '<img src=x onerror="alert(1)"><a href="javascript:void 0">x</a><div class="parley-body"><img src="https://example.com/pixel.png"></div>';
        document.body.append(div);
        void fetch('https://xss-canary.test/f').catch(() => {});
      });
      await page.waitForTimeout(300);
      const hits = await collect(page);
      // Without CSP the handler runs; with CSP it is refused and reported; the link is latent script either way.
      expect(hits.some((h) => (csp ? h.startsWith('csp:') : h.startsWith('alert:'))), hits.join('\n')).toBe(true);
      expect(hits.some((h) => h.startsWith('A href="javascript:')), hits.join('\n')).toBe(true);
      expect(hits.some((h) => h.startsWith('IMG in a comment')), hits.join('\n')).toBe(true);
      // With CSP the request to the canary is refused before it leaves (and reported); without, it goes out.
      if (csp) expect(hits.some((h) => h.startsWith('csp: connect-src')), hits.join('\n')).toBe(true);
      else expect(canary.length).toBeGreaterThan(0);
      await page.close();
      await context.close();
    }
  }, 120_000);

  it(`stores ${N} payloads in every field and none runs on any page, with CSP and without`, async () => {
    if (!LIMIT) expect(N).toBeGreaterThanOrEqual(300);
    const t0 = Date.now();

    // ---- posts: title, standfirst, body, tags, sources, featured image alt, by editors with payload names
    for (let i = 0; i < N; i++) {
      const x = p(i);
      const body = {
        title: x.slice(0, 300),
        standfirst: x.slice(0, 1000),
        bodyMd: `${x}\n\nxsscorpus`,
        tags: ['xsscorpus', x.slice(0, 60)],
        sources: [{ outlet: x.slice(0, 120), title: x.slice(0, 300), url: 'https://example.com/report', phrase: x.slice(0, 200) }],
        featuredImage: { url: 'https://example.com/picture.jpg', alt: x.slice(0, 500) },
        status: 'published',
      };
      let r = await api(editors[i % editors.length]!, 'POST', '/api/admin/posts', body);
      if (r.status >= 300) {
        tally('post (all fields)', r.status);
        // Whatever the editor's form refused as a whole, try the fields one group at a time.
        r = await api(editors[i % editors.length]!, 'POST', '/api/admin/posts', { ...body, title: `Post ${i}: ${x}`.slice(0, 300), tags: ['xsscorpus'], sources: [] });
      }
      tally('post (all fields)', r.status);
      if (r.status < 300) {
        postSlugs.push(r.json!.post.slug as string);
        postIds.push(r.json!.post.id as string);
      }
    }

    // ---- comments and display names: one supporter per payload, names set through the account API
    for (let k = 0; k * PER_THREAD < N; k++) threadSlugs.push(await newThread(`Corpus thread ${k}`));
    for (let i = 0; i < N; i++) {
      const who = await person({ supporter: true });
      commenters.push(who);
      tally('display name', (await api(who, 'PATCH', '/api/account', { displayName: p(i).slice(0, 60) })).status);
      const r = await api(who, 'POST', `/api/posts/${threadSlugs[Math.floor(i / PER_THREAD)]}/comments`, { body: p(i) });
      tally('comment body', r.status);
      commentIds.push(r.status < 300 ? (r.json!.comment.id as string) : '');
    }

    // ---- names from a host site's single sign-on, each commenting once
    for (let k = 0; k * PER_THREAD < N; k++) ssoThreadSlugs.push(await newThread(`Corpus SSO thread ${k}`));
    for (let i = 0; i < N; i++) {
      const sub = `host-user-${i}`;
      const token = await new SignJWT({ email: `${sub}@host.example`, name: p(i), supporter: true })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setJti(uniq())
        .setExpirationTime(Math.floor(Date.now() / 1000) + 300)
        .sign(new TextEncoder().encode(SSO_SECRET));
      const r = await api(null, 'POST', '/api/auth/sso', { token }, { 'x-forwarded-for': `10.7.${i >> 8}.${i & 255}` });
      tally('SSO name', r.status);
      if (r.status >= 300) continue;
      const cookie = (r.res.cookies as Array<{ name: string; value: string }>).find((c) => c.name === SESSION_COOKIE)!.value;
      const who = { id: r.json!.user.id as string, token: cookie, csrf: r.json!.csrfToken as string };
      tally('comment by an SSO user', (await api(who, 'POST', `/api/posts/${ssoThreadSlugs[Math.floor(i / PER_THREAD)]}/comments`, { body: `Host reader ${i} agrees.` })).status);
    }

    // ---- imported WordPress and Disqus content: titles, bodies, commenters' names and comments
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-xss-'));
    const cdata = (s: string) => `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
    // eslint-disable-next-line no-control-regex
    const xmlSafe = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/g, '?');
    const items: string[] = [];
    const threads: string[] = [];
    const dposts: string[] = [];
    for (let k = 0; k * PER_THREAD < N; k++) {
      const comments = [];
      for (let j = 0; j < PER_THREAD && k * PER_THREAD + j < N; j++) {
        const i = k * PER_THREAD + j;
        comments.push(`<wp:comment><wp:comment_id>${i + 1}</wp:comment_id><wp:comment_author>${cdata(xmlSafe(p(i)))}</wp:comment_author><wp:comment_author_email>${cdata(`wp${i}@example.net`)}</wp:comment_author_email><wp:comment_date_gmt>${cdata('2023-06-15 08:00:00')}</wp:comment_date_gmt><wp:comment_content>${cdata(xmlSafe(p(i)))}</wp:comment_content><wp:comment_approved>${cdata('1')}</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>`);
        dposts.push(`<post dsq:id="${900000 + i}"><id /><message>${cdata(xmlSafe(p(i + 7)))}</message><createdAt>2023-06-16T08:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam><author><email>dq${i}@example.net</email><name>${cdata(xmlSafe(p(i + 7)))}</name><isAnonymous>false</isAnonymous></author><thread dsq:id="${77000 + k}" /></post>`);
      }
      const x = xmlSafe(p(k * 3 + 1));
      items.push(`<item><title>${cdata(x)}</title><link>https://old.example/${k}/</link><pubDate>Thu, 15 Jun 2023 07:00:00 +0000</pubDate><dc:creator>${cdata('writer')}</dc:creator><guid isPermaLink="false">https://old.example/?p=${k + 10}</guid><content:encoded>${cdata(PAYLOADS.slice(k * PER_THREAD, (k + 1) * PER_THREAD).map(xmlSafe).join('\n<p>—</p>\n'))}</content:encoded><excerpt:encoded>${cdata(x)}</excerpt:encoded><wp:post_id>${k + 10}</wp:post_id><wp:post_date_gmt>${cdata('2023-06-15 07:00:00')}</wp:post_date_gmt><wp:comment_status>${cdata('open')}</wp:comment_status><wp:post_name>${cdata(`imported-${k}`)}</wp:post_name><wp:status>${cdata('publish')}</wp:status><wp:post_type>${cdata('post')}</wp:post_type><category domain="post_tag" nicename="t${k}">${cdata(x.slice(0, 60))}</category>${comments.join('')}</item>`);
      threads.push(`<thread dsq:id="${77000 + k}"><id>${k + 10} https://old.example/?p=${k + 10}</id><forum>old</forum><link>https://old.example/${k}/</link><title>${cdata(x)}</title><createdAt>2023-06-15T07:00:00Z</createdAt><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>`);
    }
    const wxr = `<?xml version="1.0" encoding="UTF-8" ?><rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Old site</title><link>https://old.example</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://old.example</wp:base_site_url><wp:base_blog_url>https://old.example</wp:base_blog_url><wp:author><wp:author_id>1</wp:author_id><wp:author_login>${cdata('writer')}</wp:author_login><wp:author_email>${cdata('writer@old.example')}</wp:author_email><wp:author_display_name>${cdata(xmlSafe(p(5)))}</wp:author_display_name></wp:author>${items.join('')}</channel></rss>`;
    const dsq = `<?xml version="1.0" encoding="utf-8"?><disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">${threads.join('')}${dposts.join('')}</disqus>`;
    fs.writeFileSync(path.join(dir, 'wp.xml'), wxr);
    fs.writeFileSync(path.join(dir, 'dsq.xml'), dsq);
    const wp = await importWordPress(server.ctx.db, path.join(dir, 'wp.xml'), { clock: new ManualClock(new Date()) });
    const dq = await importDisqus(server.ctx.db, path.join(dir, 'dsq.xml'), { clock: new ManualClock(new Date()) });
    fs.rmSync(dir, { recursive: true, force: true });
    stored.set('WordPress import (posts, comments)', wp.posts.created + wp.comments.created);
    stored.set('Disqus import (comments)', dq.comments.created);
    for (const r of await server.ctx.db.selectFrom('posts').select('slug').where('import_key', 'is not', null).where('status', '=', 'published').execute()) importedSlugs.push(r.slug);
    expect(importedSlugs.length).toBeGreaterThan(0);

    // ---- titles a host page declares for the discussion it embeds (first view of each page creates the post)
    for (let i = 0; i < N; i++) {
      const r = await api(null, 'POST', '/api/embed/posts', { url: `${HOST}/story/${i}` }, { origin: HOST, 'x-forwarded-for': `10.8.${i >> 8}.${i & 255}` });
      tally('embedded page title', r.status);
      if (r.status < 300) embedSlugs.push(r.json!.post.slug as string);
    }

    const written = Date.now();

    // ---- the public pages, as an anonymous reader
    const thread = (s: string) => ({ url: `/posts/${s}`, waitFor: 'li.parley-comment' });
    await renderAll([{ visits: [
      { url: '/', crawl: true },
      { url: '/tags/xsscorpus', crawl: true },
      { url: '/search?q=xsscorpus', crawl: true },
      ...editors.map((e) => ({ url: `/authors/${e.id}`, crawl: true })),
      ...postSlugs.map((s) => ({ url: `/posts/${s}` })),
      ...threadSlugs.map(thread),
      ...ssoThreadSlugs.map(thread),
      ...importedSlugs.map(thread),
      ...threadSlugs.map((s) => ({ url: `/embed/${s}`, waitFor: 'li.parley-comment' })),
      ...embedSlugs.filter((_, i) => i % 5 === 0).map((s) => ({ url: `/embed/${s}` })),
      // JSON answers opened as a page are text, never markup.
      ...threadSlugs.map((s) => ({ url: `/api/posts/${s}/comments` })),
      { url: '/api/search?q=xsscorpus' },
      { url: '/api/posts?limit=100' },
      // Tag pages of the payload tags themselves (the tag's name is the page's title and heading).
      ...(await server.ctx.db.selectFrom('post_tags').select('tag').distinct().execute()).filter((_, i) => i % 4 === 0).map((t) => ({ url: `/tags/${encodeURIComponent(t.tag)}` })),
    ] }]);
    // ---- feeds, as text: well-formed XML whose item titles are the stored titles, character for character
    for (const feed of ['/feed.xml', '/atom.xml', '/tags/xsscorpus/feed.xml', '/tags/xsscorpus/atom.xml']) {
      const res = await api(null, 'GET', feed);
      expect(res.status).toBe(200);
      const doc = parseXml(res.res.body);
      const entries = feed.endsWith('atom.xml') ? childrenNamed(doc, 'entry') : childrenNamed(child(doc, 'channel'), 'item');
      expect(entries.length).toBeGreaterThan(0);
      const stitles = new Set((await server.ctx.db.selectFrom('posts').select('title').execute()).map((r) => r.title));
      for (const e of entries) expect(stitles.has(child(e, 'title')!.text), `feed title ${child(e, 'title')!.text}`).toBe(true);
    }

    // ---- live: comments arriving over SSE into an open thread (and the embed)
    liveSlug = await newThread('Corpus live thread');
    for (const csp of [true, false]) {
      const { context, canary } = await detectingContext(browser, base, { bypassCSP: !csp });
      contexts.push(context);
      const pages = await Promise.all([`/posts/${liveSlug}`, `/embed/${liveSlug}`].map((u) => context.newPage().then(async (pg) => {
        pg.on('dialog', (d) => { findings.push({ url: u, csp, what: `dialog ${d.message()}` }); void d.dismiss().catch(() => {}); });
        await pg.goto(base + u, { waitUntil: 'load' });
        await pg.waitForFunction(() => !document.querySelector('.parley-box button[type=submit][disabled]') && document.querySelector('.parley'));
        return pg;
      })));
      await pages[0]!.waitForTimeout(300);
      for (let i = 0; i < N; i++) await api(commenters[i]!, 'POST', `/api/posts/${liveSlug}/comments`, { body: `${p(i)} ` + (csp ? '' : ' (again)') });
      for (const [k, pg] of pages.entries()) {
        await expect.poll(() => pg.evaluate(() => document.body.innerText.match(/(\d+) new comments?/)?.[1] ?? document.querySelectorAll('li.parley-comment').length), { timeout: 30_000 }).not.toBe(0);
        // Show them: "N new comments" inserts the waiting ones.
        const more = pg.getByRole('button', { name: /new comment/ });
        if (await more.count()) await more.first().click();
        await expect.poll(() => pg.locator('li.parley-comment').count(), { timeout: 30_000 }).toBeGreaterThan(Math.min(N, 19));
        await pg.waitForTimeout(200);
        for (const what of await collect(pg)) findings.push({ url: `live ${k ? 'embed' : 'post'}`, csp, what });
        await pg.close();
      }
      for (const u of canary) findings.push({ url: 'live', csp, what: `canary request ${u}` });
      await context.close();
    }
    const publicDone = Date.now();

    // ---- moderation: flag notes, approve notes, removal notes, sanctions' reasons, appeals and decisions
    // Each flagger flags at most 50 comments (the limit is 60 an hour), a different one in each of three rounds.
    const perRound = Math.ceil(N / 50);
    const flaggers = await sequential(perRound * 3, () => person({ supporter: true }));
    for (let i = 0; i < N; i++) {
      if (!commentIds[i]) continue;
      tally('flag note', (await api(flaggers[Math.floor(i / 50)]!, 'POST', `/api/comments/${commentIds[i]}/flag`, { reason: 'other', note: p(i + 1).slice(0, 1000) })).status);
    }
    const victimPost = await newThread('Corpus victims');
    const PER_VICTIM = 10;
    for (let v = 0; v * PER_VICTIM < N; v++) {
      const who = await person({ supporter: true, name: `Victim ${v}` });
      victims.push(who);
      const ids: string[] = [];
      for (let j = 0; j < PER_VICTIM; j++) {
        const r = await api(who, 'POST', `/api/posts/${victimPost}/comments`, { body: `Victim ${v} comment ${j} about the budget.` });
        if (r.status < 300) ids.push(r.json!.comment.id as string);
      }
      for (const [j, id] of ids.entries()) tally('removal note', (await api(moderator, 'POST', `/api/mod/comments/${id}/remove`, { reason: 'other', note: p(v * PER_VICTIM + j).slice(0, 2000) })).status);
      const sanctions: string[] = [];
      for (let j = 0; j < PER_VICTIM; j++) {
        const r = await api(moderator, 'POST', `/api/mod/users/${who.id}/suspend`, { hours: 24 + j, reason: p(v * PER_VICTIM + j + 3).slice(0, 1000) });
        tally('suspension reason', r.status);
        if (r.status < 300) sanctions.push(r.json!.sanction.id as string);
      }
      for (const [j, sid] of sanctions.entries()) {
        const r = await api(who, 'POST', '/api/appeals', { sanctionId: sid, body: p(v * PER_VICTIM + j + 5).slice(0, 4000) });
        tally('appeal text', r.status);
        if (r.status < 300 && j % 2 === 0) tally('appeal decision reason', (await api(moderator, 'POST', `/api/mod/appeals/${r.json!.appeal.id}/decide`, { decision: 'upheld', reason: p(v * PER_VICTIM + j + 6).slice(0, 1000) })).status);
      }
    }
    // Bans, unbans, reviews, waived strikes, roles and supporter grants on their own accounts.
    const targets: string[] = [];
    for (let i = 0; i < N; i++) {
      const who = await person({ supporter: true, name: `Target ${i}` });
      targets.push(who.id);
      const now = new Date();
      tally('ban reason', (await api(moderator, 'POST', `/api/mod/users/${who.id}/ban`, { reason: p(i + 9).slice(0, 1000) })).status);
      if (i % 3 === 0) tally('unban reason', (await api(admin, 'POST', `/api/mod/users/${who.id}/unban`, { reason: p(i + 10).slice(0, 1000) })).status);
      await server.ctx.db.updateTable('users').set({ review_state: REVIEW_BAN_EVASION, review_note: 'linked by the corpus' }).where('id', '=', who.id).execute();
      tally('review reason', (await api(moderator, 'POST', `/api/mod/users/${who.id}/review`, { decision: i % 2 ? 'confirm' : 'clear', reason: p(i + 11).slice(0, 1000) })).status);
      const strikeId = newId(now.getTime());
      await server.ctx.db.insertInto('strikes').values({ id: strikeId, user_id: who.id, comment_id: null, reason: 'corpus', created_at: now.toISOString(), expires_at: new Date(now.getTime() + 86_400_000 * 90).toISOString(), created_by: null }).execute();
      tally('strike waiver reason', (await api(moderator, 'POST', `/api/mod/strikes/${strikeId}/waive`, { reason: p(i + 12).slice(0, 1000) })).status);
      tally('roles reason', (await api(admin, 'PUT', `/api/admin/users/${who.id}/roles`, { roles: [], reason: p(i + 13).slice(0, 500) })).status);
      tally('supporter grant note', (await api(admin, 'POST', `/api/admin/users/${who.id}/supporter`, { until: null, note: p(i + 14).slice(0, 500) })).status);
    }
    // Comments hidden by flags wait for a moderator, who restores them with a note.
    for (let i = 0; i < N; i += 1) {
      if (!commentIds[i]) continue;
      for (const f of [1, 2]) await api(flaggers[f * perRound + Math.floor(i / 50)]!, 'POST', `/api/comments/${commentIds[i]}/flag`, { reason: 'spam', note: p(i + 2 + f).slice(0, 1000) });
      if (i % 2) tally('approve note', (await api(moderator, 'POST', `/api/mod/comments/${commentIds[i]}/approve`, { note: p(i + 15).slice(0, 2000) })).status);
    }
    // The site's word lists (each word at most 100 characters). Parley refuses a NUL character anywhere in a
    // request, so those payloads are checked to be refused and the lists hold the rest.
    const listable = PAYLOADS.map((x) => x.trim()).filter((x) => x && x.length <= 100 && x.replace(/\*$/, '').trim());
    const withNul = listable.filter((x) => x.includes('\0'));
    if (withNul.length) {
      const refused = await api(admin, 'PUT', '/api/admin/moderation/settings', { settings: { wordLists: { blocked: withNul } } });
      expect(refused.status).toBe(400);
      expect(refused.json?.error?.code).toBe('nul_character');
    }
    const words = listable.filter((x) => !x.includes('\0'));
    const settings = await api(admin, 'PUT', '/api/admin/moderation/settings', {
      settings: { rateLimit: { enabled: false }, wordLists: { blocked: words, watched: words.slice().reverse() }, profanity: { policy: 'off', extraWords: words, allowWords: words, ignoreWords: words } },
      reason: p(16).slice(0, 500),
    });
    tally('word lists', settings.status);
    expect(settings.status, JSON.stringify(settings.json)).toBe(200);
    stored.set('words in each list', settings.status < 300 ? words.length : 0);

    // ---- staff pages
    const queues = ['pending', 'hidden', 'flagged', 'removed', 'review', 'appeals'];
    await renderAll([
      { session: admin.token, visits: [
        { url: '/admin/audit', crawl: true },
        { url: '/admin/users', crawl: true },
        { url: '/admin/supporters', crawl: true },
        { url: '/admin/supporters?filter=all', crawl: true },
        { url: '/admin/moderation/settings' },
        { url: '/admin/posts' },
        { url: '/admin/outbox' },
        ...postIds.filter((_, i) => i % 10 === 0).flatMap((id) => [{ url: `/admin/posts/${id}`, waitFor: '#title' }, { url: `/admin/posts/${id}/preview` }]),
        { url: '/admin/moderation/dashboard' },
        { url: '/admin' },
        ...queues.map((k) => ({ url: `/admin/moderation?kind=${k}`, waitFor: '[data-testid=mod-item], .mod-empty', settleMs: 200 })),
        ...threadSlugs.flatMap((s) => [
          { url: `/admin/moderation?kind=hidden&post=${s}`, waitFor: '[data-testid=mod-item], .mod-empty', settleMs: 200 },
          { url: `/admin/moderation?kind=flagged&post=${s}`, waitFor: '[data-testid=mod-item], .mod-empty', settleMs: 200 },
        ]),
        ...victims.map((v) => ({ url: `/admin/moderation/users/${v.id}` })),
        ...targets.filter((_, i) => i % 10 === 0).map((id) => ({ url: `/admin/moderation/users/${id}` })),
        ...commenters.filter((_, i) => i % 10 === 0).map((c) => ({ url: `/admin/moderation/users/${c.id}` })),
      ] },
      // What the sanctioned see of their own case: reasons, notes, appeals, and the widget's refusal.
      ...victims.map((v, k) => ({ session: v.token, visits: [{ url: '/account/moderation' }, ...(k % 4 ? [] : [{ url: `/posts/${victimPost}`, waitFor: '.parley' }])] })),
      // The account page of people with payload names (a sample: it shows one name each).
      ...commenters.filter((_, i) => i % 20 === 0).map((c) => ({ session: c.token, visits: [{ url: '/account' }] })),
    ]);

    const done = Date.now();
    console.log(`XSS corpus timing: writes ${((written - t0) / 1000).toFixed(1)} s, public pages ${((publicDone - written) / 1000).toFixed(1)} s, staff pages ${((done - publicDone) / 1000).toFixed(1)} s`);
    expect(stored.get('comment body') ?? 0, 'most comment payloads were stored').toBeGreaterThan(N * 0.9);
    expect(stored.get('post (all fields)') ?? 0).toBeGreaterThan(N * 0.9);
    expect(stored.get('embedded page title') ?? 0, 'most host pages started their discussion').toBeGreaterThan(N * 0.9);
    expect(findings).toEqual([]);
  }, 2_400_000);
});
