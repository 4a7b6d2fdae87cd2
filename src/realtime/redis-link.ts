import { Redis, type RedisOptions } from 'ioredis';

/* Parley's two connections to Redis (commands, and a subscriber for pub/sub) and what state they
   are in. Redis carries live events between nodes and shared rate limits; neither is worth waiting
   for. Commands fail at once while Redis is away (no offline queue, a short timeout) so that callers
   fall back to this node, the connections retry in the background for ever, and each change of
   state is logged once: lost, reconnecting, back. */

export type RedisLinkState = 'connecting' | 'up' | 'lost' | 'reconnecting';

export interface RedisLinkLog {
  info(msg: string): void;
  warn(msg: string): void;
}

export interface RedisLinkOptions {
  /** A command that takes longer than this counts as Redis being unavailable. */
  commandTimeoutMs?: number;
  /** Longest pause between reconnection attempts. */
  maxRetryDelayMs?: number;
}

export class RedisLink {
  readonly commands: Redis;
  readonly subscriber: Redis;
  private state_: RedisLinkState = 'connecting';
  private reason_: string | null = null;
  private lostAt_: number | null = null;
  private closed = false;
  /** A command timed out: the link stays down until Redis answers a PING again. */
  private suspect = false;
  private readonly resumeHandlers = new Set<(lostAtMs: number) => void>();
  private readonly readyHandlers = new Set<() => void>();

  constructor(
    private readonly url: string,
    private readonly log: RedisLinkLog,
    opts: RedisLinkOptions = {},
  ) {
    const maxDelay = opts.maxRetryDelayMs ?? 2000;
    const base: RedisOptions = {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: opts.commandTimeoutMs ?? 1000,
      connectTimeout: 2000,
      autoResubscribe: false,
      // Ready once connected: a start-up that keeps the event loop busy must not time out an INFO.
      enableReadyCheck: false,
      retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 10), maxDelay),
    };
    this.commands = new Redis(url, { ...base, connectionName: 'parley' });
    this.subscriber = new Redis(url, { ...base, connectionName: 'parley-sub' });
    for (const client of [this.commands, this.subscriber]) {
      // Without a listener ioredis prints every failed attempt as an "Unhandled error event".
      client.on('error', (err: Error) => {
        this.reason_ = err.message || err.name;
      });
      client.on('ready', () => this.update());
      client.on('close', () => this.update());
      client.on('end', () => this.update());
      client.on('reconnecting', () => this.onReconnecting());
    }
    this.subscriber.on('ready', () => {
      for (const h of this.readyHandlers) h();
    });
    // A socket that connects is not enough after a timeout (a hung Redis still accepts connections).
    this.commands.on('ready', () => {
      if (!this.suspect) return;
      this.commands.ping().then(
        () => {
          this.suspect = false;
          this.update();
        },
        () => this.commands.disconnect(true),
      );
    });
  }

  /** Both connections answer: events go through Redis and rate limits are shared. */
  get up(): boolean {
    return !this.suspect && this.commands.status === 'ready' && this.subscriber.status === 'ready';
  }

  get state(): RedisLinkState {
    return this.state_;
  }

  /** Why Redis is not up (the last connection error), or null when it is. */
  get reason(): string | null {
    return this.up ? null : (this.reason_ ?? 'not connected yet');
  }

  /** Where Redis is, without credentials, for log lines. */
  get where(): string {
    try {
      const u = new URL(this.url);
      return `${u.hostname}:${u.port || '6379'}`;
    } catch {
      return 'redis';
    }
  }

  /** Calls `handler` with the time Redis was lost whenever it comes back. */
  onResume(handler: (lostAtMs: number) => void): () => void {
    this.resumeHandlers.add(handler);
    return () => this.resumeHandlers.delete(handler);
  }

  /** Calls `handler` whenever the subscriber connection is (again) ready, so subscriptions are renewed. */
  onSubscriberReady(handler: () => void): () => void {
    this.readyHandlers.add(handler);
    return () => this.readyHandlers.delete(handler);
  }

  /**
   * Called by a caller whose command failed. A timed-out command means a connection that looks open
   * but does not answer (a network partition drops packets rather than closing sockets): drop it,
   * so that the link counts as down and callers stop waiting, and reconnect.
   */
  commandFailed(err: unknown): void {
    if (this.closed || !(err instanceof Error) || !/timed out/i.test(err.message)) return;
    this.reason_ = 'Redis does not answer';
    this.suspect = true;
    if (this.commands.status === 'ready') this.commands.disconnect(true);
    else this.update();
  }

  private update(): void {
    if (this.closed) return;
    if (this.up) {
      if (this.state_ === 'up') return;
      const lostAt = this.lostAt_;
      this.state_ = 'up';
      this.reason_ = null;
      this.lostAt_ = null;
      if (lostAt === null) this.log.info(`Redis at ${this.where} connected: live events and rate limits are shared with the other nodes`);
      else {
        this.log.warn(`Redis at ${this.where} is back after ${((Date.now() - lostAt) / 1000).toFixed(1)} s: live events and rate limits are shared again`);
        for (const h of this.resumeHandlers) h(lostAt);
      }
      return;
    }
    if (this.state_ === 'lost' || this.state_ === 'reconnecting') return;
    // connecting (first attempt failed) or up → lost
    if (this.state_ === 'connecting' && this.reason_ === null) return; // still on the first attempt
    this.state_ = 'lost';
    this.lostAt_ = Date.now();
    this.log.warn(`Redis at ${this.where} is unavailable (${this.reason_ ?? 'connection closed'}): this node keeps serving; live events reach only its own readers and rate limits are counted per node until Redis is back`);
  }

  private onReconnecting(): void {
    if (this.closed) return;
    this.update();
    if (this.state_ !== 'lost') return;
    this.state_ = 'reconnecting';
    this.log.warn(`Redis at ${this.where}: reconnecting in the background`);
  }

  close(): void {
    this.closed = true;
    this.commands.disconnect();
    this.subscriber.disconnect();
  }
}
