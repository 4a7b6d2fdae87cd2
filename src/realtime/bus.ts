import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

/* Events for live pages. One node: an in-process emitter. Many nodes: Redis pub/sub, so a comment
   posted through one node reaches the SSE streams open on every other. */

export type BusHandler = (event: BusEvent) => void;

export interface BusEvent {
  type: string;
  data: unknown;
}

export interface EventBus {
  publish(channel: string, event: BusEvent): Promise<void>;
  subscribe(channel: string, handler: BusHandler): () => void;
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
      if (n === 0) void sub.subscribe(prefix + channel);
      const off = local.subscribe(channel, handler);
      return () => {
        off();
        const left = (counts.get(channel) ?? 1) - 1;
        if (left <= 0) {
          counts.delete(channel);
          void sub.unsubscribe(prefix + channel);
        } else counts.set(channel, left);
      };
    },
    async close() {
      await local.close();
      sub.disconnect();
      pub.disconnect();
    },
  };
}
