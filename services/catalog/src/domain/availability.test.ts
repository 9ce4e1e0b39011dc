import { describe, expect, it } from 'vitest';
import { availabilityOf, leavesAvailability, stockChangeOf } from './availability.js';

describe('stockChangeOf', () => {
  it('reads the data of inventory.stock_changed, upper-casing the SKU', () => {
    expect(stockChangeOf({ sku: 'lap-1', on_hand: 5, reserved: 2, available: 3, version: 7 })).toEqual({ sku: 'LAP-1', on_hand: 5, reserved: 2, available: 3, version: 7 });
  });

  it('refuses malformed data', () => {
    expect(stockChangeOf(null)).toBeUndefined();
    expect(stockChangeOf({ sku: 'LAP-1', available: 3 })).toBeUndefined();
    expect(stockChangeOf({ sku: 'LAP-1', on_hand: 5, reserved: 2, available: -1, version: 1 })).toBeUndefined();
  });
});

describe('availabilityOf', () => {
  it('is in stock only with something available', () => {
    expect(availabilityOf(0)).toEqual({ available: 0, in_stock: false });
    expect(availabilityOf(4)).toEqual({ available: 4, in_stock: true });
  });
});

describe('leavesAvailability', () => {
  it('is true only when the event says availability did not move', () => {
    const change = { sku: 'A', on_hand: 2, reserved: 0, available: 2, version: 3 };
    expect(leavesAvailability({ ...change, previous_available: 2 })).toBe(true);
    expect(leavesAvailability({ ...change, previous_available: 4 })).toBe(false);
    expect(leavesAvailability(change)).toBe(false);
  });
});
