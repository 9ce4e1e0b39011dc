import { describe, expect, it } from 'vitest';
import { AppError } from '@storefleet/kit';
import { commitAsIs, normalizeLines, outOfStock } from './reservation.js';

describe('normalizeLines', () => {
  it('upper-cases SKUs', () => {
    expect(normalizeLines([{ sku: 'lap-1', quantity: 2 }])).toEqual([{ sku: 'LAP-1', quantity: 2 }]);
  });

  it('refuses a SKU given twice, whatever its case, naming the line', () => {
    try {
      normalizeLines([{ sku: 'A-1', quantity: 1 }, { sku: 'B-1', quantity: 1 }, { sku: 'a-1', quantity: 2 }]);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(400);
      expect((error as AppError).fields).toEqual([{ field: 'lines.2.sku', message: 'A-1 appears more than once' }]);
    }
  });
});

describe('outOfStock', () => {
  it('refuses with 409 and the shortages', () => {
    const shortages = [{ sku: 'B-1', requested: 2, available: 1 }, { sku: 'C-1', requested: 1, available: 0 }];
    const error = outOfStock(shortages);
    expect(error.status).toBe(409);
    expect(error.extensions).toMatchObject({ code: 'out_of_stock', shortages });
  });
});

describe('a commit answered as is', () => {
  it('answers a committed reservation and refuses to commit a released one', () => {
    expect(() => commitAsIs('o', 'committed')).not.toThrow();
    for (const status of ['released', 'restocked'] as const) {
      expect(() => commitAsIs('o', status)).toThrow(AppError);
      try {
        commitAsIs('o', status);
      } catch (error) {
        expect((error as AppError).extensions).toMatchObject({ code: 'reservation_released' });
      }
    }
  });
});
