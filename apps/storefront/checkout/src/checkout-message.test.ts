import { describe, expect, it } from 'vitest';
import { checkoutMessage } from './checkout-message.js';

const problem = (status: number, extra: Record<string, unknown> = {}) => ({ type: 'about:blank', title: 'x', status, ...extra });

describe('checkoutMessage', () => {
  it('tells a declined card from a processor failure, both leaving the cart unchanged', () => {
    const declined = checkoutMessage(problem(402, { code: 'payment_declined', detail: 'The card was declined; the order was cancelled' }));
    const failed = checkoutMessage(problem(502, { code: 'payment_failed' }));
    expect(declined.title).toBe('Your card was declined');
    expect(failed.title).toBe('The payment could not be processed');
    expect([declined.text, failed.text].every((t) => t.includes('cart is unchanged'))).toBe(true);
  });

  it('lists the out-of-stock lines with what is left', () => {
    const message = checkoutMessage(problem(409, { code: 'out_of_stock', shortages: [{ sku: 'LAP-1', requested: 3, available: 1 }, null] }));
    expect(message.title).toBe('Some items are no longer in stock');
    expect(message.shortages).toEqual([{ sku: 'LAP-1', requested: 3, available: 1 }]);
  });

  it('shows any other problem by its detail', () => {
    expect(checkoutMessage(problem(400, { detail: 'email is required for a guest checkout' })).text).toBe('email is required for a guest checkout');
    expect(checkoutMessage(problem(409, { detail: 'The price of LAP-1 is now 999' })).title).toBe('Prices have changed');
  });
});
