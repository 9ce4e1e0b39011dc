import type { Outbox, Queryable } from '@storefleet/kit';
import type { MovementKind } from '@storefleet/contracts';
import { availableOf, crossedLowStock, type StockRow } from '../domain/stock.js';
import { INVENTORY_PUBLISHES } from '../events.js';

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
 * Applies changes to rows the transaction has locked (see lockStock) with one conditional UPDATE,
 * then writes their movements and events: inventory.stock_changed for each SKU, inventory.adjusted
 * for adjustments, inventory.low_stock when available crossed the threshold downwards.
 * @example const after = await applyChanges(tx, locked, [{ sku, on_hand_delta: 0, reserved_delta: 2 }])
 */
export function createStockChanges(outbox: Outbox) {
  return async function applyChanges(tx: Queryable, before: Map<string, StockRow>, changes: LevelChange[], movement?: MovementInfo): Promise<StockRow[]> {
    const { rows } = await tx.query<StockRow>(
      `UPDATE stock s
          SET on_hand = s.on_hand + c.d_on_hand,
              reserved = s.reserved + c.d_reserved,
              low_stock_threshold = COALESCE(c.threshold, s.low_stock_threshold),
              version = s.version + 1,
              updated_at = now()
         FROM unnest($1::text[], $2::int[], $3::int[], $4::int[]) AS c (sku, d_on_hand, d_reserved, threshold)
        WHERE s.sku = c.sku
          AND s.reserved + c.d_reserved >= 0
          AND s.on_hand + c.d_on_hand >= s.reserved + c.d_reserved
        RETURNING ${STOCK_COLUMNS}`,
      [
        changes.map((c) => c.sku),
        changes.map((c) => c.on_hand_delta),
        changes.map((c) => c.reserved_delta),
        changes.map((c) => c.low_stock_threshold ?? null),
      ],
    );
    // Callers check the locked rows first, so the guard refusing a row means a caller is wrong.
    if (rows.length !== changes.length) throw new Error(`stock guard refused ${changes.length - rows.length} of ${changes.length} changes`);
    rows.sort((a, b) => (a.sku < b.sku ? -1 : 1));
    const deltaOf = new Map(changes.map((c) => [c.sku, c.on_hand_delta]));

    if (movement) {
      const moved = rows.filter((row) => movement.kind === 'adjustment' || deltaOf.get(row.sku) !== 0);
      await tx.query(
        `INSERT INTO movements (sku, kind, delta, on_hand, reserved, reason, order_id, actor)
         SELECT m.sku, $5, m.delta, m.on_hand, m.reserved, $6, $7, $8 FROM unnest($1::text[], $2::int[], $3::int[], $4::int[]) AS m (sku, delta, on_hand, reserved)`,
        [moved.map((r) => r.sku), moved.map((r) => deltaOf.get(r.sku)), moved.map((r) => r.on_hand), moved.map((r) => r.reserved), movement.kind, movement.reason, movement.order_id, movement.actor],
      );
    }

    for (const after of rows) {
      const available = availableOf(after);
      const levels = { on_hand: after.on_hand, reserved: after.reserved, available };
      if (movement?.kind === 'adjustment') {
        const data = { sku: after.sku, delta: deltaOf.get(after.sku) ?? 0, reason: movement.reason ?? '', ...levels, actor: movement.actor };
        await outbox.add(tx, { type: INVENTORY_PUBLISHES.adjusted, subject: after.sku, data });
      }
      await outbox.add(tx, { type: INVENTORY_PUBLISHES.stockChanged, subject: after.sku, data: { sku: after.sku, ...levels, version: after.version } });
      const prior = before.get(after.sku);
      if (prior && crossedLowStock({ available: availableOf(prior), low_stock_threshold: prior.low_stock_threshold }, { available, low_stock_threshold: after.low_stock_threshold })) {
        await outbox.add(tx, { type: INVENTORY_PUBLISHES.lowStock, subject: after.sku, data: { sku: after.sku, available, low_stock_threshold: after.low_stock_threshold } });
      }
    }
    return rows;
  };
}

export type ApplyChanges = ReturnType<typeof createStockChanges>;
