import type { StockLevel } from '@storefleet/contracts';

export type StockState = 'out' | 'low' | 'ok';

/** How a level is shown: out of stock (nothing available), low (at or below its threshold) or fine. */
export function stockState(level: Pick<StockLevel, 'available' | 'low_stock'>): StockState {
  if (level.available === 0) return 'out';
  return level.low_stock ? 'low' : 'ok';
}

export const STOCK_STATE_LABEL: Record<StockState, string> = { out: 'Out of stock', low: 'Low stock', ok: 'In stock' };
