import { AppError } from '@storefleet/kit';
import type { Shortage } from '../clients/inventory-client.js';

/** Why a checkout saga did not complete. */
export type SagaFailure =
  | { kind: 'out_of_stock'; shortages: Shortage[] }
  | { kind: 'payment_declined'; detail: string | null }
  | { kind: 'payment_failed'; detail: string | null }
  | { kind: 'unavailable'; service: 'inventory' | 'payments'; detail: string }
  | { kind: 'reservation_expired' }
  | { kind: 'interrupted' }
  | { kind: 'lease_lost' };

/** The `cancel_reason` (and timeline reason) an order gets when its checkout fails this way. */
export function cancelReason(failure: SagaFailure): string {
  switch (failure.kind) {
    case 'unavailable':
      return `${failure.service}_unavailable`;
    case 'interrupted':
      return 'checkout_interrupted';
    default:
      return failure.kind;
  }
}

/** The problem a checkout request answers when its saga failed; every one names the order that was created. */
export function checkoutProblem(failure: SagaFailure, orderId: string): AppError {
  const order_id = orderId;
  switch (failure.kind) {
    case 'out_of_stock':
      return new AppError('conflict', `Not enough stock for ${failure.shortages.map((s) => s.sku).join(', ') || 'this order'}; the order was cancelled`, {
        extensions: { code: 'out_of_stock', shortages: failure.shortages, order_id },
      });
    case 'payment_declined':
      return new AppError('payment_required', 'The card was declined; the order was cancelled', { extensions: { code: 'payment_declined', order_id } });
    case 'payment_failed':
      return new AppError('bad_gateway', 'The payment processor failed; the order was cancelled', { extensions: { code: 'payment_failed', order_id } });
    case 'unavailable':
      return new AppError('unavailable', `The ${failure.service} service is unavailable; the order was cancelled, try again later`, {
        extensions: { code: `${failure.service}_unavailable`, order_id },
      });
    case 'reservation_expired':
      return new AppError('conflict', 'The stock reservation expired before the payment completed; the order was cancelled', {
        extensions: { code: 'reservation_expired', order_id },
      });
    case 'interrupted':
    case 'lease_lost':
      return new AppError('conflict', 'The checkout was interrupted and is being finished in the background; see the order', {
        extensions: { code: 'checkout_interrupted', order_id },
      });
  }
}
