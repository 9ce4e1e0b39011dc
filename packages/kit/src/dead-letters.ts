import type { DeadLetter, EventEnvelope } from '@storefleet/contracts';
import type { Db, KitLogger } from './db.js';
import { AppError } from './errors.js';
import type { EventBatchHandler } from './event-bus.js';

export interface DeadLetters {
  /**
   * The handler to give the bus for `group`: it runs `handler`, and writes each event that fails (the
   * batch goes again one event at a time) to `dead_letters` for a retry, so the bus sees it delivered and
   * never delivers it again to the other groups. It rejects only if that write fails (database down):
   * then the bus delivers the events again, as it does for any subscriber that fails.
   */
  guard(group: string, handler: EventBatchHandler): EventBatchHandler;
  /** The parked events, oldest failure first. */
  list(): Promise<DeadLetter[]>;
  /** How many events each group has parked (groups with none are absent). */
  countByGroup(): Promise<Map<string, number>>;
  /** Runs the parked event's handler again now: deletes it if it succeeds, else keeps it and throws a 409. */
  replay(id: string): Promise<void>;
  /** Deletes a parked event without handling it. */
  discard(id: string): Promise<void>;
  /** Retries the events whose retry is due (the timer calls it); returns how many it tried. */
  retryDue(): Promise<number>;
  stop(): Promise<void>;
}

interface Row {
  id: string;
  consumer_group: string;
  event: EventEnvelope;
  error: string;
  attempts: number;
  first_failed_at: Date;
  last_failed_at: Date;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err)) || 'failed';

/**
 * One set of delivery rules for every bus: each subscriber group of this service retries its own failed
 * events every `retryMs` (the row is the retry's state, so it survives a restart and replicas share the
 * work), and after `maxAttempts` failures of one event parks it as a dead letter and moves on.
 * @example const deadLetters = createDeadLetters({ db, log, maxAttempts: 10, retryMs: 30_000 }); bus.subscribeBatch(group, types, deadLetters.guard(group, handler))
 */
