/* Server-Sent Events for live discussion pages.

   One bus subscription per post per node, however many readers have that post open: the hub keeps
   the open streams of each post in a set and fans every event out in process, serialising it once.
   Heartbeats keep proxies from closing idle streams; `closeAll` ends every stream so that a graceful
   shutdown is not held up by readers who never leave. */

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
}

interface Topic {
  clients: Set<ServerResponse>;
  unsubscribe: () => void;
}

export class SseHub {
  private readonly topics = new Map<string, Topic>();
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;
  private readonly maxBuffered: number;
  private readonly retryMs: number;
  private readonly maxStreams: number;
  private open_ = 0;

  constructor(private readonly bus: EventBus, opts: SseHubOptions = {}) {
    this.maxBuffered = opts.maxBufferedBytes ?? 1024 * 1024;
    this.retryMs = opts.retryMs ?? 3000;
    this.maxStreams = opts.maxStreams ?? 15_000;
    this.heartbeat = setInterval(() => this.broadcastRaw(': heartbeat\n\n'), opts.heartbeatMs ?? 20_000);
    this.heartbeat.unref();
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
  async open(channel: string, res: ServerResponse): Promise<void> {
    if (this.closed || this.open_ >= this.maxStreams) {
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
    t.clients.add(res);
    this.open_ += 1;
    const leave = () => {
      if (!t.clients.delete(res)) return;
      this.open_ -= 1;
      if (t.clients.size === 0 && this.topics.get(channel) === t) {
        this.topics.delete(channel);
        t.unsubscribe();
      }
    };
    res.on('close', leave);
    await this.bus.whenSubscribed?.(channel);
    if (!res.writableEnded && !res.destroyed) res.write(`retry: ${this.retryMs}\n: connected\n\n`);
  }

  private fanOut(clients: Set<ServerResponse>, event: BusEvent): void {
    const id = event.id ? `id: ${event.id}\n` : '';
    const frame = `${id}event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
    for (const res of clients) this.send(res, frame);
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
    for (const t of this.topics.values()) for (const res of t.clients) this.send(res, frame);
  }

  /** Ends every stream (server shutdown); new streams are refused with 503 from now on. */
  closeAll(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const [channel, t] of this.topics) {
      this.topics.delete(channel);
      t.unsubscribe();
      for (const res of t.clients) res.end();
      this.open_ -= t.clients.size;
      t.clients.clear();
    }
  }
}
