import { createBatcher, type Db, type Outbox } from '@storefleet/kit';
import type { StockShortage } from '@storefleet/contracts';
import type { CreateReservation, Reservation, ReservationLine, ReservationStatus } from '@storefleet/contracts/internal';
import { commitAsIs, normalizeLines, outOfStock, reservationNotFound } from '../domain/reservation.js';
import { INVENTORY_PUBLISHES } from '../events.js';
import { announceEvents } from './stock-changes.js';

interface ReservationRow {
  order_id: string;
  status: ReservationStatus;
  lines: ReservationLine[];
  expires_at: Date | null;
}

/** A row of reserve_stock / commit_reservation / release_reservation (sql/). */
interface StepRow extends ReservationRow {
  outcome: 'created' | 'existing' | 'out_of_stock' | 'done' | 'as_is' | 'not_found';
  shortages?: StockShortage[] | null;
}

/** One step for reservation_steps (sql/reservation_steps.sql); lines and ttl are for reserve only. */
interface Step {
  kind: 'reserve' | 'commit' | 'release';
  orderId: string;
  lines?: ReservationLine[];
  ttlSeconds?: number | null;
}

const COLUMNS = 'order_id, status, lines, expires_at';

function toReservation(row: ReservationRow): Reservation {
  return { order_id: row.order_id, status: row.status, lines: row.lines, expires_at: row.expires_at ? row.expires_at.toISOString() : null };
}

/**
 * Reservations of stock for orders, idempotent by order id. The rules of each step are a function in
 * sql/ (reserve_stock, commit_reservation, release_reservation), which locks the reservation row first
 * and then the stock rows in SKU order, takes units only through a conditional UPDATE (never more than
 * available) and writes movements and events with the change. Steps go to the database in batches,
 * one batch at a time (sql/reservation_steps.sql): under load the steps that queued while a batch ran
 * share one statement and one commit, so the hot stock row of a popular SKU is locked once for all of
 * them instead of each waiting for it inside PostgreSQL.
 * @example const reservations = createReservationsStore(db, { outbox, kick: relay.kick, ttlSeconds: 900 })
 */
export function createReservationsStore(db: Db, { outbox, kick, ttlSeconds }: { outbox: Outbox; kick: () => void; ttlSeconds: number }) {
  const steps = createBatcher(async (batch: Step[]): Promise<StepRow[]> => {
    const { rows } = await db.query<StepRow>(
      `SELECT outcome, ${COLUMNS}, shortages FROM reservation_steps($1::text[], $2::uuid[], $3::jsonb[], $4::int[]) ORDER BY step`,
      [batch.map((s) => s.kind), batch.map((s) => s.orderId), batch.map((s) => (s.lines ? JSON.stringify(s.lines) : null)), batch.map((s) => s.ttlSeconds ?? null)],
    );
    if (rows.some((row) => row.outcome === 'created' || row.outcome === 'done')) announceEvents(db, kick);
    return rows;
  });

  return {
    /**
     * Holds stock for an order, all lines or none. `created` is false when the order already had a hold
     * or a sale (answered as is); a released or restocked reservation is held again with the given lines.
     */
    async reserve(input: CreateReservation): Promise<{ reservation: Reservation; created: boolean }> {
      const lines = normalizeLines(input.lines);
      const row = await steps.run({ kind: 'reserve', orderId: input.order_id, lines, ttlSeconds: input.expires === false ? null : ttlSeconds });
      if (row.outcome === 'out_of_stock') throw outOfStock(row.shortages ?? []);
      return { reservation: toReservation(row), created: row.outcome === 'created' };
    },

    /** held → committed: the units leave on_hand as a sale. */
    async commit(orderId: string): Promise<Reservation> {
      const row = await steps.run({ kind: 'commit', orderId });
      if (row.outcome === 'not_found') throw reservationNotFound(orderId);
      if (row.outcome === 'as_is') commitAsIs(orderId, row.status);
      return toReservation(row);
    },

    /** held → released; committed → restocked; otherwise as is. */
    async release(orderId: string): Promise<Reservation> {
      const row = await steps.run({ kind: 'release', orderId });
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
