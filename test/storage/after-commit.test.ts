import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openStore, type Store } from '../../src/store/db';
import { createGroupCommitter } from '../../src/store/group-commit';
import { afterCommit, inTransaction } from '../../src/store/after-commit';
import { setSetting } from '../../src/store/settings';

/* Work queued with afterCommit runs once its transaction committed, and never for a write that rolled back. */
describe('after-commit work', () => {
  let store: Store;
  beforeAll(async () => {
    store = openStore('sqlite::memory:');
    await migrate(store);
  });
  afterAll(async () => store.close());

  it('runs after inTransaction commits, and not at all when it rolls back', async () => {
    const ran: string[] = [];
    await inTransaction(store.db, async (trx) => {
      await setSetting(trx, 'after-commit-a', 1);
      afterCommit(trx, () => ran.push('a'));
      expect(ran).toEqual([]); // not before the commit
    });
    expect(ran).toEqual(['a']);
    await expect(
      inTransaction(store.db, async (trx) => {
        await setSetting(trx, 'after-commit-b', 1);
        afterCommit(trx, () => ran.push('b'));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(ran).toEqual(['a']);
  });

  it('in a grouped commit, runs for the writes that committed and drops a write rolled back to its savepoint', async () => {
    const writes = createGroupCommitter(store.db, true);
    const ran: string[] = [];
    const write = (name: string, fail: boolean) =>
      writes.run(async (trx) => {
        await setSetting(trx, `grouped-${name}`, 1);
        afterCommit(trx, () => ran.push(name));
        if (fail) throw new Error(`${name} refused`);
        return name;
      });
    const results = await Promise.allSettled([write('first', false), write('second', true), write('third', false)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(writes.stats.commits).toBe(1); // the three shared one commit
    expect(ran).toEqual(['first', 'third']);
  });
});
