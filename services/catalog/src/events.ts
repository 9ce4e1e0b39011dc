import { EVENT_TYPES } from '@storefleet/contracts';

/** CloudEvents `source` of everything catalog publishes. */
export const CATALOG_SOURCE = 'catalog';

/**
 * Every event catalog publishes (through its outbox, in the transaction of the change).
 * `subject` is the product id; `data` is the product row (snake_case, ProductEventDataSchema),
 * as it is after the change, or as it was before a delete.
 */
export const CATALOG_PUBLISHES = {
  productCreated: EVENT_TYPES.productCreated,
  productUpdated: EVENT_TYPES.productUpdated,
  productDeleted: EVENT_TYPES.productDeleted,
} as const;

/** Consumer name (inbox and bus group) of catalog's subscriptions. */
export const CATALOG_CONSUMER = 'catalog';

/** inventory.stock_changed: keeps the availability read model (available, in_stock) of every product. */
export const CATALOG_HANDLES = [EVENT_TYPES.inventoryStockChanged] as const;

/** Bus group of catalog's own product.* subscription, which deletes the product cache's entries. */
export const CATALOG_CACHE_CONSUMER = 'catalog-cache';
