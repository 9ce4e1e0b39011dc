import type { Db } from '@storefleet/kit';
import { DEFAULT_LOW_STOCK_THRESHOLD } from '../domain/stock.js';

const BATCH = 5_000;

/**
 * Sets the stock of many SKUs at once (`npm run seed:catalog`), each with its adjustment movement, in
 * one transaction of multi-row inserts: a data load, so no inventory.stock_changed is published per SKU
 * (catalog's read model is loaded with the same levels at version 1, the version given here). A SKU
 * that already has stock is left alone. Answers how many SKUs were stocked.
 * @example await bulkLoadStock(db, [{ sku: 'GEN-0000001', on_hand: 12 }])
 */
export async function bulkLoadStock(db: Db, levels: { sku: string; on_hand: number }[]): Promise<number> {
  return db.tx(async (tx) => {
    let stocked = 0;
    for (let start = 0; start < levels.length; start += BATCH) {
      const batch = levels.slice(start, start + BATCH);
      const { rowCount } = await tx.query(
        `WITH given AS (SELECT * FROM unnest($1::text[], $2::int[]) AS g (sku, on_hand)),
              added AS (
                INSERT INTO stock (sku, on_hand, low_stock_threshold, version)
                SELECT sku, on_hand, $3, 1 FROM given ON CONFLICT (sku) DO NOTHING RETURNING sku, on_hand
              )
         INSERT INTO movements (sku, kind, delta, on_hand, reserved, reason, actor)
         SELECT sku, 'adjustment', on_hand, on_hand, 0, 'seed:catalog', 'system' FROM added`,
        [batch.map((l) => l.sku), batch.map((l) => l.on_hand), DEFAULT_LOW_STOCK_THRESHOLD],
      );
      stocked += rowCount ?? 0;
    }
    return stocked;
  });
}
