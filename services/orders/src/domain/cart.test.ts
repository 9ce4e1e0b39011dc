import { describe, expect, it } from 'vitest';
import { addedQuantity, cartFull, mergeCartItems, priceCart, type CartItem } from './cart.js';

const item = (sku: string, quantity: number): CartItem => ({ sku, product_id: '11111111-1111-4111-8111-111111111111', name: sku, quantity });

describe('cart rules', () => {
  it('adds quantities, capped at the order limit', () => {
    expect(addedQuantity(2, 3)).toBe(5);
    expect(addedQuantity(9_999, 5)).toBe(10_000);
  });

  it('refuses a line beyond 100 with 422 naming sku', () => {
    expect(cartFull()).toMatchObject({ status: 422, fields: [{ field: 'sku' }] });
  });

  it('merges a guest cart into a user cart', () => {
    const merged = mergeCartItems([item('A', 1), item('B', 9_000)], [item('B', 2_000), item('C', 4)]);
    expect(merged.map((i) => [i.sku, i.quantity])).toEqual([['A', 1], ['B', 10_000], ['C', 4]]);
  });

  it('drops merged lines beyond 100', () => {
    const target = Array.from({ length: 100 }, (_, i) => item(`T${i}`, 1));
    expect(mergeCartItems(target, [item('NEW', 1), item('T0', 1)]).map((i) => i.sku)).not.toContain('NEW');
  });

  it('prices lines from the catalog and keeps lines of products no longer sold', () => {
    const products = [{ id: 'p', sku: 'A', name: 'Alpha', price: 10.05, currency: 'EUR', warranty_months: 24, available: 3, in_stock: true }];
    const priced = priceCart([item('A', 3), item('GONE', 1)], products);
    expect(priced.items[0]).toMatchObject({ sku: 'A', name: 'Alpha', unit_price: 10.05, line_total: 30.15, available: 3, in_stock: true, purchasable: true });
    expect(priced.items[1]).toMatchObject({ sku: 'GONE', unit_price: null, line_total: null, purchasable: false });
    expect(priced).toMatchObject({ subtotal: 30.15, currency: 'EUR', item_count: 4 });
  });
});
