import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, lastMailedLink, makeApp, signedIn, type TestApp } from '../helpers/harness';
import { buildAssets } from '../helpers/browser';
import { importWordPress } from '../../src/publishing/import/wordpress';
import { importDisqus } from '../../src/publishing/import/disqus';

const WXR = 'test/fixtures/import/wordpress.xml';
const DISQUS = 'test/fixtures/import/disqus.xml';

let t: TestApp;
beforeAll(async () => {
  t = await makeApp();
});
afterAll(async () => t.close());

const comment = (site: string, id: number) => t.ctx.db.selectFrom('comments').selectAll().where('import_key', '=', `wp:${site}:comment:${id}`).executeTakeFirst();
const post = (slug: string) => t.ctx.db.selectFrom('posts').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
async function tableCounts() {
  const out: Record<string, number> = {};
  for (const table of ['posts', 'comments', 'users', 'user_roles', 'post_tags', 'redirects'] as const) {
    out[table] = Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  }
  return out;
}
/** Counters recomputed from scratch must equal the stored ones. */
async function expectCountersRight() {
  const posts = await t.ctx.db.selectFrom('posts').select(['id', 'comment_count']).execute();
  for (const p of posts) {
    const rows = await t.ctx.db.selectFrom('comments').select(['id', 'parent_id', 'root_id', 'status', 'reply_count', 'depth']).where('post_id', '=', p.id).execute();
    expect(p.comment_count).toBe(rows.filter((r) => r.status === 'published').length);
    for (const r of rows) {
      const expected = r.root_id === null
        ? rows.filter((x) => x.root_id === r.id && x.status === 'published').length
        : rows.filter((x) => x.parent_id === r.id && x.status === 'published').length;
      expect(r.reply_count, r.id).toBe(expected);
      const parent = rows.find((x) => x.id === r.parent_id);
      expect(r.depth).toBe(parent ? parent.depth + 1 : 0);
    }
  }
}

