import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { RedisLink } from './redis-link';
import { Type } from '@sinclair/typebox';
import { jsonReader } from '../domain/json';

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
  /** Calls `handler` with the time the link to other nodes was lost, whenever it comes back. */
  onResume?(handler: (lostAtMs: number) => void): () => void;
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

/**
 * Events through Redis pub/sub, delivered to this node's own subscribers at once (not round the
 * Redis loop), so that readers on this node keep getting them while Redis is away. Messages carry
 * the sending node's id so that a node skips its own when Redis echoes them back.
 */
/** An event as another node sends it over Redis: the event and the sending process's origin. */
const BUS_MESSAGE = jsonReader(Type.Object({ type: Type.String(), data: Type.Unknown(), id: Type.Optional(Type.String()), origin: Type.Optional(Type.String()) }), 'bus message');

export function createRedisBus(link: RedisLink, prefix = 'parley:'): EventBus {
  const origin = randomBytes(8).toString('hex');
  const local = createMemoryBus();
  const counts = new Map<string, number>();
  const ready = new Map<string, Promise<void>>();
  const sub = link.subscriber;
  const subscribeRemote = (channel: string): Promise<void> => {
    if (sub.status !== 'ready') return Promise.resolve(); // renewed when the subscriber is ready again
    return sub.subscribe(prefix + channel).then(
      () => undefined,
      () => undefined,
    );
  };
  const stopRenewing = link.onSubscriberReady(() => {
    for (const channel of counts.keys()) ready.set(channel, subscribeRemote(channel));
  });
  const onMessage = (channel: string, message: string) => {
    // A malformed message from another process is dropped rather than crashing this one.
    const parsed = BUS_MESSAGE.tryParse(message);
    if (!parsed) return;
    const { origin: from, ...event } = parsed;
    if (from === origin) return;
    void local.publish(channel.slice(prefix.length), event);
  };
  sub.on('message', onMessage);
  return {
    async publish(channel, event) {
      await local.publish(channel, event);
      if (!link.up) return; // other nodes miss it; they replay from the database when Redis is back
      try {
        await link.commands.publish(prefix + channel, JSON.stringify({ ...event, origin }));
      } catch (err) {
        // Lost between the check and the command: RedisLink logs the state change.
        link.commandFailed(err);
      }
    },
    subscribe(channel, handler) {
      const n = counts.get(channel) ?? 0;
      counts.set(channel, n + 1);
      if (n === 0) ready.set(channel, subscribeRemote(channel));
      const off = local.subscribe(channel, handler);
      return () => {
        off();
        const left = (counts.get(channel) ?? 1) - 1;
        if (left <= 0) {
          counts.delete(channel);
          ready.delete(channel);
          if (sub.status === 'ready') void sub.unsubscribe(prefix + channel).catch(() => undefined);
        } else counts.set(channel, left);
      };
    },
    whenSubscribed(channel) {
      return ready.get(channel) ?? Promise.resolve();
    },
    onResume(handler) {
      return link.onResume(handler);
    },
    async close() {
      stopRenewing();
      sub.off('message', onMessage);
      await local.close();
    },
  };
}
