import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@storefleet/contracts';

export type { EventEnvelope };

export type EventHandler = (event: EventEnvelope) => Promise<void>;
/** Handles the matching events of one delivery together, in publication order. */
export type EventBatchHandler = (events: EventEnvelope[]) => Promise<void>;

/** Carries published events to subscribers; in-process here, Redis Streams in distributed mode. */
export interface EventBus {
  publish(event: EventEnvelope): Promise<void>;
  /** Publishes `events` in order, together; rejects if a subscriber failed any of them. */
  publishAll(events: EventEnvelope[]): Promise<void>;
  /**
   * `group` names the consumer (one delivery per group); `types` may end in `*` (`product.*`).
   * Returns the unsubscribe function: an app calls it when it closes.
   */
  subscribe(group: string, types: string[], handler: EventHandler): () => void;
  /**
   * Like `subscribe`, for a handler that is cheaper once per batch (one statement for many events).
   * A batch that fails is delivered again one event at a time, so one bad event holds no other back.
   */
  subscribeBatch(group: string, types: string[], handler: EventBatchHandler): () => void;
  /**
   * Hands the matching events to `handler` in this process, whichever replica of any group also gets
   * them: for state that every process keeps for itself (a revocation list). Nothing is recorded or
   * retried, so the handler must not fail, and it must be idempotent: on Redis it is also handed the
   * events of the minute before it started, so that none published while it starts falls between it
   * and a load of the state made earlier. Returns the unsubscribe function.
   */
  broadcast(types: string[], handler: EventHandler): () => void;
  close(): Promise<void>;
}

/** A per-event handler as a batch handler: the events one after the other. */
export function oneByOne(handler: EventHandler): EventBatchHandler {
  return async (events) => {
    for (const event of events) await handler(event);
  };
}

/** True when `type` is one of `patterns`; a pattern ending in `*` matches by prefix. */
export function matchesEventType(patterns: string[], type: string): boolean {
  return patterns.some((p) => (p.endsWith('*') ? type.startsWith(p.slice(0, -1)) : p === type));
}

/**
 * In-process bus: publishing resolves once every matching subscriber has handled the events, and
 * rejects if one failed, so the relay keeps them and delivers them again (at least once; the relay
 * delivers a failed batch again one event at a time). A service's subscriptions (createSubscriptions)
 * fail only when they cannot record a failed event for their own retry, so one group's failure does not
 * reach the others.
 */
export function createInProcessBus(): EventBus {
  const subscriptions: { group: string; types: string[]; handler: EventBatchHandler }[] = [];
  const bus: EventBus = {
    publish: (event) => bus.publishAll([event]),
    async publishAll(events) {
      const deliveries = subscriptions.map((s) => [s, events.filter((event) => matchesEventType(s.types, event.type))] as const);
      const results = await Promise.allSettled(deliveries.filter(([, matching]) => matching.length).map(([s, matching]) => s.handler(matching)));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
    subscribe: (group, types, handler) => bus.subscribeBatch(group, types, oneByOne(handler)),
    // One process: a broadcast is a group of its own.
    broadcast: (types, handler) => bus.subscribe(`broadcast-${randomUUID()}`, types, handler),
    subscribeBatch(group, types, handler) {
      const subscription = { group, types, handler };
      subscriptions.push(subscription);
      return () => {
        const index = subscriptions.indexOf(subscription);
        if (index >= 0) subscriptions.splice(index, 1);
      };
    },
    async close() {
      subscriptions.length = 0;
    },
  };
  return bus;
}
