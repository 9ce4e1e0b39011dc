import { randomUUID } from 'node:crypto';
import type { EventDataMap, EventEnvelope } from '@storefleet/contracts';
import type { EventMap } from './event-bus.js';
import type { Queryable } from './db.js';
import type { Relay } from './relay.js';
import { currentTraceparent } from './tracing.js';

/** How long a relay may take to publish what it claimed before another may take it over. */
export const CLAIM_MS = 30_000;

/**
 * An event written by the very statement that makes its change (one round trip, no transaction):
 * put `insert(n)` in the statement as a CTE, pass `values` as its parameters $n..$n+5, and call
 * `written()` once the statement has succeeded.
 */
export interface StatementEvent {
  envelope: EventEnvelope;
  /** `INSERT INTO outbox ... SELECT $n, ..., $n+5`; append `FROM cte WHERE ...` to write it only when a row qualifies. */
  insert(firstParameter: number): string;
  values: unknown[];
  /** Hands the committed event to the relay. */
  written(): void;
}

/**
 * An event to publish: its type from the map and exactly the data that type's schema declares (a
 * union of such, one per type, so a type is never paired with another's data).
 */
export type OutboxEvent<M extends EventMap = EventDataMap, T extends keyof M & string = keyof M & string> = T extends unknown
  ? { type: T; subject?: string; data: M[T] }
  : never;

/**
 * A service's outbox: `add` inside the transaction that makes the change, or `inStatement` to write
 * the event in the change's own statement. Typed from the event catalog (EVENT_CATALOG in contracts).
 */
export interface Outbox<M extends EventMap = EventDataMap> {
  add(tx: Queryable, event: OutboxEvent<M>): Promise<EventEnvelope>;
  inStatement(event: OutboxEvent<M>): StatementEvent;
}

/**
 * With a `relay`, each event is written already claimed by it and handed over once committed, so it
 * is published from memory without being read back; if this process dies first, the claim expires and
 * any relay publishes the row. Without one, rows wait for a relay's pass.
 */
export function createOutbox<M extends EventMap = EventDataMap>(source: string, relay?: Pick<Relay, 'publishCommitted'>): Outbox<M> {
  function envelope({ type, subject, data }: { type: string; subject?: string; data: unknown }): EventEnvelope {
    const traceparent = currentTraceparent();
    const envelope: EventEnvelope = { specversion: '1.0', id: randomUUID(), type, source, subject, time: new Date().toISOString(), datacontenttype: 'application/json', data };
    // CloudEvents' distributed-tracing extension: a consumer's span links to the span that wrote the event.
    if (traceparent) envelope.traceparent = traceparent;
    return envelope;
  }
  const valuesOf = (event: EventEnvelope) => [event.id, event.type, event.source, event.subject ?? null, event.time, JSON.stringify(event.data)];
  const claimed = relay ? `now() + interval '${CLAIM_MS} milliseconds'` : 'NULL::timestamptz';
  const handOver = (event: EventEnvelope) => () => relay?.publishCommitted(event);

  return {
    async add(tx, input) {
      const event = envelope(input);
      await tx.query(`INSERT INTO outbox (id, type, source, subject, time, data, claimed_until) VALUES ($1, $2, $3, $4, $5, $6, ${claimed})`, valuesOf(event));
      if (tx.afterCommit) tx.afterCommit(handOver(event));
      else handOver(event)();
      return event;
    },
    inStatement(input) {
      const event = envelope(input);
      return {
        envelope: event,
        values: valuesOf(event),
        insert: (n) =>
          `INSERT INTO outbox (id, type, source, subject, time, data, claimed_until) SELECT $${n}::uuid, $${n + 1}::text, $${n + 2}::text, $${n + 3}::text, $${n + 4}::timestamptz, $${n + 5}::jsonb, ${claimed}`,
        written: handOver(event),
      };
    },
  };
}