export function createDeadLetters(options: { db: Db; log: KitLogger; maxAttempts: number; retryMs: number }): DeadLetters {
  const { db, log, maxAttempts, retryMs } = options;
  const handlers = new Map<string, EventBatchHandler>();
  // How long a retry (or a replay) owns its row: if the process dies meanwhile, the row is retried after it.
  const claimMs = Math.max(retryMs, 30_000);

  function logged(group: string, event: EventEnvelope, err: unknown, attempts: number, parked: boolean): void {
    const fields = { err, event_id: event.id, type: event.type, group, attempts };
    if (parked) log.error(fields, 'event handler failed too often; the event is parked as a dead letter');
    else log.warn(fields, 'event handler failed; will retry');
  }

  async function failed(group: string, event: EventEnvelope, err: unknown): Promise<void> {
    // A redelivery (the bus lost an acknowledgement) of an event already here counts as one more attempt.
    const { rows } = await db.query<{ attempts: number; parked: boolean }>(
      `INSERT INTO dead_letters (consumer_group, event_id, event, error, attempts, retry_at)
       VALUES ($1, $2, $3, $4, 1, CASE WHEN $5::int <= 1 THEN NULL ELSE now() + $6::int * interval '1 millisecond' END)
       ON CONFLICT (consumer_group, event_id) DO UPDATE SET
         attempts = dead_letters.attempts + 1, error = EXCLUDED.error, last_failed_at = now(),
         retry_at = CASE WHEN dead_letters.retry_at IS NULL OR dead_letters.attempts + 1 >= $5::int THEN NULL ELSE dead_letters.retry_at END
       RETURNING attempts, retry_at IS NULL AS parked`,
      [group, event.id, JSON.stringify(event), messageOf(err), maxAttempts, retryMs],
    );
    logged(group, event, err, rows[0]!.attempts, rows[0]!.parked);
  }

  /** Records one more failure of a row being retried or replayed; parks it at the limit, or at once with `park`. */
  async function failedAgain(row: Pick<Row, 'id' | 'consumer_group' | 'event'>, err: unknown, park: boolean): Promise<void> {
    const { rows } = await db.query<{ attempts: number; parked: boolean }>(
      `UPDATE dead_letters SET attempts = attempts + 1, error = $2, last_failed_at = now(),
         retry_at = CASE WHEN $3::boolean OR attempts + 1 >= $4::int THEN NULL ELSE now() + $5::int * interval '1 millisecond' END
       WHERE id = $1 RETURNING attempts, retry_at IS NULL AS parked`,
      [row.id, messageOf(err), park, maxAttempts, retryMs],
    );
    if (rows[0]) logged(row.consumer_group, row.event, err, rows[0].attempts, rows[0].parked);
  }

  let running: Promise<number> | undefined;
  let stopped = false;
  async function retryDue(): Promise<number> {
    if (!handlers.size) return 0;
    const { rows } = await db.query<Row>(
      `UPDATE dead_letters SET retry_at = now() + $2::int * interval '1 millisecond'
        WHERE id IN (SELECT id FROM dead_letters WHERE retry_at <= now() AND consumer_group = ANY ($1::text[])
                      ORDER BY retry_at LIMIT 100 FOR UPDATE SKIP LOCKED)
        RETURNING id, consumer_group, event`,
      [[...handlers.keys()], claimMs],
    );
    for (const row of rows) {
      try {
        await handlers.get(row.consumer_group)!([row.event]);
        await db.query('DELETE FROM dead_letters WHERE id = $1', [row.id]);
      } catch (err) {
        await failedAgain(row, err, false);
      }
    }
    return rows.length;
  }
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = retryDue()
      .catch((err: unknown) => {
        log.warn({ err }, 'could not retry failed events; will try again');
        return 0;
      })
      .finally(() => (running = undefined));
  }, Math.max(5, Math.floor(retryMs / 2)));
  timer.unref();

  return {
    guard(group, handler) {
      handlers.set(group, handler);
      return async (events) => {
        try {
          await handler(events);
          return;
        } catch (err) {
          if (events.length === 1) return failed(group, events[0]!, err);
        }
        for (const event of events) await handler([event]).catch((err: unknown) => failed(group, event, err));
      };
    },
    async list() {
      const { rows } = await db.query<Row>(
        `SELECT id, consumer_group, event, error, attempts, first_failed_at, last_failed_at
           FROM dead_letters WHERE retry_at IS NULL ORDER BY last_failed_at, id`,
      );
      return rows.map((row) => ({
        id: row.id, group: row.consumer_group, event: row.event, error: row.error, attempts: row.attempts,
        first_failed_at: row.first_failed_at.toISOString(), last_failed_at: row.last_failed_at.toISOString(),
      }));
    },
    async countByGroup() {
      const { rows } = await db.query<{ consumer_group: string; parked: number }>(
        'SELECT consumer_group, count(*)::int AS parked FROM dead_letters WHERE retry_at IS NULL GROUP BY consumer_group',
      );
      return new Map(rows.map((row) => [row.consumer_group, row.parked]));
    },
    async replay(id) {
      const { rows } = await db.query<Row>(
        `UPDATE dead_letters SET retry_at = now() + $2::int * interval '1 millisecond'
          WHERE id = $1 AND retry_at IS NULL RETURNING id, consumer_group, event`,
        [id, claimMs],
      );
      const row = rows[0];
      if (!row) throw new AppError('not_found', `There is no dead letter ${id}`);
      const handler = handlers.get(row.consumer_group);
      try {
        if (!handler) throw new Error(`this service no longer subscribes the group ${row.consumer_group}`);
        await handler([row.event]);
      } catch (err) {
        await failedAgain(row, err, true);
        throw new AppError('conflict', `The event failed again in ${row.consumer_group}: ${messageOf(err)}`);
      }
      await db.query('DELETE FROM dead_letters WHERE id = $1', [row.id]);
    },
    async discard(id) {
      const { rowCount } = await db.query('DELETE FROM dead_letters WHERE id = $1 AND retry_at IS NULL', [id]);
      if (!rowCount) throw new AppError('not_found', `There is no dead letter ${id}`);
    },
    retryDue,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
