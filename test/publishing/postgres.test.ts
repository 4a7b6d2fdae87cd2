import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, makeApp, PG_BASE_URL, requireService, signedIn, type TestApp } from '../helpers/harness';
import { importWordPress } from '../../src/publishing/import/wordpress';
import { importDisqus } from '../../src/publishing/import/disqus';

const run = requireService('PostgreSQL', !!PG_BASE_URL);

describe.runIf(run)('publishing on PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp({ db: 'postgres' });
  });
  afterAll(async () => t?.close());

  it('searches titles and bodies with PostgreSQL full-text search, live posts only', async () => {
    const { browser } = await signedIn(t, { roles: ['editor'] });
    const make = async (title: string, bodyMd: string, status: string) => {
      const res = await browser.post('/api/admin/posts', { title, bodyMd, status });
      expect(res.statusCode, res.body).toBe(201);
    };
    await make('Rail fares rise again', 'Commuters face higher season tickets from January.', 'published');
    await make('Hospital waiting lists', 'The backlog of operations keeps growing.', 'published');
    await make('Draft about railways', 'Not yet.', 'draft');
    const anon = new Browser(t);
    const slugs = async (q: string) => ((await anon.get(`/api/search?q=${encodeURIComponent(q)}`)).json().posts as Array<{ slug: string }>).map((p) => p.slug);
    expect(await slugs('fares')).toEqual(['rail-fares-rise-again']);
    expect(await slugs('operation')).toEqual(['hospital-waiting-lists']); // stemmed, from the body
    expect(await slugs('railways')).toEqual([]); // the draft stays hidden
    expect(await slugs('"season tickets" -hospital')).toEqual(['rail-fares-rise-again']);
    expect((await anon.get('/search?q=' + encodeURIComponent("'); drop table posts; --"))).statusCode).toBe(200);
    const page = await anon.get('/search?q=waiting');
    expect(page.body).toContain('Hospital waiting lists');
  });

  it('imports WordPress and Disqus exports idempotently', async () => {
    const first = await importWordPress(t.ctx.db, 'test/fixtures/import/wordpress.xml', { clock: t.clock });
    expect(first.posts.created).toBe(3);
    const d = await importDisqus(t.ctx.db, 'test/fixtures/import/disqus.xml', { clock: t.clock });
    expect(d.comments.created).toBe(5);
    const again = await importWordPress(t.ctx.db, 'test/fixtures/import/wordpress.xml', { clock: t.clock });
    expect(again.posts.created + again.comments.created).toBe(0);
    const housing = await t.ctx.db.selectFrom('posts').select('comment_count').where('slug', '=', 'housing-numbers').executeTakeFirstOrThrow();
    expect(housing.comment_count).toBe(8);
    const anon = new Browser(t);
    expect((await anon.get('/api/search?q=housing')).json().posts.map((p: { slug: string }) => p.slug)).toContain('housing-numbers');
    const res = await anon.get('/2023/06/bus-franchising/');
    expect(res.statusCode).toBe(301);
  });
});
