import { EVENT_TYPES, SKU_PATTERN } from '@storefleet/contracts';

/** CloudEvents `source` of everything inventory publishes. */
export const INVENTORY_SOURCE = 'inventory';

/**
 * Every event inventory publishes (through its outbox, in the transaction of the change):
 * - inventory.adjusted (subject sku): an admin or seed change, InventoryAdjustedDataSchema
 * - inventory.stock_changed (subject sku): after every change of a level, StockChangedDataSchema
 * - inventory.low_stock (subject sku): available fell to or below the threshold, LowStockDataSchema
 * - inventory.reservation_expired (subject order id): a hold timed out, ReservationExpiredDataSchema
 */
export const INVENTORY_PUBLISHES = {
  adjusted: EVENT_TYPES.inventoryAdjusted,
  stockChanged: EVENT_TYPES.inventoryStockChanged,
  lowStock: EVENT_TYPES.inventoryLowStock,
  reservationExpired: EVENT_TYPES.inventoryReservationExpired,
} as const;

/** Consumer name (inbox and bus group) of inventory's subscriptions. */
export const INVENTORY_CONSUMER = 'inventory';

/** product.created: every new catalog SKU gets a zero-stock row, so admins see it. */
export const INVENTORY_HANDLES = [EVENT_TYPES.productCreated] as const;

const SKU = new RegExp(SKU_PATTERN);

/** The SKU of a product.* event, or undefined when the data carries none. */
export function productSkuOf(data: unknown): string | undefined {
  const sku = (data as { sku?: unknown } | null)?.sku;
  return typeof sku === 'string' && SKU.test(sku) ? sku.toUpperCase() : undefined;
}
