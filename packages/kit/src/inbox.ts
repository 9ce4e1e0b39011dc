import type { EventEnvelope } from '@storefleet/contracts';
import type { Db, Queryable } from './db.js';

/**
 * Runs a handler at most once per event id for one consumer: the inbox row and the handler's
 * writes commit together, so a redelivered event is skipped. `fn` gets the event as the subscription
 * typed it (its data per the event catalog).
 */
export function createInbox(db: Db, consumer: string) {
  return async function handleOnce<E extends Pick<EventEnvelope, 'id'>>(event: E, fn: (tx: Queryable, event: E) => Promise<void>): Promise<boolean> {
    return db.tx(async (tx) => {
      const { rowCount } = await tx.query('INSERT INTO inbox (event_id, consumer) VALUES ($1, $2) ON CONFLICT DO NOTHING', [event.id, consumer]);
      if (!rowCount) return false;
      await fn(tx, event);
      return true;
    });
  };
}
