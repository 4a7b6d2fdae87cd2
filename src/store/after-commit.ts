/* Work that must follow a transaction's commit and never its rollback: this process's notices that a
   thread changed (they drop cached pages and post heads, which a reader must not refill from the
   database before the change is visible there). Store functions queue it on the transaction they
   were handed; `inTransaction` and the group committer run it once that transaction committed. */
import type { Kysely } from 'kysely';
import type { Database } from './schema';

type Db = Kysely<Database>;

/** The queue of each transaction opened here (or of the write running in the group committer's savepoint). */
const queues = new WeakMap<Db, Array<() => void>>();

/** Runs `fn` once the transaction `trx` commits; at once when `trx` is not a transaction opened here (autocommit). */
export function afterCommit(trx: Db, fn: () => void): void {
  const queue = queues.get(trx);
  if (queue) queue.push(fn);
  else fn();
}

/** Makes `afterCommit(trx, …)` queue into `queue` from now on (the group committer gives each write its own). */
export function collectAfterCommit(trx: Db, queue: Array<() => void>): void {
  queues.set(trx, queue);
}

/** Runs what a committed transaction queued. */
export function runAfterCommit(queue: ReadonlyArray<() => void>): void {
  for (const fn of queue) fn();
}

/** One transaction; what its work queued with afterCommit runs after the commit, and not at all on rollback. */
export async function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  const queue: Array<() => void> = [];
  const result = await db.transaction().execute((trx) => {
    collectAfterCommit(trx, queue);
    return work(trx);
  });
  runAfterCommit(queue);
  return result;
}
