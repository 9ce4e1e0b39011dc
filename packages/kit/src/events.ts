import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@storefleet/contracts';
import type { Db, KitLogger, Queryable } from './db.js';

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

/** How long a relay may take to publish what it claimed before another may take it over. */
const CLAIM_MS = 30_000;

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
 * A service's outbox: `add` inside the transaction that makes the change, or `inStatement` to write
 * the event in the change's own statement.
 */
export interface Outbox {
  add(tx: Queryable, event: { type: string; subject?: string; data: unknown }): Promise<EventEnvelope>;
  inStatement(event: { type: string; subject?: string; data: unknown }): StatementEvent;
}

/**
 * With a `relay`, each event is written already claimed by it and handed over once committed, so it
 * is published from memory without being read back; if this process dies first, the claim expires and
 * any relay publishes the row. Without one, rows wait for a relay's pass.
 */
export function createOutbox(source: string, relay?: Pick<Relay, 'publishCommitted'>): Outbox {
  function envelope({ type, subject, data }: { type: string; subject?: string; data: unknown }): EventEnvelope {
    return { specversion: '1.0', id: randomUUID(), type, source, subject, time: new Date().toISOString(), datacontenttype: 'application/json', data };
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

interface OutboxRow {
  id: string;
  type: string;
  source: string;
  subject: string | null;
  time: Date;
  data: unknown;
  /** Insertion order (INT8, parsed as a number). */
  position: number;
}

export interface Relay {
  /** Publishes what is waiting now (handed over, and in the outbox) and marks it; returns how many were published. */
  drain(): Promise<number>;
  /**
   * Asks for a pass over the outbox soon (after `passDelayMs`), for rows written without the outbox (in
   * SQL); the kicks that come meanwhile join that pass.
   */
  kick(): void;
  /** Publishes soon (after `kickDelayMs`) an event this relay's outbox wrote, claimed, and committed. */
  publishCommitted(event: EventEnvelope): void;
  stop(): Promise<void>;
}

/**
 * Moves committed outbox rows to the bus. Events handed over by the outbox are published from memory
 * in batches; a pass over the table (on `kick`, and every `intervalMs`) claims in one statement what
 * nobody holds (replicas skip each other's rows), in the order they were written. A failed publish is
 * unclaimed and retried by the next pass, and the claim of a relay that died expires after 30 s.
 *
 * Published events are marked in one statement per `markDelayMs` (or per `batch` events), not one per
 * run: until marked they stay claimed, so nobody publishes them again, and if the process dies before
 * marking them, they are published again once their claim expires (consumers skip a redelivered id).
 */
export function createRelay(options: {
  db: Db;
  bus: EventBus;
  log: KitLogger;
  intervalMs?: number;
  batch?: number;
  kickDelayMs?: number;
  passDelayMs?: number;
  markDelayMs?: number;
}): Relay {
  const { db, bus, log } = options;
  const batch = options.batch ?? 100;
  const handedOver: EventEnvelope[] = [];
  const unmarked: string[] = [];
  let markTimer: NodeJS.Timeout | undefined;

  /** Marks the events published so far as published, in one statement. */
  async function markPublished(): Promise<void> {
    clearTimeout(markTimer);
    markTimer = undefined;
    const ids = unmarked.splice(0);
    if (!ids.length) return;
    try {
      await db.query('UPDATE outbox SET published_at = now(), claimed_until = NULL, attempts = attempts + 1, last_error = NULL WHERE id = ANY ($1::uuid[])', [ids]);
    } catch (err) {
      log.warn({ err, events: ids.length }, 'could not mark published events; they are published again when their claims expire');
    }
  }

  function published(id: string): void {
    unmarked.push(id);
    if (unmarked.length >= batch) void markPublished();
    else markTimer ??= setTimeout(() => void markPublished(), options.markDelayMs ?? 500);
  }
  let passWanted = false;
  let running: Promise<number> | undefined;
  let stopped = false;

  /**
   * Publishes `events` in order, together; if that fails, one at a time. The delivered ones are marked
   * published soon, the others unclaimed now.
   */
  async function publish(events: EventEnvelope[]): Promise<number> {
    if (events.length > 1) {
      try {
        await bus.publishAll(events);
        for (const event of events) published(event.id);
        return events.length;
      } catch (err) {
        log.warn({ err, events: events.length }, 'batch delivery failed; delivering its events one at a time');
      }
    }
    let delivered = 0;
    for (const event of events) {
      try {
        await bus.publish(event);
        published(event.id);
        delivered++;
      } catch (err) {
        log.warn({ err, event_id: event.id, type: event.type }, 'event delivery failed; will retry');
        await db.query('UPDATE outbox SET attempts = attempts + 1, last_error = $2, claimed_until = NULL WHERE id = $1', [event.id, String((err as Error).message ?? err)]);
      }
    }
    return delivered;
  }

  async function pass(): Promise<number> {
    const { rows } = await db.query<OutboxRow>(
      `UPDATE outbox SET claimed_until = now() + interval '${CLAIM_MS} milliseconds'
        WHERE id IN (SELECT id FROM outbox
                      WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                      ORDER BY position LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, type, source, subject, time, data, position`,
      [batch],
    );
    // RETURNING keeps no order: put the rows back in the order they were written.
    rows.sort((a, b) => a.position - b.position);
    return publish(
      rows.map((row) => ({
        specversion: '1.0', id: row.id, type: row.type, source: row.source, subject: row.subject ?? undefined,
        time: row.time.toISOString(), datacontenttype: 'application/json', data: row.data,
      })),
    );
  }

  /** Works until nothing is handed over and no pass is wanted; one run at a time. */
  function run(): Promise<number> {
    if (running) return running;
    // The run below awaits at least once, so it cannot clear `running` before it is set.
    if ((!handedOver.length && !passWanted) || stopped) return Promise.resolve(0);
    running = (async () => {
      let total = 0;
      while ((handedOver.length || passWanted) && !stopped) {
        try {
          if (handedOver.length) total += await publish(handedOver.splice(0));
          if (passWanted) {
            passWanted = false;
            total += await pass();
          }
        } catch (err) {
          if (!stopped) log.warn({ err }, 'outbox relay pass failed');
        }
      }
      // Reset in the same synchronous step as the last check: work asked for later starts a new run.
      running = undefined;
      return total;
    })();
    return running;
  }

  const timer = setInterval(() => {
    passWanted = true;
    void run();
  }, options.intervalMs ?? 1000);
  timer.unref();
  /** Calls `fire` once, `ms` after the first of any number of requests made meanwhile. */
  function coalesced(ms: number, fire: () => void) {
    let pending: NodeJS.Timeout | undefined;
    return {
      request(): void {
        if (pending || stopped) return;
        pending = setTimeout(() => {
          pending = undefined;
          fire();
        }, ms);
      },
      cancel: () => clearTimeout(pending),
    };
  }
  // Under load many transactions commit events within a few ms: one run publishes them all.
  const publishSoon = coalesced(options.kickDelayMs ?? 5, () => void run());
  // A pass costs a statement whatever it finds: the kicks of a busy service's writes share one pass per
  // `passDelayMs` (50 ms by default), not one pass each.
  const passSoon = coalesced(options.passDelayMs ?? 50, () => {
    passWanted = true;
    void run();
  });

  return {
    async drain() {
      passWanted = true;
      // A run in progress may have made its last check already: then run again once it ends.
      const total = (running ? await running : 0) + (await run());
      await markPublished();
      return total;
    },
    kick() {
      passSoon.request();
    },
    publishCommitted(event) {
      handedOver.push(event);
      publishSoon.request();
    },
    async stop() {
      clearInterval(timer);
      publishSoon.cancel();
      passSoon.cancel();
      // What was handed over is published now rather than after its claim expires.
      passWanted = false;
      await running;
      await run();
      stopped = true;
      await markPublished();
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
