import { randomUUID } from 'node:crypto';
import type { EventDataMap, EventEnvelope } from '@storefleet/contracts';

export type { EventEnvelope };

/**
 * Event types and the data each carries. Storefleet's is EventDataMap (from EVENT_CATALOG in
 * contracts), the default everywhere; AnyEvents is for tests of the plumbing with made-up types.
 */
export type EventMap = Record<string, unknown>;
export type AnyEvents = Record<string, unknown>;

type TypeOf<M> = keyof M & string;
type PrefixOf<T> = T extends `${infer Prefix}.${string}` ? Prefix : never;
type Loose<M> = string extends TypeOf<M> ? true : false;

/** What a subscription names: an event type, a family (`order.*`) or every event (`*`). */
export type EventPattern<M extends EventMap = EventDataMap> = Loose<M> extends true ? string : TypeOf<M> | `${PrefixOf<TypeOf<M>>}.*` | '*';

/** The event types a pattern matches. */
export type MatchedBy<M extends EventMap, P extends string> = Loose<M> extends true
  ? string
  : P extends '*'
    ? TypeOf<M>
    : P extends `${infer Prefix}*`
      ? Extract<TypeOf<M>, `${Prefix}${string}`>
      : Extract<P, TypeOf<M>>;

/** An event of type T with the data its schema declares (a union of types gives a union of such events). */
export type EventOf<M extends EventMap = EventDataMap, T extends TypeOf<M> = TypeOf<M>> = T extends unknown
  ? Omit<EventEnvelope, 'type' | 'data'> & { type: T; data: M[T] }
  : never;

/** A handler of the events `patterns` match, typed from the map. */
export type EventHandler<E = EventEnvelope> = (event: E) => Promise<void>;
/** Handles the matching events of one delivery together, in publication order. */
export type EventBatchHandler<E = EventEnvelope> = (events: E[]) => Promise<void>;

/**
 * Carries published events to subscribers; in-process here, Redis Streams in distributed mode.
 * Publishing takes envelopes as the relay reads them from the outbox (written typed by outbox.add);
 * subscribing names patterns of the map's types, and the handler gets those events with their data typed.
 */
export interface EventBus<M extends EventMap = EventDataMap> {
  publish(event: EventEnvelope): Promise<void>;
  /** Publishes `events` in order, together; rejects if a subscriber failed any of them. */
  publishAll(events: EventEnvelope[]): Promise<void>;
  /**
   * `group` names the consumer (one delivery per group); `types` may end in `*` (`product.*`).
   * Returns the unsubscribe function: an app calls it when it closes.
   */
  subscribe<P extends EventPattern<M>>(group: string, types: readonly P[], handler: EventHandler<EventOf<M, MatchedBy<M, P>>>): () => void;
  /**
   * Like `subscribe`, for a handler that is cheaper once per batch (one statement for many events).
   * A batch that fails is delivered again one event at a time, so one bad event holds no other back.
   */
  subscribeBatch<P extends EventPattern<M>>(group: string, types: readonly P[], handler: EventBatchHandler<EventOf<M, MatchedBy<M, P>>>): () => void;
  /**
   * Hands the matching events to `handler` in this process, whichever replica of any group also gets
   * them: for state that every process keeps for itself (a revocation list). Nothing is recorded or
   * retried, so the handler must not fail, and it must be idempotent: on Redis it is also handed the
   * events of the minute before it started, so that none published while it starts falls between it
   * and a load of the state made earlier. Returns the unsubscribe function.
   */
  broadcast<P extends EventPattern<M>>(types: readonly P[], handler: EventHandler<EventOf<M, MatchedBy<M, P>>>): () => void;
  close(): Promise<void>;
}

/**
 * A typed handler as a transport keeps it, taking envelopes. Sound because a transport hands it only
 * events of the types its patterns match, whose data their publishers wrote against the map (typed by
 * outbox.add; the SQL functions that write events are checked against the catalog by test).
 */
export function untyped<E>(handler: EventBatchHandler<E>): EventBatchHandler {
  return handler as unknown as EventBatchHandler;
}

/** A per-event handler as a batch handler: the events one after the other. */
export function oneByOne<E>(handler: EventHandler<E>): EventBatchHandler<E> {
  return async (events) => {
    for (const event of events) await handler(event);
  };
}

/** True when `type` is one of `patterns`; a pattern ending in `*` matches by prefix (`*` alone: every type). */
export function matchesEventType(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => (p.endsWith('*') ? type.startsWith(p.slice(0, -1)) : p === type));
}

/**
 * In-process bus: publishing resolves once every matching subscriber has handled the events, and
 * rejects if one failed, so the relay keeps them and delivers them again (at least once; the relay
 * delivers a failed batch again one event at a time). A service's subscriptions (createSubscriptions)
 * fail only when they cannot record a failed event for their own retry, so one group's failure does not
 * reach the others.
 */
export function createInProcessBus<M extends EventMap = EventDataMap>(): EventBus<M> {
  const subscriptions: { group: string; types: readonly string[]; handler: EventBatchHandler }[] = [];
  const bus: EventBus<M> = {
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
      const subscription = { group, types, handler: untyped(handler) };
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
