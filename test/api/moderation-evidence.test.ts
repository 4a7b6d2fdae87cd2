/**
 * The automated checks over HTTP, as a supporter meets them: abuse aimed at a group, a person or the reader
 * is refused with its evidence (the words, whom they are aimed at, how they are used); counter-speech,
 * negated hatred, innocent senses and criticism of the powerful are published; a held comment's evidence
 * reaches its author's statement of reasons.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, signedIn, type TestApp, type Browser } from '../helpers/harness';
import { makePost, relaxRateLimits } from '../helpers/discussion';

describe('automated moderation over HTTP, with its evidence', () => {
  let t: TestApp;
  let supporter: Browser;
  let slug: string;
  beforeAll(async () => {
    t = await makeApp();
    await relaxRateLimits(t.ctx.db);
    slug = (await makePost(t.ctx.db, t.clock.now())).slug;
    supporter = (await signedIn(t, { supporter: true })).browser;
  });
  afterAll(async () => t?.close());

  const post = (body: string) => supporter.post(`/api/posts/${slug}/comments`, { body });
  type Phrase = { text: string; kind: string; target?: string; use?: string; why?: string };

  it.each([
    ['Someone should put a bullet in every one of those asylum seekers', 'abuse', /refused: “put a bullet” \(a threat\) aimed at a group \(immigrants and refugees\)/],
    ['Roma are parasites, all of them', 'abuse', /refused: “parasites” \(a dehumanising comparison\) aimed at a group \(Roma and Travellers\)/],
    ['You are a f.u.c.k.i.n.g disgrace', 'profanity', /refused: “f\.u\.c\.k\.i.*” \(profanity\) aimed at you/],
  ])('refuses %j and says why', async (text, code, why) => {
    const res = await post(text);
    expect(res.statusCode, res.body).toBe(422);
    const error = res.json().error as { code: string; message: string; phrases: Phrase[] };
    expect(error.code).toBe(code);
    expect(error.phrases.map((p) => p.why).join('\n')).toMatch(why);
  });

  it.each([
    "The councillor's post calling Roma parasites was vile and he should go",
    'Nobody here hates Muslims; we disagree about a policy',
    'The dyke along the estuary failed in the storm',
    'The Chancellor has lied to us about the deficit for a year',
    'The council cut 455 jobs last year',
  ])('publishes %j', async (text) => {
    const res = await post(text);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().comment.status).toBe('published');
  });

  it("shows a held comment's evidence in its author's statement of reasons", async () => {
    const res = await post('Immigrants should all be sent back where they came from.');
    expect(res.statusCode, res.body).toBe(202);
    const page = await supporter.get('/account/moderation');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Evidence');
    expect(page.body).toMatch(/held: “sent back” \(exclusion\) aimed at a group \(immigrants and refugees\)/);
  });
});
