import { moderationActivity } from './overview';

/* The store functions that read a lot at once (aggregates over weeks of activity). On SQLite they run
   in a worker thread on its own read-only connection (store/reader.ts), since better-sqlite3 holds
   the thread for the whole statement; each takes the database first, then arguments that survive
   structured cloning, and returns plain data. */
export const HEAVY_READS = { moderationActivity };

export type HeavyReads = typeof HEAVY_READS;
export type HeavyReadName = keyof HeavyReads;
