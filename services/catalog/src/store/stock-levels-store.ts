import type { Queryable } from '@storefleet/kit';
import type { StockChangedData } from '@storefleet/contracts';

/**
 * Catalog's read model of inventory's stock: per SKU, the availability of the newest version seen.
 * @example await createStockLevelsStore().recordOnce(db, event, 'catalog', change)
 */
export function createStockLevelsStore() {
  return {
    /** The availability last reported for each of these (upper-case) SKUs; 0 for one never reported. */
    async availableOf(db: Queryable, skus: string[]): Promise<Map<string, number>> {
      const levels = new Map(skus.map((sku) => [sku, 0]));
      if (!skus.length) return levels;
      const { rows } = await db.query<{ sku: string; available: number }>('SELECT sku, available FROM stock_levels WHERE sku = ANY ($1::text[])', [skus]);
      for (const row of rows) levels.set(row.sku, row.available);
      return levels;
    },

    /**
     * Keeps `change` unless a newer (or the same) version of the SKU is already known, at most once per
     * event id for `consumer`: the kit's inbox row and the change in ONE statement (atomic without a transaction's extra round trips,
     * which matter at two stock events per checkout). A redelivered event changes nothing.
     */
    async recordOnce(db: Queryable, event: { id: string }, consumer: string, change: StockChangedData): Promise<void> {
      await db.query(
        `WITH handled AS (
           INSERT INTO inbox (event_id, consumer) VALUES ($4, $5) ON CONFLICT DO NOTHING RETURNING event_id
         )
         INSERT INTO stock_levels (sku, available, version) SELECT $1, $2, $3 FROM handled
         ON CONFLICT (sku) DO UPDATE SET available = EXCLUDED.available, version = EXCLUDED.version, updated_at = now()
          WHERE stock_levels.version < EXCLUDED.version`,
        [change.sku, change.available, change.version, event.id, consumer],
      );
    },
  };
}

export type StockLevelsStore = ReturnType<typeof createStockLevelsStore>;
