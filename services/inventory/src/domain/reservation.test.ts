import { describe, expect, it } from 'vitest';
import { AppError } from '@storefleet/kit';
import { commitAction, findShortages, normalizeLines, outOfStock, releaseAction, reserveAction } from './reservation.js';

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

describe('findShortages', () => {
  it('lists every line asking more than is available; an unknown SKU has 0', () => {
    const available = new Map([['A-1', 5], ['B-1', 1]]);
    const lines = [{ sku: 'A-1', quantity: 5 }, { sku: 'B-1', quantity: 2 }, { sku: 'C-1', quantity: 1 }];
    expect(findShortages(lines, available)).toEqual([
      { sku: 'B-1', requested: 2, available: 1 },
      { sku: 'C-1', requested: 1, available: 0 },
    ]);
    const error = outOfStock(findShortages(lines, available));
    expect(error.status).toBe(409);
    expect(error.extensions).toMatchObject({ code: 'out_of_stock' });
  });
});

describe('reservation state changes', () => {
  it('holds anew unless a hold or a sale already exists', () => {
    expect(reserveAction(undefined)).toBe('hold');
    expect(reserveAction('released')).toBe('hold');
    expect(reserveAction('restocked')).toBe('hold');
    expect(reserveAction('held')).toBe('as_is');
    expect(reserveAction('committed')).toBe('as_is');
  });

  it('commits a hold once and refuses to commit a released one', () => {
    expect(commitAction('o', 'held')).toBe('commit');
    expect(commitAction('o', 'committed')).toBe('as_is');
    for (const status of ['released', 'restocked'] as const) {
      expect(() => commitAction('o', status)).toThrow(AppError);
      try {
        commitAction('o', status);
      } catch (error) {
        expect((error as AppError).extensions).toMatchObject({ code: 'reservation_released' });
      }
    }
  });

  it('releases a hold, restocks a sale, and leaves the rest as is', () => {
    expect(releaseAction('held')).toBe('release');
    expect(releaseAction('committed')).toBe('restock');
    expect(releaseAction('released')).toBe('as_is');
    expect(releaseAction('restocked')).toBe('as_is');
  });
});
