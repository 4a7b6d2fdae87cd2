/* Buffers for response bodies made per request (a signed-in reader's page with their likes marked),
   used again once the response has been handed to the operating system. A new 50 KB buffer per read
   is memory outside the JavaScript heap, and the collector answers a stream of it with collections
   of the whole heap, several per second under load; a few buffers used over and over make none. */
import type { ServerResponse } from 'node:http';

/** Buffers are made in multiples of this, so that one fits the next page of about the same size. */
const STEP = 16 * 1024;
/** Free buffers kept at most (a burst of concurrent reads makes more, which are then let go). */
const KEEP = 64;

export class BodyPool {
  private readonly free: Buffer[] = [];

  /** A buffer of at least `length` bytes for the body of `res`, back in the pool once `res` has been sent. */
  take(length: number, res: ServerResponse): Buffer {
    const i = this.free.findIndex((b) => b.length >= length);
    const buf = (i >= 0 ? this.free.splice(i, 1)[0] : undefined) ?? Buffer.allocUnsafeSlow(Math.ceil(length / STEP) * STEP);
    // 'finish': the last of the body is with the operating system. A response cut off before that
    // never gives its buffer back (the socket may still hold it); the collector takes it.
    res.once('finish', () => {
      if (this.free.length < KEEP) this.free.push(buf);
    });
    return buf;
  }
}
