/* Server-Sent Events for live discussion pages.

   One bus subscription per post per node, however many readers have that post open: the hub keeps
   the open streams of each post in a set and fans every event out in process, serialising it once.
   Heartbeats keep proxies from closing idle streams; `closeAll` ends every stream so that a graceful
   shutdown is not held up by readers who never leave.

   A stream starts with an `id:` cursor, so the browser's automatic reconnection sends it back as
   `Last-Event-ID`; the caller's replay then sends what the reader missed before live events resume.
   When the bus comes back after losing the other nodes, every topic replays the gap the same way. */

import type { ServerResponse } from 'node:http';
import type { BusEvent, EventBus } from './bus';

export interface SseHubOptions {
  heartbeatMs?: number;
  /** A reader whose unsent output grows past this is too slow to keep up and is dropped. */
  maxBufferedBytes?: number;
  /** SSE `retry:` advice to browsers, in ms. */
  retryMs?: number;
  /** Streams one node holds at most; more are refused with 503 (the browser retries later). */
  maxStreams?: number;
  /** A stream budget shared with other hubs of the process (overrides maxStreams). */
  slots?: StreamSlots;
}

/** Open streams against a cap, shared by every hub of a process (each stream holds a socket). */
export class StreamSlots {
  open = 0;
  constructor(readonly max: number) {}
}

/** The events of a channel since a moment, rebuilt by the caller (the database knows, any node). */
export type Replay = (sinceMs: number) => Promise<BusEvent[]>;

export interface OpenOptions {
  /** The SSE id that stands for "everything up to now" on this stream. */
  cursor?: string;
  /** The reader's last event time (from Last-Event-ID): replay from there before going live. */
  since?: number | null;
  replay?: Replay;
}

interface Topic {
  clients: Set<ServerResponse>;
  unsubscribe: () => void;
  replay?: Replay;
}

export class SseHub {
  private readonly topics = new Map<string, Topic>();
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;
  private readonly maxBuffered: number;
  private readonly retryMs: number;
  private readonly slots: StreamSlots;
  private open_ = 0;
  /** Streams still catching up: live frames wait here until their replay is written. */
  private readonly catchingUp = new Map<ServerResponse, string[]>();
  private readonly stopResume: (() => void) | undefined;

  constructor(private readonly bus: EventBus, opts: SseHubOptions = {}) {
    this.maxBuffered = opts.maxBufferedBytes ?? 1024 * 1024;
    this.retryMs = opts.retryMs ?? 3000;
    this.slots = opts.slots ?? new StreamSlots(opts.maxStreams ?? 15_000);
    this.heartbeat = setInterval(() => this.broadcastRaw(': heartbeat\n\n'), opts.heartbeatMs ?? 20_000);
    this.heartbeat.unref();
    this.stopResume = bus.onResume?.((lostAtMs) => void this.replayAll(lostAtMs));
  }

  /** Streams this node holds at most (over every hub sharing the budget). */
  get maxStreams(): number {
    return this.slots.max;
  }

  /** Readers connected to this node, over all posts. */
  get size(): number {
    return this.open_;
  }

  /** Number of bus subscriptions this node holds (one per post with readers). */
  get subscriptions(): number {
    return this.topics.size;
  }

  /**
   * Starts an event stream on `res` for `channel`. Resolves once the stream is live (its bus
   * subscription confirmed, the `: connected` comment sent); the stream ends when the client goes
   * away or the hub closes.
   */
  async open(channel: string, res: ServerResponse, opts: OpenOptions = {}): Promise<void> {
    if (this.closed || this.slots.open >= this.slots.max) {
      const error = this.closed ? { code: 'shutting_down', message: 'The server is restarting. Try again shortly.' } : { code: 'too_many_streams', message: 'Too many live readers on this server. Try again shortly.' };
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '5' }).end(JSON.stringify({ error }));
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.socket?.setNoDelay(true);
    res.socket?.setTimeout(0);
    let topic = this.topics.get(channel);
    if (!topic) {
      const clients = new Set<ServerResponse>();
      const unsubscribe = this.bus.subscribe(channel, (event) => this.fanOut(clients, event));
      topic = { clients, unsubscribe };
      this.topics.set(channel, topic);
    }
    const t = topic;
    t.replay ??= opts.replay;
    const replay = opts.replay && opts.since != null ? { from: opts.replay, since: opts.since } : null;
    const replaying = replay !== null;
    if (replaying) this.catchingUp.set(res, []);
    t.clients.add(res);
    this.open_ += 1;
    this.slots.open += 1;
    const leave = () => {
      this.catchingUp.delete(res);
      if (!t.clients.delete(res)) return;
      this.open_ -= 1;
      this.slots.open -= 1;
      if (t.clients.size === 0 && this.topics.get(channel) === t) {
        this.topics.delete(channel);
        t.unsubscribe();
      }
    };
    res.on('close', leave);
    await this.bus.whenSubscribed?.(channel);
    if (res.writableEnded || res.destroyed) return;
    res.write(`retry: ${this.retryMs}\n${opts.cursor ? `id: ${opts.cursor}\n` : ''}: connected\n\n`);
    if (!replaying) return;
    let missed: BusEvent[];
    try {
      missed = replay ? await replay.from(replay.since) : [];
    } catch {
      missed = [{ type: 'resync', data: {} }]; // the reader reloads the thread instead
    }
    const held = this.catchingUp.get(res) ?? [];
    this.catchingUp.delete(res);
    for (const event of missed) this.send(res, frameOf(event));
    for (const frame of held) this.send(res, frame);
  }

  /** Sends every reader what its channel missed since `sinceMs` (the bus was cut off from the other nodes). */
  async replayAll(sinceMs: number): Promise<void> {
    await Promise.all(
      [...this.topics.values()].map(async (t) => {
        if (!t.replay || !t.clients.size) return;
        try {
          const events = await t.replay(sinceMs);
          for (const e of events) this.fanOut(t.clients, e);
        } catch {
          // The readers keep their live stream; the next reconnection replays again.
        }
      }),
    );
  }

  private fanOut(clients: Set<ServerResponse>, event: BusEvent): void {
    const frame = frameOf(event);
    for (const res of clients) {
      const held = this.catchingUp.get(res);
      if (held) held.push(frame);
      else this.send(res, frame);
    }
  }

  private send(res: ServerResponse, frame: string): void {
    if (res.writableEnded || res.destroyed) return;
    if (res.writableLength > this.maxBuffered) {
      res.destroy(); // too slow: it reconnects and reloads the thread
      return;
    }
    res.write(frame);
  }

  private broadcastRaw(frame: string): void {
    for (const t of this.topics.values()) for (const res of t.clients) if (!this.catchingUp.has(res)) this.send(res, frame);
  }

  /** Ends every stream (server shutdown); new streams are refused with 503 from now on. */
  closeAll(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.stopResume?.();
    for (const [channel, t] of this.topics) {
      this.topics.delete(channel);
      t.unsubscribe();
      for (const res of t.clients) res.end();
      this.open_ -= t.clients.size;
      this.slots.open -= t.clients.size;
      t.clients.clear();
    }
  }
}

function frameOf(event: BusEvent): string {
  const id = event.id ? `id: ${event.id}\n` : '';
  return `${id}event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
