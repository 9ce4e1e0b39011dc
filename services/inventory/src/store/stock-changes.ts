import type { Queryable } from '@storefleet/kit';
import type { MovementKind } from '@storefleet/contracts';
import type { StockRow } from '../domain/stock.js';

export const STOCK_COLUMNS = 's.sku, s.on_hand, s.reserved, s.low_stock_threshold, s.version, s.updated_at';

/** One SKU's change: deltas of on_hand and reserved, and optionally a new threshold. */
export interface LevelChange {
  sku: string;
  on_hand_delta: number;
  reserved_delta: number;
  low_stock_threshold?: number;
}

/** Why on_hand moved; written as a movement row (and, for adjustments, an inventory.adjusted event). */
export interface MovementInfo {
  kind: MovementKind;
  reason: string | null;
  order_id: string | null;
  actor: string;
}

/**
 * Locks the stock rows of `skus` in SKU order, so two transactions touching the same SKUs always
 * queue instead of deadlocking. SKUs without a row are absent from the map.
 */
export async function lockStock(tx: Queryable, skus: string[]): Promise<Map<string, StockRow>> {
  const { rows } = await tx.query<StockRow>(
    `SELECT ${STOCK_COLUMNS} FROM stock s WHERE s.sku = ANY ($1::text[]) ORDER BY s.sku COLLATE "C" FOR UPDATE`,
    [[...new Set(skus)]],
  );
  return new Map(rows.map((row) => [row.sku, row]));
}

/**
 * Tells the relay that events wait in the outbox: after the commit inside `db.tx`, at once after a
 * statement run on its own (it committed when it answered).
 */
export function announceEvents(q: Queryable, kick: () => void): void {
  if (q.afterCommit) q.afterCommit(kick);
  else setImmediate(kick);
}

/**
 * Applies changes with stock_apply_changes (sql/stock_apply_changes.sql): one conditional UPDATE per
 * SKU, in SKU order, with its movement and its events (inventory.stock_changed for each SKU,
 * inventory.adjusted for adjustments, inventory.low_stock when available crossed the threshold
 * downwards) written by the same statement. `kick` tells the relay once they are committed.
 * @example const after = await applyChanges(tx, [{ sku, on_hand_delta: 5, reserved_delta: 0 }], movement)
 */
export function createStockChanges(kick: () => void) {
  return async function applyChanges(tx: Queryable, changes: LevelChange[], movement?: MovementInfo): Promise<StockRow[]> {
    const { rows } = await tx.query<StockRow>(
      `SELECT ${STOCK_COLUMNS} FROM stock_apply_changes($1::text[], $2::int[], $3::int[], $4::int[], $5, $6, $7, $8) s`,
      [
        changes.map((c) => c.sku),
        changes.map((c) => c.on_hand_delta),
        changes.map((c) => c.reserved_delta),
        changes.map((c) => c.low_stock_threshold ?? null),
        movement?.kind ?? null,
        movement?.reason ?? null,
        movement?.order_id ?? null,
        movement?.actor ?? null,
      ],
    );
    announceEvents(tx, kick);
    return rows;
  };
}

export type ApplyChanges = ReturnType<typeof createStockChanges>;
