import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

/* Events for live pages. One node: an in-process emitter. Many nodes: Redis pub/sub, so a comment
   posted through one node reaches the SSE streams open on every other. */

export type BusHandler = (event: BusEvent) => void;

export interface BusEvent {
  type: string;
  data: unknown;
  /** Optional event id (SSE `id:` line), the same on every node. */
  id?: string;
}

export interface EventBus {
  publish(channel: string, event: BusEvent): Promise<void>;
  subscribe(channel: string, handler: BusHandler): () => void;
  /** Resolves once events published on `channel` from any node reach this node's subscribers. */
  whenSubscribed?(channel: string): Promise<void>;
  close(): Promise<void>;
}

export function createMemoryBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(channel, event) {
      emitter.emit(channel, event);
    },
    subscribe(channel, handler) {
      emitter.on(channel, handler);
      return () => emitter.off(channel, handler);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

export function createRedisBus(url: string, prefix = 'parley:'): EventBus {
  const pub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const sub = new Redis(url, { lazyConnect: false });
  const local = createMemoryBus();
  const counts = new Map<string, number>();
  const ready = new Map<string, Promise<void>>();
  sub.on('message', (channel: string, message: string) => {
    try {
      void local.publish(channel.slice(prefix.length), JSON.parse(message) as BusEvent);
    } catch {
      // A malformed message from another process is dropped rather than crashing this one.
    }
  });
  return {
    async publish(channel, event) {
      await pub.publish(prefix + channel, JSON.stringify(event));
    },
    subscribe(channel, handler) {
      const n = counts.get(channel) ?? 0;
      counts.set(channel, n + 1);
      if (n === 0) {
        ready.set(
          channel,
          sub.subscribe(prefix + channel).then(
            () => undefined,
            () => undefined,
          ),
        );
      }
      const off = local.subscribe(channel, handler);
      return () => {
        off();
        const left = (counts.get(channel) ?? 1) - 1;
        if (left <= 0) {
          counts.delete(channel);
          ready.delete(channel);
          void sub.unsubscribe(prefix + channel).catch(() => undefined);
        } else counts.set(channel, left);
      };
    },
    whenSubscribed(channel) {
      return ready.get(channel) ?? Promise.resolve();
    },
    async close() {
      await local.close();
      sub.disconnect();
      pub.disconnect();
    },
  };
}