describe('WordPress import', () => {
  it('resumes after an interrupted run: a truncated export, then the whole one', async () => {
    const text = fs.readFileSync(WXR, 'utf8');
    const cut = text.indexOf('<item>', text.indexOf('<wp:post_id>101</wp:post_id>'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-wxr-'));
    fs.writeFileSync(path.join(dir, 'part.xml'), text.slice(0, cut + 30));
    const partial = await importWordPress(t.ctx.db, path.join(dir, 'part.xml'), { clock: t.clock });
    expect(partial.posts.created).toBe(1);
    fs.rmSync(dir, { recursive: true, force: true });

    const full = await importWordPress(t.ctx.db, WXR, { clock: t.clock });
    expect(full.posts).toEqual({ created: 2, existing: 1, skipped: 2 }); // the page and the trashed post are skipped
    expect(full.comments).toMatchObject({ created: 2, existing: 5, spam: 1, trash: 1, pingbacks: 1 });
  });

  it('keeps posts, dates, authors, tags, featured images and discussion state', async () => {
    const housing = await post('housing-numbers');
    expect(housing).toMatchObject({ title: 'The housing numbers don’t add up', status: 'published', published_at: '2023-05-02T08:30:00.000Z', standfirst: 'Five years of figures against one promise.', discussion: 'open' });
    expect(housing.featured_image_url).toBe('https://thelantern.example/wp-content/uploads/2023/05/estate.jpg');
    expect(housing.featured_image_alt).toBe('A 1960s housing estate in evening light');
    expect(housing.body_html).toContain('<strong>Completions</strong>');
    expect(housing.body_html).toContain('<a href="https://www.ons.example/housing">the ONS series</a>');
    expect(housing.body_html).not.toContain('<script');
    expect(housing.body_html).not.toContain('[caption');
    const author = await t.ctx.db.selectFrom('users').selectAll().where('id', '=', housing.author_id!).executeTakeFirstOrThrow();
    expect(author).toMatchObject({ display_name: 'Hannah Okafor', import_key: 'import:email:hannah@thelantern.example', password_hash: null });
    expect(author.email).toMatch(/@imported\.invalid$/);
    const tags = await t.ctx.db.selectFrom('post_tags').select('tag').where('post_id', '=', housing.id).orderBy('tag').execute();
    expect(tags.map((x) => x.tag)).toEqual(['housing', 'politics']);
    expect((await post('bus-franchising')).discussion).toBe('closed');
    const draft = await post('notes-for-a-piece-on-water-bills');
    expect(draft.status).toBe('draft');
    expect((await new Browser(t).get('/posts/notes-for-a-piece-on-water-bills')).statusCode).toBe(404);
    expect(await t.ctx.db.selectFrom('posts').select('id').where('slug', 'in', ['about', 'deleted-post']).execute()).toEqual([]);
  });

  it('rebuilds threads: replies nested, replies to trashed comments moved up, orphans top-level, counters right', async () => {
    const site = 'thelantern.example';
    const c501 = (await comment(site, 501))!;
    const c502 = (await comment(site, 502))!;
    const c504 = (await comment(site, 504))!;
    const c506 = (await comment(site, 506))!;
    const c508 = (await comment(site, 508))!;
    const c603 = (await comment(site, 603))!;
    expect(await comment(site, 503)).toBeUndefined(); // spam
    expect(await comment(site, 505)).toBeUndefined(); // trash
    expect(await comment(site, 507)).toBeUndefined(); // pingback
    expect(c502).toMatchObject({ parent_id: c501.id, root_id: c501.id, depth: 1 });
    expect(c504).toMatchObject({ parent_id: c502.id, root_id: c501.id, depth: 2 });
    expect(c506).toMatchObject({ parent_id: c501.id, depth: 1 }); // its parent was trashed
    expect(c603).toMatchObject({ parent_id: null, depth: 0 }); // its parent is not in the export
    expect(c508.status).toBe('pending');
    expect(c501.reply_count).toBe(3);
    expect(c502.reply_count).toBe(1);
    expect(c501.created_at).toBe('2023-05-02T09:05:00.000Z');
    expect(c501.body_html).toContain('<em>labour shortages</em>');
    expect(c501.id < c502.id && c502.id < c504.id).toBe(true); // ids keep the original order
    expect((await post('housing-numbers')).comment_count).toBe(4);
    expect((await post('bus-franchising')).comment_count).toBe(2);
    await expectCountersRight();
  });

  it('makes commenters password-less users, one per address, and the author commenting is the author', async () => {
    const c501 = (await comment('thelantern.example', 501))!;
    const c508 = (await comment('thelantern.example', 508))!;
    const c502 = (await comment('thelantern.example', 502))!;
    expect(c501.author_id).toBe(c508.author_id); // Gareth, with his address in two spellings
    expect(c502.author_id).toBe((await post('housing-numbers')).author_id);
    const gareth = await t.ctx.db.selectFrom('users').selectAll().where('id', '=', c501.author_id!).executeTakeFirstOrThrow();
    expect(gareth).toMatchObject({ display_name: 'Gareth Lewis', password_hash: null, import_key: 'import:email:gareth.lewis@example.org' });
    expect(await t.ctx.db.selectFrom('users').select('id').where('import_key', '=', 'import:email:sales@spam.example').executeTakeFirst()).toBeUndefined();
  });

  it('serves the old permalinks as 301 redirects', async () => {
    const b = new Browser(t);
    for (const [from, to] of [['/2023/05/housing-numbers/', '/posts/housing-numbers'], ['/2023/05/housing-numbers', '/posts/housing-numbers'], ['/?p=115', '/posts/bus-franchising']]) {
      const res = await b.get(from!);
      expect(res.statusCode, from).toBe(301);
      expect(res.headers.location).toBe(to);
    }
    expect((await b.get('/2023/05/no-such-post/')).statusCode).toBe(404);
    const page = await b.get('/posts/housing-numbers');
    expect(page.body).toContain('Labour shortages, yes');
    expect(page.body).not.toContain('Buy now');
  });

  it('a second run creates nothing', async () => {
    const before = await tableCounts();
    const again = await importWordPress(t.ctx.db, WXR, { clock: t.clock });
    expect(again.posts.created).toBe(0);
    expect(again.comments.created).toBe(0);
    expect(again.commenters.created + again.authors.created).toBe(0);
    expect(again.redirects).toBe(0);
    expect(await tableCounts()).toEqual(before);
    await expectCountersRight();
  });
});

describe('Disqus import', () => {
  it('adds comments to the matching posts, threads replies that come before their parents, skips spam and deleted', async () => {
    const stats = await importDisqus(t.ctx.db, DISQUS, { clock: t.clock });
    expect(stats.threads).toEqual({ matched: 2, unmatched: 1, commentsWithoutPost: 1 });
    expect(stats.comments).toMatchObject({ created: 5, spam: 1, deleted: 1 });
    const key = (id: number) => t.ctx.db.selectFrom('comments').selectAll().where('import_key', '=', `disqus:${id}`).executeTakeFirst();
    const [c1, c2, c3, c6] = await Promise.all([key(9000001), key(9000002), key(9000003), key(9000006)]);
    expect(c2).toMatchObject({ parent_id: c1!.id, depth: 1 });
    expect(c3).toMatchObject({ parent_id: c2!.id, root_id: c1!.id, depth: 2 });
    expect(c6).toMatchObject({ parent_id: c1!.id, depth: 1 }); // its parent was deleted
    expect(c1!.reply_count).toBe(3);
    expect(c1!.body_html).toContain('<a href="https://www.ons.example/regional"');
    expect(await key(9000004)).toBeUndefined();
    expect(await key(9000005)).toBeUndefined();
    expect((await post('housing-numbers')).comment_count).toBe(8);
    expect((await post('bus-franchising')).comment_count).toBe(3);
    // Priya commented on WordPress and on Disqus with the same address: one user.
    const priyaWp = (await comment('thelantern.example', 504))!;
    expect(c2!.author_id).toBe(priyaWp.author_id);
    await expectCountersRight();
  });

  it('a second run creates nothing', async () => {
    const before = await tableCounts();
    const again = await importDisqus(t.ctx.db, DISQUS, { clock: t.clock });
    expect(again.comments.created).toBe(0);
    expect(again.commenters.created).toBe(0);
    expect(await tableCounts()).toEqual(before);
    await expectCountersRight();
  });
});

describe('parley import (the command)', () => {
  it('imports through the CLI and prints the counts', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-cli-import-'));
    try {
      const env = { ...process.env, PARLEY_DATABASE_URL: `sqlite:${path.join(dir, 'p.db')}`, PARLEY_LOG_LEVEL: 'silent' };
      const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'import', 'wordpress', WXR, '--json', '--no-progress'], { env, encoding: 'utf8' });
      const stats = JSON.parse(out.trim());
      expect(stats.posts.created).toBe(3);
      expect(stats.comments.created).toBe(7);
      const text = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'import', 'disqus', DISQUS, '--no-progress'], { env, encoding: 'utf8' });
      expect(text).toContain('5 created');
      expect(text).toContain('1 spam');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('the built command reads in a worker thread and gets the same result', () => {
    buildAssets(); // dist/ from the sources under test (once per run, test/global-setup.ts)
    expect(fs.existsSync('dist/wxr-worker.js')).toBe(true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-cli-worker-'));
    try {
      const env = { ...process.env, PARLEY_DATABASE_URL: `sqlite:${path.join(dir, 'p.db')}`, PARLEY_LOG_LEVEL: 'silent' };
      const importOnce = (extra: string[]) => JSON.parse(execFileSync(process.execPath, ['dist/cli.js', 'import', 'wordpress', WXR, '--json', '--no-progress', ...extra], { env, encoding: 'utf8' }).trim());
      const first = importOnce([]);
      expect(first.posts).toEqual({ created: 3, existing: 0, skipped: 2 });
      expect(first.comments).toMatchObject({ created: 7, published: 6, pending: 1, spam: 1, trash: 1, pingbacks: 1, orphaned: 1 });
      expect(first.redirects).toBe(5);
      const second = importOnce(['--no-worker']);
      expect(second.posts.created + second.comments.created + second.commenters.created + second.redirects).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('imported people and existing accounts', () => {
  it('never attributes imported comments to an account by the export’s address; the owner proving the address links them', async () => {
    const s = await makeApp();
    try {
      // Accounts that exist before the import, with the addresses the export uses.
      const admin = await signedIn(s, { roles: ['admin'], email: 'hannah@thelantern.example', name: 'Hannah (admin)' });
      const gareth = await signedIn(s, { email: 'gareth.lewis@example.org', name: 'Gareth L.' });
      await importWordPress(s.ctx.db, WXR, { clock: s.clock });
      const c501 = (await s.ctx.db.selectFrom('comments').selectAll().where('import_key', '=', 'wp:thelantern.example:comment:501').executeTakeFirstOrThrow());
      const c502 = (await s.ctx.db.selectFrom('comments').selectAll().where('import_key', '=', 'wp:thelantern.example:comment:502').executeTakeFirstOrThrow());
      const housing = await s.ctx.db.selectFrom('posts').selectAll().where('slug', '=', 'housing-numbers').executeTakeFirstOrThrow();
      expect(c501.author_id).not.toBe(gareth.user.id);
      expect(c502.author_id).not.toBe(admin.user.id);
      expect(housing.author_id).not.toBe(admin.user.id);
      const page = await new Browser(s).get(`/api/posts/housing-numbers/comments`);
      const shown = JSON.stringify(page.json().comments);
      expect(shown).not.toContain(admin.user.id);
      expect(shown).not.toContain(gareth.user.id);
      // Imported people cannot sign in: a sign-in link for the address goes to the real account.
      const person = await s.ctx.db.selectFrom('users').selectAll().where('id', '=', c501.author_id!).executeTakeFirstOrThrow();
      expect(person).toMatchObject({ password_hash: null, import_key: 'import:email:gareth.lewis@example.org' });
      expect(person.email).toMatch(/@imported\.invalid$/);

      // Gareth proves the address by a sign-in link: the imported comments become his.
      expect((await new Browser(s).post('/api/auth/magic-link', { email: 'gareth.lewis@example.org' })).statusCode).toBe(202);
      const link = await lastMailedLink(s, 'gareth.lewis@example.org', 'Your sign-in link');
      // the link opens a page that asks; signing in is the click (POST /api/auth/magic)
      const opened = await new Browser(s).get(link);
      expect(opened.statusCode).toBe(200);
      const confirmed = await new Browser(s).post('/api/auth/magic', { token: new URL(link, s.config.publicUrl).searchParams.get('token') });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      const after = await s.ctx.db.selectFrom('comments').select(['import_key', 'author_id']).where('import_key', 'in', ['wp:thelantern.example:comment:501', 'wp:thelantern.example:comment:508']).execute();
      expect(after.map((c) => c.author_id)).toEqual([gareth.user.id, gareth.user.id]);
      // The admin's account still has nothing from the export, and importing again changes nothing.
      await importWordPress(s.ctx.db, WXR, { clock: s.clock });
      expect((await s.ctx.db.selectFrom('comments').select('author_id').where('import_key', '=', 'wp:thelantern.example:comment:501').executeTakeFirstOrThrow()).author_id).toBe(gareth.user.id);
      expect((await s.ctx.db.selectFrom('comments').select('id').where('author_id', '=', admin.user.id).execute())).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
