import type { StockLevel } from '@storefleet/contracts';
import { STOCK_STATE_LABEL, stockState } from '../logic/stock-state.js';

/** In stock, low or out, coloured: on the inventory page and the dashboard's low-stock alerts. */
export function StockBadge({ level }: { level: Pick<StockLevel, 'available' | 'low_stock'> }) {
  const state = stockState(level);
  return <span className={`badge stock-${state}`}>{STOCK_STATE_LABEL[state]}</span>;
}
