import { describe, expect, it } from 'vitest';
import { cancelReason, checkoutProblem, type SagaFailure } from './checkout-outcome.js';

const ORDER = '11111111-1111-4111-8111-111111111111';

describe('checkout outcome', () => {
  it('answers each failure with its status, code and the order id', () => {
    const cases: [SagaFailure, number, string][] = [
      [{ kind: 'out_of_stock', shortages: [{ sku: 'A', requested: 2, available: 1 }] }, 409, 'out_of_stock'],
      [{ kind: 'payment_declined', detail: 'card_declined' }, 402, 'payment_declined'],
      [{ kind: 'payment_failed', detail: 'processor_error' }, 502, 'payment_failed'],
      [{ kind: 'unavailable', service: 'payments', detail: 'timeout' }, 503, 'payments_unavailable'],
      [{ kind: 'reservation_expired' }, 409, 'reservation_expired'],
    ];
    for (const [failure, status, code] of cases) {
      const problem = checkoutProblem(failure, ORDER);
      expect(problem.status).toBe(status);
      expect(problem.extensions).toMatchObject({ code, order_id: ORDER });
    }
    expect(checkoutProblem(cases[0]![0], ORDER).extensions?.shortages).toEqual([{ sku: 'A', requested: 2, available: 1 }]);
  });

  it('names the reason an order was cancelled', () => {
    expect(cancelReason({ kind: 'payment_declined', detail: null })).toBe('payment_declined');
    expect(cancelReason({ kind: 'unavailable', service: 'inventory', detail: 'x' })).toBe('inventory_unavailable');
    expect(cancelReason({ kind: 'interrupted' })).toBe('checkout_interrupted');
  });
});
