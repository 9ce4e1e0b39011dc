import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@storefleet/contracts';
import type { Db, KitLogger, Queryable } from './db.js';

export type { EventEnvelope };

export type EventHandler = (event: EventEnvelope) => Promise<void>;

/** Carries published events to subscribers; in-process here, Redis Streams in distributed mode. */
export interface EventBus {
  publish(event: EventEnvelope): Promise<void>;
  /**
   * `group` names the consumer (one delivery per group); `types` may end in `*` (`product.*`).
   * Returns the unsubscribe function: an app calls it when it closes.
   */
  subscribe(group: string, types: string[], handler: EventHandler): () => void;
  close(): Promise<void>;
}

/** True when `type` is one of `patterns`; a pattern ending in `*` matches by prefix. */
export function matchesEventType(patterns: string[], type: string): boolean {
  return patterns.some((p) => (p.endsWith('*') ? type.startsWith(p.slice(0, -1)) : p === type));
}

/**
 * In-process bus: publish resolves once every matching subscriber has handled the event, and
 * rejects if one failed, so the relay keeps the event and delivers it again (at least once).
 */
export function createInProcessBus(): EventBus {
  const subscriptions: { group: string; types: string[]; handler: EventHandler }[] = [];
  return {
    async publish(event) {
      const targets = subscriptions.filter((s) => matchesEventType(s.types, event.type));
      const results = await Promise.allSettled(targets.map((s) => s.handler(event)));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
    subscribe(group, types, handler) {
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
}

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
  /** Tells the relay the row is committed. */
  written(): void;
}

/**
 * A service's outbox: `add` inside the transaction that makes the change, or `inStatement` to write
 * the event in the change's own statement.
 */
export interface Outbox {
  add(tx: Queryable, event: { type: string; subject?: string; data: unknown }): Promise<EventEnvelope>;
  inStatement(event: { type: string; subject?: string; data: unknown }): StatementEvent;
}

export function createOutbox(source: string, onAdded: () => void = () => undefined): Outbox {
  function envelope({ type, subject, data }: { type: string; subject?: string; data: unknown }): EventEnvelope {
    return { specversion: '1.0', id: randomUUID(), type, source, subject, time: new Date().toISOString(), datacontenttype: 'application/json', data };
  }
  const valuesOf = (event: EventEnvelope) => [event.id, event.type, event.source, event.subject ?? null, event.time, JSON.stringify(event.data)];

  return {
    async add(tx, input) {
      const event = envelope(input);
      await tx.query('INSERT INTO outbox (id, type, source, subject, time, data) VALUES ($1, $2, $3, $4, $5, $6)', valuesOf(event));
      // The relay looks as soon as the row is visible, i.e. after the commit.
      if (tx.afterCommit) tx.afterCommit(onAdded);
      else setImmediate(onAdded);
      return event;
    },
    inStatement(input) {
      const event = envelope(input);
      return {
        envelope: event,
        values: valuesOf(event),
        insert: (n) =>
          `INSERT INTO outbox (id, type, source, subject, time, data) SELECT $${n}::uuid, $${n + 1}::text, $${n + 2}::text, $${n + 3}::text, $${n + 4}::timestamptz, $${n + 5}::jsonb`,
        written: onAdded,
      };
    },
  };
}

interface OutboxRow {
  id: string;
  type: string;
  source: string;
  subject: string | null;
  time: Date;
  data: unknown;
}

export interface Relay {
  /** Publishes what is waiting now; returns how many were published. */
  drain(): Promise<number>;
  /** Asks for a pass soon (after `kickDelayMs`): kicks in the meantime share that one pass. */
  kick(): void;
  stop(): Promise<void>;
}

/**
 * Moves committed outbox rows to the bus, oldest first. A pass claims a batch in one statement (replicas
 * skip each other's rows), publishes it, and marks what was delivered in one more; a failed publish is
 * unclaimed and retried with the next pass, and a claim left by a relay that died expires after `claimMs`.
 */
export function createRelay(options: { db: Db; bus: EventBus; log: KitLogger; intervalMs?: number; batch?: number; kickDelayMs?: number; claimMs?: number }): Relay {
  const { db, bus, log } = options;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = false;

  async function pass(): Promise<number> {
    const { rows } = await db.query<OutboxRow>(
      `UPDATE outbox SET claimed_until = now() + $2 * interval '1 millisecond'
        WHERE id IN (SELECT id FROM outbox
                      WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                      ORDER BY time, id LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, type, source, subject, time, data`,
      [options.batch ?? 100, options.claimMs ?? 30_000],
    );
    rows.sort((a, b) => a.time.getTime() - b.time.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const published: string[] = [];
    for (const row of rows) {
      const event: EventEnvelope = {
        specversion: '1.0',
        id: row.id,
        type: row.type,
        source: row.source,
        subject: row.subject ?? undefined,
        time: row.time.toISOString(),
        datacontenttype: 'application/json',
        data: row.data,
      };
      try {
        await bus.publish(event);
        published.push(row.id);
      } catch (err) {
        log.warn({ err, event_id: row.id, type: row.type }, 'event delivery failed; will retry');
        await db.query('UPDATE outbox SET attempts = attempts + 1, last_error = $2, claimed_until = NULL WHERE id = $1', [row.id, String((err as Error).message ?? err)]);
      }
    }
    // One statement marks the whole batch.
    if (published.length) {
      await db.query('UPDATE outbox SET published_at = now(), claimed_until = NULL, attempts = attempts + 1, last_error = NULL WHERE id = ANY ($1::uuid[])', [published]);
    }
    return published.length;
  }

  async function drain(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        try {
          total += await pass();
        } catch (err) {
          if (!stopped) log.warn({ err }, 'outbox relay pass failed');
        }
      } while (again && !stopped);
      return total;
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  const timer = setInterval(() => void drain(), options.intervalMs ?? 1000);
  // Under load many transactions add events within a few ms: one pass (one transaction) publishes them all.
  let kicked: NodeJS.Timeout | undefined;
  const kickDelayMs = options.kickDelayMs ?? 5;
  timer.unref();
  return {
    drain,
    kick() {
      if (kicked || stopped) return;
      kicked = setTimeout(() => {
        kicked = undefined;
        void drain();
      }, kickDelayMs);
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(kicked);
      await running;
    },
  };
}

/**
 * Runs a handler at most once per event id for one consumer: the inbox row and the handler's
 * writes commit together, so a redelivered event is skipped.
 */
export function createInbox(db: Db, consumer: string) {
  return async function handleOnce(event: EventEnvelope, fn: (tx: Queryable) => Promise<void>): Promise<boolean> {
    return db.tx(async (tx) => {
      const { rowCount } = await tx.query('INSERT INTO inbox (event_id, consumer) VALUES ($1, $2) ON CONFLICT DO NOTHING', [event.id, consumer]);
      if (!rowCount) return false;
      await fn(tx);
      return true;
    });
  };
}
