import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database } from './schema';

/**
 * A hot query built and compiled once per database handle, then run with each call's parameters.
 * Kysely builds and compiles every query anew, and on a small indexed read that costs several times
 * what the database takes to answer it. `build` is called once with a placeholder for each argument
 * (so arguments are single values, not lists); constants it puts in the query stay as they are.
 */
export function reusableQuery<A extends string[], R>(build: (db: Kysely<Database>, ...args: A) => Compilable<R>): (db: Kysely<Database>, ...args: A) => Promise<R[]> {
  const compiled = new WeakMap<Kysely<Database>, { sql: string; slots: Array<number | { value: unknown }> }>();
  return async (db, ...args) => {
    let c = compiled.get(db);
    if (!c) {
      const placeholders = args.map((_, i) => `\u0000parley-arg-${i}`) as A;
      const q = build(db, ...placeholders).compile();
      c = {
        sql: q.sql,
        slots: q.parameters.map((p) => {
          const i = placeholders.indexOf(p as string);
          return i >= 0 ? i : { value: p };
        }),
      };
      compiled.set(db, c);
    }
    const params = c.slots.map((s) => (typeof s === 'number' ? args[s] : s.value));
    return (await db.executeQuery<R>(CompiledQuery.raw(c.sql, params))).rows;
  };
}
