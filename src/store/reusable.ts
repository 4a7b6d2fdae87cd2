import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database } from './schema';

/**
 * A hot query built and compiled once per dialect, then run with each call's parameters.
 * Kysely builds and compiles every query anew, and on a small indexed read or write that costs
 * several times what the database takes to run it. `build` is called once with a placeholder for
 * each argument (so arguments are single values, not lists, and `build` must not look at them);
 * constants it puts in the query stay as they are. The compiled text is kept per dialect adapter,
 * which a database handle shares with its transactions, so a write run inside a new transaction
 * each time is compiled once too.
 */
export function reusableQuery<A extends unknown[], R>(build: (db: Kysely<Database>, ...args: A) => Compilable<R>): (db: Kysely<Database>, ...args: A) => Promise<R[]> {
  const compiled = compiler(build);
  return async (db, ...args) => (await db.executeQuery<R>(compiled(db, args))).rows;
}

/** Like reusableQuery, for a write: resolves with the number of rows it changed. */
export function reusableWrite<A extends unknown[]>(build: (db: Kysely<Database>, ...args: A) => Compilable<unknown>): (db: Kysely<Database>, ...args: A) => Promise<number> {
  const compiled = compiler(build);
  return async (db, ...args) => Number((await db.executeQuery(compiled(db, args))).numAffectedRows ?? 0);
}

type Slots = { sql: string; slots: Array<number | { value: unknown }> };

function compiler<A extends unknown[]>(build: (db: Kysely<Database>, ...args: A) => Compilable<unknown>): (db: Kysely<Database>, args: A) => CompiledQuery {
  const byAdapter = new WeakMap<object, Slots>();
  return (db, args) => {
    const adapter = db.getExecutor().adapter;
    let c = byAdapter.get(adapter);
    if (!c) {
      const placeholders = args.map((_, i) => `\u0000parley-arg-${i}`) as unknown as A;
      const q = build(db, ...placeholders).compile();
      c = {
        sql: q.sql,
        slots: q.parameters.map((p) => {
          const i = (placeholders as unknown[]).indexOf(p);
          return i >= 0 ? i : { value: p };
        }),
      };
      byAdapter.set(adapter, c);
    }
    const params = c.slots.map((s) => (typeof s === 'number' ? args[s] : s.value));
    return CompiledQuery.raw(c.sql, params);
  };
}
