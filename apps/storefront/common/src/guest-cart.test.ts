import { describe, expect, it } from 'vitest';
import { MAX_LINE_QUANTITY, addGuestLine, guestCartMerge, guestCartTotals, guestCheckoutItems, setGuestQuantity, type GuestCartLine } from './guest-cart.js';

const line = (sku: string, quantity: number, price = 10): GuestCartLine => ({ sku, product_id: `id-${sku}`, name: sku, price, currency: 'EUR', quantity });

describe('guest cart', () => {
  it('adds to the line of the same SKU, in any case, up to the line limit', () => {
    let cart = addGuestLine([], line('LAP-1', 2));
    cart = addGuestLine(cart, line('lap-1', 3));
    expect(cart.map((l) => [l.sku, l.quantity])).toEqual([['LAP-1', 5]]);
    expect(addGuestLine(cart, line('LAP-1', MAX_LINE_QUANTITY))[0]!.quantity).toBe(MAX_LINE_QUANTITY);
  });

  it('removes a line set to 0 and totals in cents', () => {
    const cart = setGuestQuantity([line('A-1', 1, 0.1), line('B-1', 2, 0.1)], 'a-1', 0);
    expect(cart.map((l) => l.sku)).toEqual(['B-1']);
    expect(guestCartTotals([line('A-1', 1, 0.1), line('B-1', 2, 0.1)])).toEqual({ count: 3, subtotal: 0.3, currency: 'EUR' });
  });

  it('checks out each line with the price the shopper saw', () => {
    expect(guestCheckoutItems([line('A-1', 2, 49.9)])).toEqual([{ sku: 'A-1', quantity: 2, price: 49.9 }]);
  });
});

describe('guestCartMerge', () => {
  it('adds each guest line once to the user cart, without passing the line limit with what the cart holds', () => {
    const guest = [line('LAP-1', 1), line('lap-1', 2), line('PRT-2', 4), line('PRT-3', 1)];
    const userCart = [{ sku: 'prt-2', quantity: MAX_LINE_QUANTITY - 1 }, { sku: 'PRT-3', quantity: MAX_LINE_QUANTITY }];
    expect(guestCartMerge(guest, userCart)).toEqual([
      { sku: 'LAP-1', quantity: 3 },
      { sku: 'PRT-2', quantity: 1 },
    ]);
  });

  it('adds nothing for an empty guest cart', () => {
    expect(guestCartMerge([], [{ sku: 'A-1', quantity: 1 }])).toEqual([]);
  });
});
