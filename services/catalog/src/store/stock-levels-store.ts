import type { Queryable } from '@storefleet/kit';
import type { StockChangedData } from '@storefleet/contracts';

/**
 * Catalog's read model of inventory's stock: per SKU, the availability of the newest version seen.
 * @example await createStockLevelsStore().record(tx, change)
 */
export function createStockLevelsStore() {
  return {
    /** Keeps `change` unless a newer (or the same) version of the SKU is already known; true when kept. */
    async record(tx: Queryable, change: StockChangedData): Promise<boolean> {
      const { rowCount } = await tx.query(
        `INSERT INTO stock_levels (sku, available, version) VALUES ($1, $2, $3)
         ON CONFLICT (sku) DO UPDATE SET available = EXCLUDED.available, version = EXCLUDED.version, updated_at = now()
          WHERE stock_levels.version < EXCLUDED.version`,
        [change.sku, change.available, change.version],
      );
      return (rowCount ?? 0) > 0;
    },
  };
}

export type StockLevelsStore = ReturnType<typeof createStockLevelsStore>;
