import { AppError } from '@storefleet/kit';
import { MAX_ON_HAND, type AdjustStock, type StockLevel } from '@storefleet/contracts';

/** A new SKU's threshold until an admin sets another. */
export const DEFAULT_LOW_STOCK_THRESHOLD = 5;

/** A stock row as the database holds it. */
export interface StockRow {
  sku: string;
  on_hand: number;
  reserved: number;
  low_stock_threshold: number;
  version: number;
  updated_at: Date;
}

/** The numbers that decide a low-stock alert. */
export interface LowStockView {
  available: number;
  low_stock_threshold: number;
}

/** SKUs are case-insensitive and stored upper-case, like catalog's. */
export function normalizeSku(sku: string): string {
  return sku.trim().toUpperCase();
}

export function availableOf(row: Pick<StockRow, 'on_hand' | 'reserved'>): number {
  return row.on_hand - row.reserved;
}

export function isLowStock({ available, low_stock_threshold }: LowStockView): boolean {
  return available <= low_stock_threshold;
}

export function toStockLevel(row: StockRow): StockLevel {
  const available = availableOf(row);
  return {
    sku: row.sku,
    on_hand: row.on_hand,
    reserved: row.reserved,
    available,
    low_stock_threshold: row.low_stock_threshold,
    low_stock: isLowStock({ available, low_stock_threshold: row.low_stock_threshold }),
    version: row.version,
    updated_at: row.updated_at.toISOString(),
  };
}

export function stockNotFound(sku: string): AppError {
  return new AppError('not_found', `There is no stock record for SKU ${sku}`);
}

export interface AdjustmentPlan {
  /** Change of on_hand (0 when only the threshold changes). */
  delta: number;
  on_hand: number;
  low_stock_threshold: number;
}

/**
 * What `PUT /inventory/:sku` does to a row: `on_hand` sets, `delta` adjusts (exactly one of them).
 * Refuses a result below zero or below what is reserved for orders, naming the numbers.
 */
export function planAdjustment(current: Pick<StockRow, 'sku' | 'on_hand' | 'reserved' | 'low_stock_threshold'>, input: AdjustStock): AdjustmentPlan {
  const setting = input.on_hand !== undefined;
  if (setting === (input.delta !== undefined)) {
    const message = 'give exactly one of on_hand (to set) or delta (to adjust)';
    throw new AppError('validation', `The body must have exactly one of on_hand or delta`, {
      fields: [
        { field: 'on_hand', message },
        { field: 'delta', message },
      ],
    });
  }
  const target = setting ? input.on_hand! : current.on_hand + input.delta!;
  const numbers = { sku: current.sku, on_hand: current.on_hand, reserved: current.reserved, requested_on_hand: target };
  if (target < 0) {
    throw new AppError('conflict', `${current.sku} has ${current.on_hand} on hand; a change of ${input.delta} would leave ${target}, and stock cannot go negative`, {
      extensions: { code: 'negative_stock', ...numbers },
    });
  }
  if (target < current.reserved) {
    throw new AppError('conflict', `${current.sku} has ${current.reserved} units reserved for orders; on_hand cannot become ${target}, which is less than that`, {
      extensions: { code: 'below_reserved', ...numbers },
    });
  }
  if (target > MAX_ON_HAND) {
    throw new AppError('validation', `on_hand cannot exceed ${MAX_ON_HAND} (it would be ${target})`, {
      fields: [{ field: setting ? 'on_hand' : 'delta', message: `makes on_hand ${target}, above ${MAX_ON_HAND}` }],
    });
  }
  return { delta: target - current.on_hand, on_hand: target, low_stock_threshold: input.low_stock_threshold ?? current.low_stock_threshold };
}
