import type { Db, Outbox } from '@storefleet/kit';
import type { CreateReservation, Reservation, ReservationLine, ReservationStatus, StockShortage } from '@storefleet/contracts';
import { commitAction, normalizeLines, outOfStock, reservationNotFound } from '../domain/reservation.js';
import { INVENTORY_PUBLISHES } from '../events.js';
import { announceEvents } from './stock-changes.js';

interface ReservationRow {
  order_id: string;
  status: ReservationStatus;
  lines: ReservationLine[];
  expires_at: Date | null;
}

/** A row of reserve_stock / commit_reservation / release_reservation (migrations/002). */
interface StepRow extends ReservationRow {
  outcome: 'created' | 'existing' | 'out_of_stock' | 'done' | 'as_is' | 'not_found';
  shortages?: StockShortage[] | null;
}

const COLUMNS = 'order_id, status, lines, expires_at';

function toReservation(row: ReservationRow): Reservation {
  return { order_id: row.order_id, status: row.status, lines: row.lines, expires_at: row.expires_at ? row.expires_at.toISOString() : null };
}

/**
 * Reservations of stock for orders, idempotent by order id. Each step is one statement calling a
 * function of migrations/002, which locks the reservation row first and then the stock rows in SKU
 * order (concurrent calls queue and never deadlock), takes units only through a conditional UPDATE
 * (never more than available) and writes movements and events with the change. One statement means
 * the hot stock row of a popular SKU is locked only for that statement and its commit.
 * @example const reservations = createReservationsStore(db, { outbox, kick: relay.kick, ttlSeconds: 900 })
 */
export function createReservationsStore(db: Db, { outbox, kick, ttlSeconds }: { outbox: Outbox; kick: () => void; ttlSeconds: number }) {
  async function step(text: string, values: unknown[]): Promise<StepRow> {
    const { rows } = await db.query<StepRow>(text, values);
    const row = rows[0]!;
    if (row.outcome === 'created' || row.outcome === 'done') announceEvents(db, kick);
    return row;
  }

  return {
    /**
     * Holds stock for an order, all lines or none. `created` is false when the order already had a hold
     * or a sale (answered as is); a released or restocked reservation is held again with the given lines.
     */
    async reserve(input: CreateReservation): Promise<{ reservation: Reservation; created: boolean }> {
      const lines = normalizeLines(input.lines);
      const ttl = input.expires === false ? null : ttlSeconds;
      const row = await step(`SELECT outcome, ${COLUMNS}, shortages FROM reserve_stock($1, $2::text[], $3::int[], $4::jsonb, $5::int)`, [
        input.order_id, lines.map((l) => l.sku), lines.map((l) => l.quantity), JSON.stringify(lines), ttl,
      ]);
      if (row.outcome === 'out_of_stock') throw outOfStock(row.shortages ?? []);
      return { reservation: toReservation(row), created: row.outcome === 'created' };
    },

    /** held → committed: the units leave on_hand as a sale. */
    async commit(orderId: string): Promise<Reservation> {
      const row = await step(`SELECT outcome, ${COLUMNS} FROM commit_reservation($1)`, [orderId]);
      if (row.outcome === 'not_found') throw reservationNotFound(orderId);
      // Not held: committed is answered as is, a released hold is refused.
      if (row.outcome === 'as_is') commitAction(orderId, row.status);
      return toReservation(row);
    },

    /** held → released; committed → restocked; otherwise as is. */
    async release(orderId: string): Promise<Reservation> {
      const row = await step(`SELECT outcome, ${COLUMNS} FROM release_reservation($1)`, [orderId]);
      if (row.outcome === 'not_found') throw reservationNotFound(orderId);
      return toReservation(row);
    },

    async get(orderId: string): Promise<Reservation | undefined> {
      const { rows } = await db.query<ReservationRow>(`SELECT ${COLUMNS} FROM reservations WHERE order_id = $1`, [orderId]);
      return rows[0] && toReservation(rows[0]);
    },

    /**
     * Releases one held reservation past its expiry, emitting inventory.reservation_expired.
     * SKIP LOCKED lets replicas sweep together, and skips a hold being committed right now.
     */
    async expireOne(): Promise<Reservation | undefined> {
      return db.tx(async (tx) => {
        const { rows } = await tx.query<ReservationRow>(
          `SELECT ${COLUMNS} FROM reservations WHERE status = 'held' AND expires_at <= now()
            ORDER BY expires_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        );
        const row = rows[0];
        if (!row) return undefined;
        const released = await tx.query<StepRow>(`SELECT outcome, ${COLUMNS} FROM release_reservation($1)`, [row.order_id]);
        await outbox.add(tx, { type: INVENTORY_PUBLISHES.reservationExpired, subject: row.order_id, data: { order_id: row.order_id, lines: row.lines } });
        return toReservation(released.rows[0]!);
      });
    },
  };
}

export type ReservationsStore = ReturnType<typeof createReservationsStore>;
