/* Group commit: concurrent small write transactions share one database commit.

   On SQLite every commit is an fsync (synchronous = FULL), and better-sqlite3 runs it on the main
   thread, so a node committing each new comment on its own spends most of a busy minute waiting
   for the disk with everything else stalled. Here the writes that arrive while a commit is under
   way queue up and go together into the next transaction, each in its own savepoint: one that
   fails is rolled back alone and its caller gets its error; the others commit. Every caller's
   promise settles only after the commit that holds its write returned, so an acknowledged write
   is on disk exactly as before. PostgreSQL gathers concurrent commits into one WAL flush by itself
   and its writes run on a pool of connections, so there each write is its own transaction. */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema';
import { collectAfterCommit, inTransaction, runAfterCommit } from './after-commit';

type Work<T> = (trx: Kysely<Database>) => Promise<T>;

interface Queued {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/* The savepoint statements, built once rather than by a template per write. */
const SAVEPOINT = CompiledQuery.raw('savepoint parley_write');
const RELEASE = CompiledQuery.raw('release savepoint parley_write');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint parley_write');

/** The most writes one commit takes; the rest wait for the next. */
const MAX_BATCH = 200;

export interface GroupCommitStats {
  commits: number;
  writes: number;
  /** Time the event loop spent in grouped transactions, their commits included (better-sqlite3 blocks it). */
  ms: number;
}

export interface GroupCommitter {
  /** Runs `work` in a transaction shared with other concurrent writes; resolves after that transaction committed. */
  run<T>(work: Work<T>): Promise<T>;
  readonly stats: GroupCommitStats;
}

export function createGroupCommitter(db: Kysely<Database>, enabled: boolean): GroupCommitter {
  const stats: GroupCommitStats = { commits: 0, writes: 0, ms: 0 };
  if (!enabled) {
    return {
      stats,
      async run<T>(work: Work<T>): Promise<T> {
        const result = await inTransaction(db, work);
        stats.commits += 1;
        stats.writes += 1;
        return result;
      },
    };
  }
  const queue: Queued[] = [];
  let flushing = false;

  async function flush(): Promise<void> {
    flushing = true;
    while (queue.length) {
      const batch = queue.splice(0, MAX_BATCH);
      // Each write's outcome and what it queued for after the commit (dropped with its savepoint on failure).
      const outcomes: Array<{ item: Queued; ok: true; value: unknown; then: Array<() => void> } | { item: Queued; ok: false; err: unknown }> = [];
      const started = performance.now();
      try {
        await db.transaction().execute(async (trx) => {
          for (const item of batch) {
            const then: Array<() => void> = [];
            collectAfterCommit(trx, then);
            await trx.executeQuery(SAVEPOINT);
            try {
              const value = await item.work(trx);
              await trx.executeQuery(RELEASE);
              outcomes.push({ item, ok: true, value, then });
            } catch (err) {
              await trx.executeQuery(ROLLBACK_TO);
              await trx.executeQuery(RELEASE);
              outcomes.push({ item, ok: false, err });
            }
          }
        });
      } catch (err) {
        // The commit itself failed: none of the batch is written.
        stats.ms += performance.now() - started;
        for (const item of batch) item.reject(err);
        continue;
      }
      stats.ms += performance.now() - started;
      stats.commits += 1;
      stats.writes += batch.length;
      for (const o of outcomes) {
        if (o.ok) {
          runAfterCommit(o.then);
          o.item.resolve(o.value);
        } else o.item.reject(o.err);
      }
    }
    flushing = false;
  }

  return {
    stats,
    run<T>(work: Work<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work: work as Work<unknown>, resolve: resolve as (v: unknown) => void, reject });
        // The first write waits one turn of the event loop for company; later ones join the queue
        // that the running flush drains as soon as its commit returns.
        if (!flushing) {
          flushing = true;
          setImmediate(() => void flush());
        }
      });
    },
  };
}
