/* A node keeps the users of recent sessions in memory and checks them with one small query (or none
   while nothing was written). Whatever changes an account, its roles, its sanctions or its session
   shows on the next request all the same: written through this node's connection, through another
   connection to the same database (another process, or another node), or by the passing of time. */
import { afterEach, describe, expect, it } from 'vitest';
import { makeApp, PG_BASE_URL, signedIn, type TestApp } from '../helpers/harness';
import { makePost, relaxRateLimits } from '../helpers/discussion';
import { openStore, type Store } from '../../src/store/db';
import { HOUR } from '../../src/domain/clock';

interface Me {
  displayName: string;
  roles: string[];
  sanction: { state: string };
  supporter: { active: boolean };
}

/** Polls `read` until `ok` holds, for at most `ms` of real time; returns the last value read. */
async function within<T>(ms: number, read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const end = Date.now() + ms;
  let v = await read();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 10));
    v = await read();
  }
  return v;
}

const dialects = (['sqlite', 'postgres'] as const).filter((d) => d === 'sqlite' || PG_BASE_URL);

describe.each(dialects)('a signed-in request on %s', (dialect) => {
  let t: TestApp;
  let other: Store;
  afterEach(async () => {
    await other?.close();
    await t?.close();
  });

  it('sees every change to its account, roles, sanctions and session, from whichever connection', async () => {
    t = await makeApp({ db: dialect });
    await relaxRateLimits(t.ctx.db);
    other = openStore(t.config.databaseUrl);
    const post = await makePost(t.ctx.db, t.clock.now());
    const alice = await signedIn(t, { supporter: true, name: 'Alice' });
    const me = async () => (await alice.browser.get('/api/session')).json().user as Me | null;
    const first = (await me())!;
    expect(first.roles).toEqual(['reader']);
    expect(first.supporter.active).toBe(true);
    // Read twice, so the second comes from what the node keeps.
    expect((await me())!.displayName).toBe('Alice');

    // Through this node's own connection: the very next request.
    await t.ctx.db.updateTable('users').set({ display_name: 'Alice B.' }).where('id', '=', alice.user.id).execute();
    expect((await me())!.displayName).toBe('Alice B.');
    await t.ctx.db.updateTable('users').set({ supporter_until: null }).where('id', '=', alice.user.id).execute();
    expect((await me())!.supporter.active).toBe(false);

    // Through another connection: on SQLite within the tenth of a second between looks at other
    // writers' commits; on PostgreSQL at once (every request checks).
    const wait = dialect === 'sqlite' ? 1000 : 0;
    await other.db.insertInto('user_roles').values({ user_id: alice.user.id, role: 'moderator' }).execute();
    expect((await within(wait, me, (u) => u!.roles.includes('moderator')))!.roles).toEqual(['moderator', 'reader']);
    await other.db.updateTable('users').set({ supporter_until: '9999-12-31T23:59:59.999Z' }).where('id', '=', alice.user.id).execute();
    expect((await within(wait, me, (u) => u!.supporter.active))!.supporter.active).toBe(true);

    const now = t.clock.now();
    await other.db
      .insertInto('sanctions')
      .values({ id: 'ban1', user_id: alice.user.id, kind: 'ban', starts_at: now.toISOString(), ends_at: null, reason: 'spam', comment_id: null, created_by: null, created_at: now.toISOString(), lifted_at: null, lifted_by: null, lift_reason: null })
      .execute();
    expect((await within(wait, me, (u) => u!.sanction.state === 'banned'))!.sanction.state).toBe('banned');
    const refused = await alice.browser.post(`/api/posts/${post.slug}/comments`, { body: 'Still here, whatever the moderators think.' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('banned');

    // A suspension ends by the clock alone, with nothing written.
    await t.ctx.db.updateTable('sanctions').set({ kind: 'suspension', ends_at: new Date(now.getTime() + HOUR).toISOString() }).where('id', '=', 'ban1').execute();
    expect((await me())!.sanction.state).toBe('suspended');
    t.clock.advance(2 * HOUR);
    expect((await me())!.sanction.state).toBe('none');
    expect((await alice.browser.post(`/api/posts/${post.slug}/comments`, { body: 'Back after my hour out.' })).statusCode).toBe(201);

    // The session ended elsewhere (signed out on another node, or every session ended by a password change).
    await other.db.deleteFrom('sessions').where('user_id', '=', alice.user.id).execute();
    expect(await within(wait, me, (u) => u === null)).toBeNull();
  });

  it('ends at its expiry time, and a session of a deleted account ends on its next request', async () => {
    t = await makeApp({ db: dialect });
    const bob = await signedIn(t, { name: 'Bob' });
    const me = async () => (await bob.browser.get('/api/session')).json().user as Me | null;
    expect((await me())!.displayName).toBe('Bob');
    t.clock.advance(31 * 24 * HOUR);
    expect(await me()).toBeNull();

    t.clock.advance(-31 * 24 * HOUR);
    const carol = await signedIn(t, { name: 'Carol' });
    const carolMe = async () => (await carol.browser.get('/api/session')).json().user as Me | null;
    expect((await carolMe())!.displayName).toBe('Carol');
    await t.ctx.db.updateTable('users').set({ deleted_at: t.clock.now().toISOString() }).where('id', '=', carol.user.id).execute();
    expect(await carolMe()).toBeNull();
    // Its session row is gone with it.
    expect(await t.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', carol.user.id).execute()).toEqual([]);
  });
});
