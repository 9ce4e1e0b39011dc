import type { EventEnvelope } from '@storefleet/contracts';
import type { Db, Queryable } from './db.js';

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
