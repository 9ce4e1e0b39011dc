import type { EventEnvelope } from '@storefleet/contracts';
import type { Db, KitLogger } from './db.js';
import type { EventBus, EventMap } from './event-bus.js';
import { CLAIM_MS } from './outbox.js';

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
  // Publishing is untyped (envelopes read back from the outbox), so a bus of any event map does.
  bus: Pick<EventBus<EventMap>, 'publish' | 'publishAll'>;
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
