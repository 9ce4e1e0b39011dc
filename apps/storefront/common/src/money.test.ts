import { describe, expect, it } from 'vitest';
import { formatPrice, sumPrices } from './money.js';

describe('formatPrice', () => {
  it('shows the currency symbol, thousands and two decimals', () => {
    expect(formatPrice(1299, 'EUR')).toBe('€1,299.00');
    expect(formatPrice(49.9, 'EUR')).toBe('€49.90');
    expect(formatPrice(5, 'USD')).toBe('US$5.00');
  });

  it('takes EUR for a missing or malformed currency and shows a dash for no amount', () => {
    expect(formatPrice(10, null)).toBe('€10.00');
    expect(formatPrice(10, 'euro')).toBe('€10.00');
    expect(formatPrice(null)).toBe('–');
    expect(formatPrice(Number.NaN)).toBe('–');
  });
});

describe('sumPrices', () => {
  it('adds in cents, so amounts do not drift', () => {
    expect(sumPrices([0.1, 0.2])).toBe(0.3);
    expect(sumPrices([49.99, 49.99, 49.99])).toBe(149.97);
  });
});
