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

/** Catalog handles no events yet. */
export const CATALOG_HANDLES = [] as const;
