import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, makeApp, signedIn, type TestApp } from '../helpers/harness';
import { child, childrenNamed, parseXml } from '../helpers/xml';
import { HOUR, DAY } from '../../src/domain/clock';
import { publishDuePosts } from '../../src/publishing/posts';
import { setSetting } from '../../src/store/settings';

let t: TestApp;
let editor: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  t = await makeApp();
  editor = await signedIn(t, { roles: ['editor'], name: 'Eleanor Hart' });
});
afterAll(async () => t.close());

const sources = [
  { outlet: 'The Times', title: 'Councils brace for winter', url: 'https://www.thetimes.example/article/councils', phrase: 'has more.' },
  { outlet: 'Financial Times', title: 'The gilt market wobble explained', url: 'https://ft.example/content/gilts', phrase: 'Worth reading in full.' },
];

async function create(body: Record<string, unknown>) {
  const res = await editor.browser.post('/api/admin/posts', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().post as { id: string; slug: string; version: number; status: string; publishedAt: string | null };
}

describe('editor API', () => {
  it('creates a draft that the public cannot see, then publishes it', async () => {
    const draft = await create({ title: 'Councils brace for a hard winter', standfirst: 'Budgets are stretched.', bodyMd: 'Local *authorities* warn of cuts.\n\n<script>alert(1)</script>', tags: ['Local government', 'Budgets'], sources });
    expect(draft.status).toBe('draft');
    expect(draft.slug).toBe('councils-brace-for-a-hard-winter');
    const anon = new Browser(t, '10.3.0.1');
    expect((await anon.get(`/posts/${draft.slug}`)).statusCode).toBe(404);
    expect((await anon.get(`/api/posts/${draft.slug}`)).statusCode).toBe(404);

    const pub = await editor.browser.patch(`/api/admin/posts/${draft.id}`, { version: draft.version, status: 'published' });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().post).toMatchObject({ status: 'published', version: 2, publishedAt: t.clock.now().toISOString() });

    const page = await anon.get(`/posts/${draft.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<em>authorities</em>');
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('has more.');
    expect(page.body).toContain('Worth reading in full:');
    expect(page.body).toContain(`<link rel="canonical" href="http://parley.test/posts/${draft.slug}"`);
    expect(page.body).toContain('property="og:title"');
    const api = (await anon.get(`/api/posts/${draft.slug}`)).json().post;
    expect(api.sources).toHaveLength(2);
    expect([api.bodyMd, api.version, api.status]).toEqual([undefined, undefined, undefined]); // editor-only fields stay private
    expect(api.tags.map((x: { tag: string }) => x.tag).sort()).toEqual(['budgets', 'local-government']);

    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', draft.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['post.created', 'post.published']);
  });

  it('schedules a post that goes live at its time by the clock, and the scheduler records it', async () => {
    const at = new Date(t.clock.now().getTime() + 2 * HOUR).toISOString();
    const post = await create({ title: 'Scheduled for later', bodyMd: 'Soon.', status: 'scheduled', publishedAt: at });
    expect(post).toMatchObject({ status: 'scheduled', publishedAt: at });
    const anon = new Browser(t, '10.3.0.2');
    expect((await anon.get('/posts/scheduled-for-later')).statusCode).toBe(404);
    expect((await anon.get('/')).body).not.toContain('Scheduled for later');
    expect(await publishDuePosts(t.ctx)).toBe(0);

    t.clock.advance(2 * HOUR + 1000);
    expect((await anon.get('/posts/scheduled-for-later')).statusCode).toBe(200); // live by the clock, before any job ran
    expect((await anon.get('/')).body).toContain('Scheduled for later');
    // Several nodes run the scheduler at once: the post is published (and audited) exactly once.
    const runs = await Promise.all([publishDuePosts(t.ctx), publishDuePosts(t.ctx), publishDuePosts(t.ctx)]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await publishDuePosts(t.ctx)).toBe(0);
    const row = await t.ctx.db.selectFrom('posts').select('status').where('id', '=', post.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('published');
    const entries = await t.ctx.db.selectFrom('audit_log').selectAll().where('target_id', '=', post.id).where('action', '=', 'post.published').execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actor_id).toBeNull();
  });

  it('refuses a schedule in the past', async () => {
    const res = await editor.browser.post('/api/admin/posts', { title: 'Too late', status: 'scheduled', publishedAt: new Date(t.clock.now().getTime() - HOUR).toISOString() });
    expect(res.statusCode).toBe(422);
    expect(await t.ctx.db.selectFrom('posts').select('id').where('title', '=', 'Too late').executeTakeFirst()).toBeUndefined();
  });

  it('a stale write gets 409 edit_conflict and overwrites nothing', async () => {
    const post = await create({ title: 'Two editors', bodyMd: 'First draft.' });
    const other = await signedIn(t, { roles: ['editor'] });
    const first = await other.browser.patch(`/api/admin/posts/${post.id}`, { version: post.version, bodyMd: 'Their version.' });
    expect(first.statusCode).toBe(200);
    const stale = await editor.browser.patch(`/api/admin/posts/${post.id}`, { version: post.version, bodyMd: 'My version.', title: 'Mine' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'edit_conflict', currentVersion: 2 });
    expect(stale.json().error.post.bodyMd).toBe('Their version.');
    const now = (await editor.browser.get(`/api/admin/posts/${post.id}`)).json().post;
    expect(now).toMatchObject({ title: 'Two editors', bodyMd: 'Their version.', version: 2 });
    const retry = await editor.browser.patch(`/api/admin/posts/${post.id}`, { version: 2, bodyMd: 'Merged version.' });
    expect(retry.json().post).toMatchObject({ bodyMd: 'Merged version.', version: 3 });
  });

  it('renaming a published post keeps the old address as a 301', async () => {
    const post = await create({ title: 'Old name', status: 'published' });
    const res = await editor.browser.patch(`/api/admin/posts/${post.id}`, { version: 1, slug: 'new-name' });
    expect(res.statusCode).toBe(200);
    const old = await new Browser(t, '10.3.0.3').get('/posts/old-name');
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/posts/new-name');
    const taken = await editor.browser.post('/api/admin/posts', { title: 'Clash', slug: 'new-name' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('slug_taken');
  });

  it('closes discussions automatically after the site setting, and editors can close them by hand', async () => {
    await setSetting(t.ctx.db, 'discussion_auto_close_days', 7);
    const post = await create({ title: 'Auto closing', status: 'published' });
    const full = (await editor.browser.get(`/api/admin/posts/${post.id}`)).json().post;
    expect(full.discussionClosesAt).toBe(new Date(t.clock.now().getTime() + 7 * DAY).toISOString());
    const closed = await editor.browser.patch(`/api/admin/posts/${post.id}`, { version: full.version, discussion: 'closed' });
    expect(closed.json().post.discussion).toBe('closed');
    expect((await new Browser(t, '10.3.0.4').get('/posts/auto-closing')).body).toContain('The discussion of this post is closed.');
    await setSetting(t.ctx.db, 'discussion_auto_close_days', null);
  });

  it('bounds what a preview or a save may cost, and keeps serving others while it renders', async () => {
    const big = await editor.browser.post('/api/admin/posts/preview', { bodyMd: 'a'.repeat(100_001) });
    expect([big.statusCode, big.json().error.code]).toEqual([422, 'invalid_input']);
    for (const bodyMd of ['!['.repeat(50_000), '[ '.repeat(50_000)]) {
      const started = performance.now();
      const preview = editor.browser.post('/api/admin/posts/preview', { bodyMd });
      // A reader's request made meanwhile is not stuck behind the render (it took 5–6 s of the only thread).
      const other = await new Browser(t, '10.3.1.77').get('/api/session');
      const otherMs = performance.now() - started;
      const res = await preview;
      const ms = performance.now() - started;
      expect(other.statusCode).toBe(200);
      expect(otherMs).toBeLessThan(500);
      // Rendered within the 1.5 s limit, or refused at it; never seconds more.
      if (res.statusCode !== 200) expect([res.statusCode, res.json().error.code]).toEqual([422, 'markdown_too_complex']);
      expect(ms).toBeLessThan(4000);
    }
    const next = await editor.browser.post('/api/admin/posts/preview', { bodyMd: 'Still *here*.' });
    expect(next.json().html).toBe('<p>Still <em>here</em>.</p>');
  });

  it('previews Markdown without raw HTML', async () => {
    const res = await editor.browser.post('/api/admin/posts/preview', { bodyMd: '## Heading\n\n<img src=x onerror=alert(1)> [link](javascript:alert(1))' });
    expect(res.json().html).toContain('<h2>Heading</h2>');
    expect(res.json().html).not.toContain('<img');
    expect(res.json().html).not.toContain('href="javascript');
  });

  it('validates input and refuses readers and strangers', async () => {
    const bad = await editor.browser.post('/api/admin/posts', { title: 'x', sources: [{ outlet: 'Evil', url: 'javascript:alert(1)' }] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('invalid_input');
    const reader = await signedIn(t);
    const r = await reader.browser.post('/api/admin/posts', { title: 'Reader post' });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('forbidden');
    expect((await reader.browser.get('/api/admin/posts')).statusCode).toBe(403);
    expect((await reader.browser.get('/admin/posts')).statusCode).toBe(403);
    expect((await new Browser(t, '10.3.0.5').post('/api/admin/posts', { title: 'Anon' })).statusCode).toBe(401);
    expect(await t.ctx.db.selectFrom('posts').select('id').where('title', 'in', ['Reader post', 'Anon']).execute()).toEqual([]);
  });

  it('deletes only posts without a discussion, with the current version', async () => {
    const post = await create({ title: 'Delete me' });
    expect((await editor.browser.delete(`/api/admin/posts/${post.id}?version=9`)).statusCode).toBe(409);
    expect((await editor.browser.delete(`/api/admin/posts/${post.id}?version=1`)).statusCode).toBe(204);
    expect((await editor.browser.get(`/api/admin/posts/${post.id}`)).statusCode).toBe(404);
  });

  it('lists posts for editors and renders the editor page', async () => {
    const list = (await editor.browser.get('/api/admin/posts')).json();
    expect(list.posts.length).toBeGreaterThan(3);
    const page = await editor.browser.get(`/admin/posts/${list.posts[0].id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="post-editor"');
    expect((await editor.browser.get('/admin/posts')).body).toContain('Councils brace for a hard winter');
  });
});

describe('public site', () => {
  it('home, tag and author pages list live posts with standfirst, author and comment count', async () => {
    const anon = new Browser(t, '10.3.1.1');
    const home = await anon.get('/');
    expect(home.body).toContain('Councils brace for a hard winter');
    expect(home.body).toContain('Budgets are stretched.');
    expect(home.body).toContain('Eleanor Hart');
    expect(home.body).toContain('0 comments');
    expect(home.body).toContain('application/rss+xml');
    expect(home.body).not.toContain('Two editors'); // a draft
    const tag = await anon.get('/tags/local-government');
    expect(tag.statusCode).toBe(200);
    expect(tag.body).toContain('Councils brace for a hard winter');
    expect(tag.body).not.toContain('Scheduled for later');
    expect((await anon.get('/tags/no-such-tag')).statusCode).toBe(404);
    const author = await anon.get(`/authors/${editor.user.id}`);
    expect(author.statusCode).toBe(200);
    expect(author.body).toContain('<h1>Eleanor Hart</h1>');
    const reader = await signedIn(t);
    expect((await anon.get(`/authors/${reader.user.id}`)).statusCode).toBe(404);
  });

  it('paginates the home page', async () => {
    for (let i = 0; i < 22; i++) await create({ title: `Filler ${i}`, status: 'published', publishedAt: new Date(t.clock.now().getTime() - (i + 1) * DAY).toISOString() });
    const anon = new Browser(t, '10.3.1.2');
    const first = await anon.get('/');
    const more = first.body.match(/href="(\/\?cursor=[^"]+)"/);
    expect(more).not.toBeNull();
    const second = await anon.get(more![1]!.replace(/&amp;/g, '&'));
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('Filler 21');
    expect(first.body).not.toContain('Filler 21');
  });

  it('carries NewsArticle JSON-LD with the sources as citations', async () => {
    const page = await new Browser(t, '10.3.1.3').get('/posts/councils-brace-for-a-hard-winter');
    const blocks = [...page.body.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!));
    const article = blocks.find((b) => b['@type'] === 'NewsArticle');
    expect(article).toBeDefined();
    expect(article.headline).toBe('Councils brace for a hard winter');
    expect(article.author[0].name).toBe('Eleanor Hart');
    expect(article.citation.map((c: { url: string }) => c.url)).toEqual(sources.map((s) => s.url));
    expect(article.citation[0].publisher.name).toBe('The Times');
    expect(new Date(article.datePublished).toISOString()).toBe(article.datePublished);
  });

  it('serves a valid RSS 2.0 feed', async () => {
    const res = await new Browser(t, '10.3.1.4').get('/feed.xml');
    expect(res.headers['content-type']).toContain('application/rss+xml');
    const rss = parseXml(res.body);
    expect(rss.name).toBe('rss');
    expect(rss.attrs.version).toBe('2.0');
    const channel = child(rss, 'channel')!;
    for (const el of ['title', 'link', 'description']) expect(child(channel, el)?.text, el).toBeTruthy();
    const items = childrenNamed(channel, 'item');
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(child(item, 'title')?.text || child(item, 'description')?.text).toBeTruthy();
      expect(child(item, 'link')?.text).toMatch(/^http:\/\/parley\.test\/posts\//);
      expect(new Date(child(item, 'pubDate')!.text).toString()).not.toBe('Invalid Date');
      expect(child(item, 'guid')?.text).toBeTruthy();
    }
    const councils = items.find((i) => child(i, 'title')!.text === 'Councils brace for a hard winter')!;
    expect(child(councils, 'content:encoded')!.text).toContain('The Times has more.');
    expect(items.some((i) => child(i, 'title')!.text === 'Two editors')).toBe(false);
  });

  it('serves a valid Atom feed', async () => {
    const res = await new Browser(t, '10.3.1.5').get('/atom.xml');
    const feed = parseXml(res.body);
    expect(feed.name).toBe('feed');
    expect(feed.attrs.xmlns).toBe('http://www.w3.org/2005/Atom');
    for (const el of ['id', 'title', 'updated']) expect(child(feed, el)?.text, el).toBeTruthy();
    const entries = childrenNamed(feed, 'entry');
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      for (const el of ['id', 'title', 'updated']) expect(child(e, el)?.text, el).toBeTruthy();
      expect(new Date(child(e, 'updated')!.text).toISOString()).toBeTruthy();
      expect(child(e, 'link')?.attrs.href).toMatch(/^http:\/\/parley\.test\/posts\//);
      expect(child(child(e, 'author'), 'name')?.text ?? child(child(feed, 'author'), 'name')?.text).toBeTruthy();
    }
    expect(child(child(feed, 'author'), 'name')?.text).toBeTruthy(); // entries without an author still have one
    const councils = entries.find((e) => child(e, 'title')!.text === 'Councils brace for a hard winter')!;
    expect(child(councils, 'content')?.attrs.type).toBe('html');
    expect(child(councils, 'content')?.text).toContain('The Times has more.');
    expect(child(councils, 'published')?.text).toBeTruthy();
  });

  it('serves a feed per tag', async () => {
    const rss = parseXml((await new Browser(t, '10.3.1.8').get('/tags/budgets/feed.xml')).body);
    const titles = childrenNamed(child(rss, 'channel'), 'item').map((i) => child(i, 'title')!.text);
    expect(titles).toEqual(['Councils brace for a hard winter']);
    const atom = parseXml((await new Browser(t, '10.3.1.8').get('/tags/budgets/atom.xml')).body);
    expect(childrenNamed(atom, 'entry')).toHaveLength(1);
    expect((await new Browser(t, '10.3.1.8').get('/tags/nope/feed.xml')).statusCode).toBe(404);
  });

  it('keeps JSON-LD intact whatever the title says', async () => {
    const res = await editor.browser.post('/api/admin/posts', { title: 'Breaking </script><script>alert(1)</script> news', standfirst: '"Quotes" & <tags>', status: 'published' });
    const slug = res.json().post.slug;
    const page = await new Browser(t, '10.3.1.9').get(`/posts/${slug}`);
    expect(page.body).not.toContain('<script>alert(1)');
    const block = page.body.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)![1]!;
    expect(JSON.parse(block).headline).toBe('Breaking </script><script>alert(1)</script> news');
  });

  it('lets editors preview a draft on the site', async () => {
    const draft = await create({ title: 'Preview me', bodyMd: 'Draft *text*.' });
    const page = await editor.browser.get(`/admin/posts/${draft.id}/preview`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<em>text</em>');
    expect(page.body).toContain('Preview of a draft post');
    expect((await new Browser(t, '10.3.1.10').get(`/admin/posts/${draft.id}/preview`)).statusCode).toBe(302);
  });

  it('keeps discussion-only posts of embedding sites out of the site\'s own lists, feeds and search', async () => {
    const at = t.clock.now().toISOString();
    await t.ctx.db.insertInto('posts').values({
      id: 'embeddedpost000000000000001', slug: 'someone-elses-page', title: 'Someone else’s council page', standfirst: '', body_md: '', body_html: '', author_id: null,
      status: 'published', published_at: at, created_at: at, updated_at: at, version: 1, discussion: 'open', discussion_closes_at: null,
      featured_image_url: null, featured_image_alt: null, sources: '[]', comment_count: 0, canonical_url: 'https://elsewhere.example/council', import_key: null,
    }).execute();
    const anon = new Browser(t, '10.3.1.11');
    expect((await anon.get('/')).body).not.toContain('Someone else’s council page');
    expect((await anon.get('/feed.xml')).body).not.toContain('someone-elses-page');
    expect((await anon.get('/sitemap.xml')).body).not.toContain('someone-elses-page');
    expect((await anon.get('/api/search?q=council')).json().posts.map((p: { slug: string }) => p.slug)).not.toContain('someone-elses-page');
    const page = await anon.get('/posts/someone-elses-page');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<link rel="canonical" href="https://elsewhere.example/council"');
  });

  it('lists live posts in sitemap.xml', async () => {
    const map = parseXml((await new Browser(t, '10.3.1.6').get('/sitemap.xml')).body);
    const locs = childrenNamed(map, 'url').map((u) => child(u, 'loc')!.text);
    expect(locs).toContain('http://parley.test/posts/councils-brace-for-a-hard-winter');
    expect(locs).toContain('http://parley.test/tags/budgets');
    expect(locs.some((l) => l.includes('two-editors'))).toBe(false);
  });

  it('searches titles and bodies with full-text search', async () => {
    const anon = new Browser(t, '10.3.1.7');
    const byBody = await anon.get('/search?q=authorities');
    expect(byBody.body).toContain('Councils brace for a hard winter');
    const stemmed = (await anon.get('/api/search?q=council')).json().posts;
    expect(stemmed.map((p: { slug: string }) => p.slug)).toContain('councils-brace-for-a-hard-winter');
    const excluded = (await anon.get('/api/search?q=' + encodeURIComponent('authorities -railways'))).json().posts;
    expect(excluded.map((p: { slug: string }) => p.slug)).toContain('councils-brace-for-a-hard-winter');
    expect((await anon.get('/api/search?q=' + encodeURIComponent('authorities -stretched'))).json().posts).toEqual([]);
    expect((await anon.get('/api/search?q=' + encodeURIComponent('"local authorities"'))).json().posts).toHaveLength(1);
    const draftOnly = (await anon.get('/api/search?q=merged')).json().posts;
    expect(draftOnly).toEqual([]);
    for (const q of ['"', 'AND OR NOT', '*', 'a:b', "'); drop table posts; --"]) {
      const res = await anon.get(`/search?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
    }
  });
});
