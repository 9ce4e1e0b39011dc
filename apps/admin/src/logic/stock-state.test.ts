import { describe, expect, it } from 'vitest';
import { stockState } from './stock-state.js';

describe('stock state', () => {
  it('is out when nothing is available (whatever the threshold), low at or below the threshold, fine otherwise', () => {
    expect(stockState({ available: 0, low_stock: true })).toBe('out');
    expect(stockState({ available: 0, low_stock: false })).toBe('out');
    expect(stockState({ available: 3, low_stock: true })).toBe('low');
    expect(stockState({ available: 30, low_stock: false })).toBe('ok');
  });
});
