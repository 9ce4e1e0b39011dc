import type { Queryable } from '@storefleet/kit';
import type { StockChangedData } from '@storefleet/contracts';

/**
 * Catalog's read model of inventory's stock: per SKU, the availability of the newest version seen.
 * @example await createStockLevelsStore().recordOnce(db, 'catalog', [{ eventId: event.id, change }])
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
     * Keeps each SKU's newest change of `changes` unless a newer (or the same) version of the SKU is
     * already known, at most once per event id for `consumer`: the kit's inbox rows and the changes in
     * ONE statement, for a whole delivery of events (atomic without a transaction's extra round trips).
     * A redelivered event changes nothing.
     */
    async recordOnce(db: Queryable, consumer: string, changes: { eventId: string; change: StockChangedData }[]): Promise<void> {
      if (!changes.length) return;
      await db.query(
        `WITH given AS (
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::bigint[]) AS g (event_id, sku, available, version)
         ), handled AS (
           INSERT INTO inbox (event_id, consumer) SELECT event_id, $5 FROM given ON CONFLICT DO NOTHING RETURNING event_id
         ), newest AS (
           SELECT DISTINCT ON (g.sku) g.sku, g.available, g.version FROM given g JOIN handled h USING (event_id) ORDER BY g.sku, g.version DESC
         )
         INSERT INTO stock_levels (sku, available, version) SELECT sku, available, version FROM newest
         ON CONFLICT (sku) DO UPDATE SET available = EXCLUDED.available, version = EXCLUDED.version, updated_at = now()
          WHERE stock_levels.version < EXCLUDED.version`,
        [changes.map((c) => c.eventId), changes.map((c) => c.change.sku), changes.map((c) => c.change.available), changes.map((c) => c.change.version), consumer],
      );
    },
  };
}

export type StockLevelsStore = ReturnType<typeof createStockLevelsStore>;
