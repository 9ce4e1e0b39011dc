import { AppError } from '@storefleet/kit';
import type { ReservationLine, ReservationStatus, StockShortage } from '@storefleet/contracts';
import { normalizeSku } from './stock.js';

/** Lines with SKUs upper-cased; refuses a SKU given twice, naming the lines. */
export function normalizeLines(lines: ReservationLine[]): ReservationLine[] {
  const seen = new Set<string>();
  const errors: { field: string; message: string }[] = [];
  const normalized = lines.map((line, i) => {
    const sku = normalizeSku(line.sku);
    if (seen.has(sku)) errors.push({ field: `lines.${i}.sku`, message: `${sku} appears more than once` });
    seen.add(sku);
    return { sku, quantity: line.quantity };
  });
  if (errors.length) throw new AppError('validation', 'Each SKU may appear on one line only', { fields: errors });
  return normalized;
}

/** The lines that cannot be held now; a SKU without a stock row has 0 available. */
export function findShortages(lines: ReservationLine[], available: ReadonlyMap<string, number>): StockShortage[] {
  return lines
    .map((line) => ({ sku: line.sku, requested: line.quantity, available: available.get(line.sku) ?? 0 }))
    .filter((s) => s.requested > s.available);
}

export function outOfStock(shortages: StockShortage[]): AppError {
  const list = shortages.map((s) => `${s.sku} (requested ${s.requested}, available ${s.available})`).join(', ');
  return new AppError('conflict', `Not enough stock for ${list}`, { extensions: { code: 'out_of_stock', shortages } });
}

export function reservationNotFound(orderId: string): AppError {
  return new AppError('not_found', `There is no reservation for order ${orderId}`);
}

/** What a reserve call does given the order's reservation so far. */
export function reserveAction(status: ReservationStatus | undefined): 'hold' | 'as_is' {
  return status === 'held' || status === 'committed' ? 'as_is' : 'hold';
}

/** held → commit; committed → as is; a released hold cannot be committed (it may have been sold to others). */
export function commitAction(orderId: string, status: ReservationStatus): 'commit' | 'as_is' {
  if (status === 'held') return 'commit';
  if (status === 'committed') return 'as_is';
  throw new AppError('conflict', `The reservation of order ${orderId} was ${status}; reserve again before committing`, {
    extensions: { code: 'reservation_released', reservation_status: status },
  });
}

/** held → released (back to available); committed → restocked (back on hand); otherwise as is. */
export function releaseAction(status: ReservationStatus): 'release' | 'restock' | 'as_is' {
  if (status === 'held') return 'release';
  if (status === 'committed') return 'restock';
  return 'as_is';
}
