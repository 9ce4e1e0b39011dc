import { AppError } from '@storefleet/kit';
import type { StockShortage } from '@storefleet/contracts';
import type { ReservationLine, ReservationStatus } from '@storefleet/contracts/internal';
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

/** The refusal of a reserve that found shortages (sql/reserve_stock.sql lists them, in line order). */
export function outOfStock(shortages: StockShortage[]): AppError {
  const list = shortages.map((s) => `${s.sku} (requested ${s.requested}, available ${s.available})`).join(', ');
  return new AppError('conflict', `Not enough stock for ${list}`, { extensions: { code: 'out_of_stock', shortages } });
}

export function reservationNotFound(orderId: string): AppError {
  return new AppError('not_found', `There is no reservation for order ${orderId}`);
}

/**
 * A commit the database answered as is, the reservation not being held (holds are committed by
 * sql/commit_reservation.sql): a committed one is answered as it is; a released one is refused, since
 * its units may have been sold to others.
 */
export function commitAsIs(orderId: string, status: ReservationStatus): void {
  if (status === 'committed') return;
  throw new AppError('conflict', `The reservation of order ${orderId} was ${status}; reserve again before committing`, {
    extensions: { code: 'reservation_released', reservation_status: status },
  });
}
