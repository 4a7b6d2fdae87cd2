/* Community flags on comments. */

import type { Selectable } from 'kysely';
import type { FlagsTable } from './schema';
import type { Db } from './users';

export type Flag = Selectable<FlagsTable>;

export async function hasOpenFlags(db: Db, commentId: string): Promise<boolean> {
  const row = await db.selectFrom('flags').select('id').where('comment_id', '=', commentId).where('resolution', 'is', null).limit(1).executeTakeFirst();
  return !!row;
}

/** Records a flag; a second one by the same user on the same comment fails on the unique index. */
export async function insertFlag(db: Db, row: Flag): Promise<void> {
  await db.insertInto('flags').values(row).execute();
}

/** The summed weight of a comment's open flags. */
export async function openFlagWeight(db: Db, commentId: string): Promise<number> {
  const sum = await db
    .selectFrom('flags')
    .select((eb) => eb.fn.sum<number>('weight').as('total'))
    .where('comment_id', '=', commentId)
    .where('resolution', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(sum.total ?? 0);
}

/** A comment's open flags with their flaggers' current reliability. */
export async function openFlagsWithFlaggers(db: Db, commentId: string): Promise<Array<{ id: string; user_id: string; flag_reliability: number }>> {
  return db
    .selectFrom('flags')
    .innerJoin('users', 'users.id', 'flags.user_id')
    .select(['flags.id', 'flags.user_id', 'users.flag_reliability'])
    .where('flags.comment_id', '=', commentId)
    .where('flags.resolution', 'is', null)
    .execute();
}

export async function resolveFlag(db: Db, id: string, resolution: 'upheld' | 'rejected'): Promise<void> {
  await db.updateTable('flags').set({ resolution }).where('id', '=', id).execute();
}
