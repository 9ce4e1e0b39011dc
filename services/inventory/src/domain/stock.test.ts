import { describe, expect, it } from 'vitest';
import { planAdjustment, toStockLevel } from './stock.js';
import { appErrorOf } from '../../../../test/support/problems.js';

const row = { sku: 'LAP-1', on_hand: 10, reserved: 4, low_stock_threshold: 5 };

describe('planAdjustment', () => {
  it('sets on_hand or adds a delta, keeping or changing the threshold', () => {
    expect(planAdjustment(row, { on_hand: 25, reason: 'count' })).toEqual({ delta: 15, on_hand: 25, low_stock_threshold: 5 });
    expect(planAdjustment(row, { delta: -3, reason: 'damaged', low_stock_threshold: 2 })).toEqual({ delta: -3, on_hand: 7, low_stock_threshold: 2 });
    expect(planAdjustment(row, { delta: 0, reason: 'threshold only', low_stock_threshold: 8 })).toEqual({ delta: 0, on_hand: 10, low_stock_threshold: 8 });
  });

  it('demands exactly one of on_hand and delta, naming both fields', () => {
    for (const input of [{ reason: 'x' }, { on_hand: 1, delta: 1, reason: 'x' }]) {
      const error = appErrorOf(() => planAdjustment(row, input));
      expect(error.status).toBe(400);
      expect(error.fields?.map((f) => f.field)).toEqual(['on_hand', 'delta']);
    }
  });

  it('refuses a negative result with 409 naming the numbers', () => {
    const error = appErrorOf(() => planAdjustment(row, { delta: -11, reason: 'x' }));
    expect(error.status).toBe(409);
    expect(error.message).toContain('10 on hand');
    expect(error.message).toContain('-1');
    expect(error.extensions).toMatchObject({ code: 'negative_stock', on_hand: 10, requested_on_hand: -1 });
  });

  it('refuses on_hand below what is reserved', () => {
    const error = appErrorOf(() => planAdjustment(row, { on_hand: 3, reason: 'x' }));
    expect(error.status).toBe(409);
    expect(error.message).toContain('4 units reserved');
    expect(error.extensions).toMatchObject({ code: 'below_reserved', reserved: 4, requested_on_hand: 3 });
    expect(planAdjustment(row, { on_hand: 4, reason: 'x' }).on_hand).toBe(4);
  });
});

describe('stock level', () => {
  it('shows available and the low-stock flag on a level', () => {
    const level = toStockLevel({ ...row, version: 3, updated_at: new Date('2025-01-01T00:00:00Z') });
    expect(level).toEqual({ sku: 'LAP-1', on_hand: 10, reserved: 4, available: 6, low_stock_threshold: 5, low_stock: false, version: 3, updated_at: '2025-01-01T00:00:00.000Z' });
  });
});
