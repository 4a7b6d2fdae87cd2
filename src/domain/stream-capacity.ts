/* How many live streams (Server-Sent Events) one node may hold. Each stream keeps a socket, so a
   file descriptor, open for as long as the reader stays; past the process's open-file limit the
   kernel refuses new connections and readers see resets instead of a clean "try again later".
   The cap leaves room for everything else: the database, Redis, mail, and ordinary HTTP requests. */

/** Descriptors the process needs whatever the traffic: stdio, the event loop, database files and pool, Redis, mail. */
export const FIXED_RESERVE = 64;
/** Share of the limit kept for ordinary HTTP connections (page views, API calls, keep-alive sockets). */
export const HTTP_SHARE = 0.2;
/** Streams a node holds at most even with a generous limit (memory and fan-out time). */
export const MAX_STREAMS = 15_000;

export interface StreamCapacity {
  /** Streams this node accepts; more are refused with 503 `too_many_streams`. */
  max: number;
  /** The open-file limit the cap comes from, or null when it could not be read. */
  openFileLimit: number | null;
  /** True when the open-file limit, not MAX_STREAMS, sets the cap: raising it allows more readers. */
  limitedByFiles: boolean;
}

export function streamCapacity(openFileLimit: number | null): StreamCapacity {
  if (openFileLimit === null || Number.isNaN(openFileLimit)) return { max: MAX_STREAMS, openFileLimit: null, limitedByFiles: false };
  if (openFileLimit === Number.POSITIVE_INFINITY) return { max: MAX_STREAMS, openFileLimit, limitedByFiles: false };
  const room = Math.floor(openFileLimit - FIXED_RESERVE - openFileLimit * HTTP_SHARE);
  const max = Math.max(0, Math.min(MAX_STREAMS, room));
  return { max, openFileLimit, limitedByFiles: room < MAX_STREAMS };
}
