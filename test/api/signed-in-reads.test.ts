/* Signed-in readers are served the same cached page of a discussion as everyone else, with their
   own likes marked in it; a reader with a held comment in the discussion gets a page of their own
   that shows it. Each reader sees exactly what a page made for them alone would show. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, signedIn, type TestApp } from '../helpers/harness';
import { makePost, relaxRateLimits } from '../helpers/discussion';

interface Shown {
  id: string;
  status: string;
  liked?: boolean;
  replies?: Shown[];
}
const flat = (cs: Shown[]): Shown[] => cs.flatMap((c) => [c, ...flat(c.replies ?? [])]);

describe('signed-in reads of a discussion', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp();
    await relaxRateLimits(t.ctx.db);
  });
  afterAll(async () => t?.close());

  it('share the cached page, with each reader’s own likes and held comments and no one else’s', async () => {
    const post = await makePost(t.ctx.db, t.clock.now());
    const alice = await signedIn(t, { supporter: true, name: 'Alice' });
    const bob = await signedIn(t, { supporter: true, name: 'Bob' });
    const carol = await signedIn(t, { supporter: true, name: 'Carol' });
    const url = `/api/posts/${post.slug}/comments`;
    const written: string[] = [];
    for (const text of ['The 7:40 has been late every day this week.', 'The new timetable suits the school run.', 'Weekend services still stop at ten.']) {
      const r = await carol.browser.post(url, { body: text });
      expect(r.statusCode).toBe(201);
      written.push((r.json() as { comment: { id: string } }).comment.id);
    }
    const reply = await bob.browser.post(url, { body: 'It was on time this morning for once.', parentId: written[0] });
    expect(reply.statusCode).toBe(201);
    const replyId = (reply.json() as { comment: { id: string } }).comment.id;
    expect((await alice.browser.post(`/api/comments/${written[1]}/like`, { liked: true })).statusCode).toBe(200);
    expect((await alice.browser.post(`/api/comments/${replyId}/like`, { liked: true })).statusCode).toBe(200);
    expect((await bob.browser.post(`/api/comments/${written[1]}/like`, { liked: true })).statusCode).toBe(200);

    // The page is made once (here for an anonymous reader); a signed-in read of it runs no thread query.
    const anon = await t.app.inject({ method: 'GET', url });
    const statements: string[] = [];
    const handle = t.store.sqlite!;
    const prepare = handle.prepare.bind(handle);
    handle.prepare = ((source: string) => {
      statements.push(source);
      return prepare(source);
    }) as typeof handle.prepare;
    const aliceSees = flat((await alice.browser.get(url)).json().comments as Shown[]);
    handle.prepare = prepare as typeof handle.prepare;
    expect(statements.filter((s) => /from "comments"/.test(s) && /"depth"|"root_id"/.test(s))).toEqual([]);

    expect(aliceSees.filter((c) => c.liked).map((c) => c.id).sort()).toEqual([written[1], replyId].sort());
    const bobSees = flat((await bob.browser.get(url)).json().comments as Shown[]);
    expect(bobSees.filter((c) => c.liked).map((c) => c.id)).toEqual([written[1]]);
    const carolSees = flat((await carol.browser.get(url)).json().comments as Shown[]);
    expect(carolSees.filter((c) => c.liked)).toEqual([]);
    // Apart from the likes, everyone is shown the anonymous page.
    const strip = (cs: Shown[]) => JSON.parse(JSON.stringify(cs, (k, v: unknown) => (k === 'liked' ? undefined : v))) as Shown[];
    const anonSees = flat(anon.json().comments as Shown[]);
    expect(strip(aliceSees)).toEqual(anonSees);
    expect(strip(bobSees)).toEqual(anonSees);
    expect(carolSees).toEqual(anonSees);

    // A held comment (a link from a new commenter) is shown to its author only.
    const dave = await signedIn(t, { supporter: true, name: 'Dave' });
    const held = await dave.browser.post(url, { body: 'Full timetable here: https://example.org/timetable' });
    expect(held.statusCode).toBe(202);
    const heldId = (held.json() as { comment: { id: string } }).comment.id;
    const daveSees = flat((await dave.browser.get(url)).json().comments as Shown[]);
    expect(daveSees.find((c) => c.id === heldId)?.status).toBe('pending');
    // His page is kept for him until the thread changes: deleting the held comment changes it.
    expect(flat((await dave.browser.get(url)).json().comments as Shown[]).find((c) => c.id === heldId)?.status).toBe('pending');
    expect((await dave.browser.delete(`/api/comments/${heldId}`)).statusCode).toBe(204);
    expect(flat((await dave.browser.get(url)).json().comments as Shown[]).some((c) => c.id === heldId)).toBe(false);
    const heldAgain = await dave.browser.post(url, { body: 'The timetable again: https://example.org/timetable' });
    expect(heldAgain.statusCode).toBe(202);
    const heldAgainId = (heldAgain.json() as { comment: { id: string } }).comment.id;
    expect(flat((await dave.browser.get(url)).json().comments as Shown[]).find((c) => c.id === heldAgainId)?.status).toBe('pending');
    for (const other of [alice, bob]) expect(flat((await other.browser.get(url)).json().comments as Shown[]).some((c) => c.id === heldAgainId)).toBe(false);
    expect(flat((await t.app.inject({ method: 'GET', url })).json().comments as Shown[]).some((c) => c.id === heldAgainId)).toBe(false);

    // Over real connections, many at once: each reader gets exactly their own page every time, though
    // the buffers their pages are written into are used again as soon as a response has gone out.
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const readers = [alice, bob, carol];
    const expected = await Promise.all(readers.map(async (r) => (await r.browser.get(url)).body));
    const cookieOf = (r: (typeof readers)[number]) => [...r.browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    for (let round = 0; round < 5; round++) {
      const bodies = await Promise.all(Array.from({ length: 60 }, async (_, i) => (await fetch(`${address}${url}`, { headers: { cookie: cookieOf(readers[i % 3]!) } })).text()));
      bodies.forEach((b, i) => expect(b).toBe(expected[i % 3]));
    }
  });
});
