import type { Db, Outbox, Queryable } from '@storefleet/kit';
import type { CreateReservation, Reservation, ReservationLine, ReservationStatus } from '@storefleet/contracts';
import { commitAction, findShortages, normalizeLines, outOfStock, releaseAction, reservationNotFound, reserveAction } from '../domain/reservation.js';
import { availableOf } from '../domain/stock.js';
import { INVENTORY_PUBLISHES } from '../events.js';
import { createStockChanges, lockStock, type MovementInfo } from './stock-changes.js';

interface ReservationRow {
  order_id: string;
  status: ReservationStatus;
  lines: ReservationLine[];
  expires_at: Date | null;
}

const COLUMNS = 'order_id, status, lines, expires_at';

function toReservation(row: ReservationRow): Reservation {
  return { order_id: row.order_id, status: row.status, lines: row.lines, expires_at: row.expires_at ? row.expires_at.toISOString() : null };
}

/**
 * Reservations of stock for orders, idempotent by order id. Every operation locks the reservation
 * row first and then the stock rows in SKU order, so concurrent calls queue and never deadlock,
 * and a hold takes units only through a conditional UPDATE (never more than available).
 * @example const reservations = createReservationsStore(db, { outbox, ttlSeconds: 900 })
 */
export function createReservationsStore(db: Db, { outbox, ttlSeconds }: { outbox: Outbox; ttlSeconds: number }) {
  const applyChanges = createStockChanges(outbox);

  /** Holds every line or, naming each shortage, none. */
  async function hold(tx: Queryable, lines: ReservationLine[]): Promise<void> {
    const locked = await lockStock(tx, lines.map((l) => l.sku));
    const available = new Map([...locked].map(([sku, row]) => [sku, availableOf(row)]));
    const shortages = findShortages(lines, available);
    if (shortages.length) throw outOfStock(shortages);
    await applyChanges(tx, locked, lines.map((l) => ({ sku: l.sku, on_hand_delta: 0, reserved_delta: l.quantity })));
  }

  /** Gives back a held reservation's units (to available) or a committed one's (to on hand). */
  async function giveBack(tx: Queryable, row: ReservationRow, action: 'release' | 'restock'): Promise<void> {
    const locked = await lockStock(tx, row.lines.map((l) => l.sku));
    const restock = action === 'restock';
    const movement: MovementInfo | undefined = restock ? { kind: 'restock', reason: `order ${row.order_id} released`, order_id: row.order_id, actor: 'system' } : undefined;
    await applyChanges(
      tx,
      locked,
      row.lines.map((l) => (restock ? { sku: l.sku, on_hand_delta: l.quantity, reserved_delta: 0 } : { sku: l.sku, on_hand_delta: 0, reserved_delta: -l.quantity })),
      movement,
    );
  }

  async function lockReservation(tx: Queryable, orderId: string): Promise<ReservationRow> {
    const { rows } = await tx.query<ReservationRow>(`SELECT ${COLUMNS} FROM reservations WHERE order_id = $1 FOR UPDATE`, [orderId]);
    if (!rows[0]) throw reservationNotFound(orderId);
    return rows[0];
  }

  async function setStatus(tx: Queryable, orderId: string, status: ReservationStatus, keepExpiry = false): Promise<Reservation> {
    const { rows } = await tx.query<ReservationRow>(
      `UPDATE reservations SET status = $2, expires_at = CASE WHEN $3 THEN expires_at END, updated_at = now() WHERE order_id = $1 RETURNING ${COLUMNS}`,
      [orderId, status, keepExpiry],
    );
    return toReservation(rows[0]!);
  }

  return {
    /**
     * Holds stock for an order. `created` is false when the order already had a hold or a sale
     * (answered as is); a released or restocked reservation is held again with the given lines.
     */
    async reserve(input: CreateReservation): Promise<{ reservation: Reservation; created: boolean }> {
      const lines = normalizeLines(input.lines);
      const ttl = input.expires === false ? null : ttlSeconds;
      return db.tx(async (tx) => {
        // A concurrent call for the same order waits here on the primary key until this one ends.
        const inserted = await tx.query<ReservationRow>(
          `INSERT INTO reservations (order_id, status, lines, expires_at)
           VALUES ($1, 'held', $2, now() + make_interval(secs => $3::int))
           ON CONFLICT (order_id) DO NOTHING RETURNING ${COLUMNS}`,
          [input.order_id, JSON.stringify(lines), ttl],
        );
        if (inserted.rows[0]) {
          await hold(tx, lines);
          return { reservation: toReservation(inserted.rows[0]), created: true };
        }
        const existing = await lockReservation(tx, input.order_id);
        if (reserveAction(existing.status) === 'as_is') return { reservation: toReservation(existing), created: false };
        await hold(tx, lines);
        const { rows } = await tx.query<ReservationRow>(
          `UPDATE reservations SET status = 'held', lines = $2, expires_at = now() + make_interval(secs => $3::int), updated_at = now()
            WHERE order_id = $1 RETURNING ${COLUMNS}`,
          [input.order_id, JSON.stringify(lines), ttl],
        );
        return { reservation: toReservation(rows[0]!), created: true };
      });
    },

    /** held → committed: the units leave on_hand as a sale. */
    async commit(orderId: string): Promise<Reservation> {
      return db.tx(async (tx) => {
        const row = await lockReservation(tx, orderId);
        if (commitAction(orderId, row.status) === 'as_is') return toReservation(row);
        const locked = await lockStock(tx, row.lines.map((l) => l.sku));
        await applyChanges(
          tx,
          locked,
          row.lines.map((l) => ({ sku: l.sku, on_hand_delta: -l.quantity, reserved_delta: -l.quantity })),
          { kind: 'sale', reason: `order ${orderId}`, order_id: orderId, actor: 'system' },
        );
        return setStatus(tx, orderId, 'committed');
      });
    },

    /** held → released; committed → restocked; otherwise as is. */
    async release(orderId: string): Promise<Reservation> {
      return db.tx(async (tx) => {
        const row = await lockReservation(tx, orderId);
        const action = releaseAction(row.status);
        if (action === 'as_is') return toReservation(row);
        await giveBack(tx, row, action);
        return setStatus(tx, orderId, action === 'release' ? 'released' : 'restocked', true);
      });
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
        await giveBack(tx, row, 'release');
        await outbox.add(tx, { type: INVENTORY_PUBLISHES.reservationExpired, subject: row.order_id, data: { order_id: row.order_id, lines: row.lines } });
        return setStatus(tx, row.order_id, 'released', true);
      });
    },
  };
}

export type ReservationsStore = ReturnType<typeof createReservationsStore>;
