import { Value } from '@sinclair/typebox/value';
import { StockChangedDataSchema, type StockChangedData } from '@storefleet/contracts';

/** The stock change an inventory.stock_changed event carries (SKU upper-cased), or undefined when malformed. */
export function stockChangeOf(data: unknown): StockChangedData | undefined {
  if (!Value.Check(StockChangedDataSchema, data)) return undefined;
  return { ...data, sku: data.sku.toUpperCase() };
}

/** What a reader sees of a SKU's stock. */
export function availabilityOf(available: number): { available: number; in_stock: boolean } {
  return { available, in_stock: available > 0 };
}

/**
 * True when a stock change leaves availability as it was (committing a reservation: on_hand and
 * reserved fall together), so the read model has nothing to record: skipping it is safe in any
 * delivery order, since the version it skips shows what the version before it already shows.
 */
export function leavesAvailability(change: StockChangedData): boolean {
  return change.previous_available === change.available;
}
