import type { AppContext } from '../context';
import type { ReplayItem } from '../../moderation/dry-run';
import { DAY } from '../../domain/clock';
import { commentsSince } from '../../store/comments';
import { rejectedSince } from '../../store/audit';
import { Type } from '@sinclair/typebox';
import { jsonReader } from '../../domain/json';

/** A refused comment's audit entry keeps its text (an entry without it has nothing to replay). */
const REJECTED_TEXT = jsonReader(Type.Object({ body: Type.String() }), 'refused comment entry');

/** Stored comments and rejected attempts (kept with their text in the audit log) of the last `days` days. */
export async function recentForReplay(ctx: AppContext, days: number): Promise<ReplayItem[]> {
  const since = new Date(ctx.clock.now().getTime() - days * DAY).toISOString();
  const [comments, rejected] = await Promise.all([
    commentsSince(ctx.db, since, 20_000),
    rejectedSince(ctx.db, since, 20_000),
  ]);
  const items: ReplayItem[] = comments.map((c) => ({ id: c.id, text: c.body, outcome: c.status }));
  for (const r of rejected) {
    const body = r.after === null ? undefined : REJECTED_TEXT.tryParse(r.after)?.body;
    if (body !== undefined) items.push({ id: r.id, text: body, outcome: 'rejected' });
  }
  return items;
}
