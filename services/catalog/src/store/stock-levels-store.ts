import type { Cache, Queryable } from '@storefleet/kit';
import type { StockChangedData } from '@storefleet/contracts';

/** A SKU's availability and the version of inventory's stock it comes from (0: never reported). */
export interface StockLevel {
  available: number;
  version: number;
}

const keyOf = (sku: string) => `sku:${sku}`;

/**
 * Catalog's read model of inventory's stock: per SKU, the availability of the newest version seen,
 * in `stock_levels`, and in `cache` for the internal lookup (each write keeps only newer versions,
 * so racing writers never put an older level back).
 * @example await createStockLevelsStore(cache).recordOnce(db, 'catalog', [{ eventId: event.id, change }])
 */
export function createStockLevelsStore(cache: Cache<StockLevel>) {
  return {
    /** The availability last reported for each of these (upper-case) SKUs; 0 for one never reported. */
    async availableOf(db: Queryable, skus: string[]): Promise<Map<string, number>> {
      const cached = await cache.getMany(skus.map(keyOf));
      const levels = new Map(skus.map((sku) => [sku, cached.get(keyOf(sku))?.available]));
      const missing = skus.filter((sku) => levels.get(sku) === undefined);
      if (missing.length) {
        const { rows } = await db.query<{ sku: string; available: number; version: number }>(
          'SELECT sku, available, version::float8 AS version FROM stock_levels WHERE sku = ANY ($1::text[])',
          [missing],
        );
        const found = new Map(rows.map((row) => [row.sku, { available: row.available, version: row.version }]));
        const read = missing.map((sku): [string, StockLevel] => [sku, found.get(sku) ?? { available: 0, version: 0 }]);
        await cache.setNewer(read.map(([sku, level]) => [keyOf(sku), level]));
        for (const [sku, level] of read) levels.set(sku, level.available);
      }
      return levels as Map<string, number>;
    },

    /**
     * Keeps each SKU's newest change of `changes` unless a newer (or the same) version of the SKU is
     * already known, at most once per event id for `consumer`: the kit's inbox rows and the changes in
     * ONE statement, for a whole delivery of events (atomic without a transaction's extra round trips).
     * A redelivered event changes nothing.
     */
    async recordOnce(db: Queryable, consumer: string, changes: { eventId: string; change: StockChangedData }[]): Promise<void> {
      if (!changes.length) return;
      const { rows } = await db.query<{ sku: string; available: number; version: number }>(
        `WITH given AS (
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::bigint[]) AS g (event_id, sku, available, version)
         ), handled AS (
           INSERT INTO inbox (event_id, consumer) SELECT event_id, $5 FROM given ON CONFLICT DO NOTHING RETURNING event_id
         ), newest AS (
           SELECT DISTINCT ON (g.sku) g.sku, g.available, g.version FROM given g JOIN handled h USING (event_id) ORDER BY g.sku, g.version DESC
         )
         INSERT INTO stock_levels (sku, available, version) SELECT sku, available, version FROM newest
         ON CONFLICT (sku) DO UPDATE SET available = EXCLUDED.available, version = EXCLUDED.version, updated_at = now()
          WHERE stock_levels.version < EXCLUDED.version
         RETURNING sku, available, version::float8 AS version`,
        [changes.map((c) => c.eventId), changes.map((c) => c.change.sku), changes.map((c) => c.change.available), changes.map((c) => c.change.version), consumer],
      );
      await cache.setNewer(rows.map((row): [string, StockLevel] => [keyOf(row.sku), { available: row.available, version: row.version }]));
    },
  };
}

export type StockLevelsStore = ReturnType<typeof createStockLevelsStore>;
