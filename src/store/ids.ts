import { randomBytes } from 'node:crypto';

/* Time-ordered opaque ids (ULID layout: 48-bit milliseconds + 80 random bits, Crockford base32).
   Sorting ids sorts by creation time, which the comment indexes rely on; ids made in the same
   millisecond by one process still increase. */

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
let lastTime = -1;
let lastRandom: Uint8Array = new Uint8Array(10);

/* Random bytes drawn from the system 40 KB at a time: one draw per id cost more than the rest of
   making it (every new comment, session and audit entry makes one). */
let pool = Buffer.alloc(0);
let poolAt = 0;
function randomTen(): Uint8Array {
  if (poolAt + 10 > pool.length) {
    pool = randomBytes(10 * 4096);
    poolAt = 0;
  }
  poolAt += 10;
  return pool.subarray(poolAt - 10, poolAt);
}

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

function increment(bytes: Uint8Array): Uint8Array {
  const next = new Uint8Array(bytes);
  for (let i = next.length - 1; i >= 0; i--) {
    const byte = next[i] ?? 0;
    if (byte === 255) next[i] = 0;
    else {
      next[i] = byte + 1;
      break;
    }
  }
  return next;
}

export function newId(now: number = Date.now()): string {
  if (now <= lastTime) {
    lastRandom = increment(lastRandom);
    now = lastTime;
  } else {
    lastTime = now;
    lastRandom = new Uint8Array(randomTen());
  }
  return encodeTime(now) + encodeRandom(lastRandom);
}

/** The smallest id that could have been made at `ms`: for "created before" cursors on ids. */
export function idFloor(ms: number): string {
  return encodeTime(ms) + '0'.repeat(16);
}

/** A time-ordered id for a moment in the past (imports keep original dates and their order). */
export function idAt(ms: number): string {
  return encodeTime(ms) + encodeRandom(randomTen());
}

/** The millisecond an id was made at, or null when `id` is not one of these ids. */
export function idTime(id: string): number | null {
  if (!/^[0-9a-hjkmnp-tv-z]{26}$/.test(id)) return null;
  let ms = 0;
  for (const ch of id.slice(0, 10)) ms = ms * 32 + ALPHABET.indexOf(ch);
  return ms <= Date.UTC(9999, 0) ? ms : null;
}
