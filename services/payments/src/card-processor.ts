import { AppError } from '@storefleet/kit';
import type { Payment } from '@storefleet/contracts';
import type { CreatePayment } from '@storefleet/contracts/internal';
import { paymentNotFound, planAuthorization, planCapture, planRefund, planVoid, readCard } from './domain/payment.js';
import type { ChangedBy, NewPayment, PaymentKey, PaymentsStore } from './store/payments-store.js';

const SYSTEM: ChangedBy = { actor: 'system' };

/** An order's void that came before its authorization: a voided intent with nothing on it. */
function tombstone(orderId: string): NewPayment {
  return { order_id: orderId, user_id: null, email: null, amount: 0, currency: 'EUR', status: 'voided', card: null, failure_reason: null };
}

/**
 * The simulated card processor: authorizes an order's payment once (the test card decides the
 * outcome), then captures, voids or refunds it. The slow card's intent is written `pending` before
 * its wait and authorized only if still pending afterwards, so a void during the wait wins.
 * @example const processor = createCardProcessor({ payments, slowCardMs: 10_000 })
 */
export function createCardProcessor({ payments, slowCardMs }: { payments: PaymentsStore; slowCardMs: number }) {
  const waiting = new Set<{ timer: NodeJS.Timeout; reject: (error: Error) => void }>();

  function wait(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const entry = {
        timer: setTimeout(() => {
          waiting.delete(entry);
          resolve();
        }, ms),
        reject,
      };
      waiting.add(entry);
    });
  }

  /** A pending intent is decided once its wait is over, by whichever request gets there first (or after a restart). */
  async function settle(payment: Payment, created: boolean): Promise<Payment> {
    if (payment.status !== 'pending') return payment;
    const left = created ? slowCardMs : Date.parse(payment.created_at) + slowCardMs - Date.now();
    if (left > 0) await wait(Math.min(left, slowCardMs));
    return (await payments.change({ order_id: payment.order_id }, planAuthorization, SYSTEM)) ?? payment;
  }

  async function changeOrFail(key: PaymentKey, plan: Parameters<PaymentsStore['change']>[1], by: ChangedBy): Promise<Payment> {
    const payment = await payments.change(key, plan, by);
    if (!payment) throw paymentNotFound('id' in key ? key.id : `for order ${key.order_id}`);
    return payment;
  }

  return {
    /** Authorizes the order's payment, or answers the one it already has (`created` false). */
    async authorize(request: CreatePayment): Promise<{ payment: Payment; created: boolean }> {
      const { card, outcome } = readCard(request.card_number);
      const intent: NewPayment = {
        order_id: request.order_id,
        user_id: request.user_id,
        email: request.email,
        amount: Math.round(request.amount * 100) / 100,
        currency: request.currency,
        status: outcome.status === 'slow' ? 'pending' : outcome.status,
        card,
        failure_reason: outcome.failure_reason,
      };
      const { payment, created } = await payments.insert(intent, 'authorize', SYSTEM);
      return { payment: await settle(payment, created), created };
    },

    capture: (orderId: string): Promise<Payment> => changeOrFail({ order_id: orderId }, planCapture, SYSTEM),

    /** Voids the order's payment; with none yet, leaves a voided tombstone so a late authorization does nothing. */
    async void(orderId: string, reason: string | null = null): Promise<Payment> {
      const key = { order_id: orderId };
      const voided = await payments.change(key, (p) => planVoid(p, reason), SYSTEM);
      if (voided) return voided;
      const { payment, created } = await payments.insert({ ...tombstone(orderId) }, 'void', SYSTEM);
      // An authorization inserted first: void that one instead.
      return created ? payment : changeOrFail(key, (p) => planVoid(p, reason), SYSTEM);
    },

    refund: (key: PaymentKey, request: { amount?: number; reason?: string | null }, by: ChangedBy): Promise<Payment> =>
      changeOrFail(key, (p) => planRefund(p, request), by),

    /** Ends the slow card's waits: their requests answer 503 and the intents stay pending for a retry. */
    stop(): void {
      for (const entry of waiting) {
        clearTimeout(entry.timer);
        entry.reject(new AppError('unavailable', 'The payments service is stopping; retry the authorization'));
      }
      waiting.clear();
    },
  };
}

export type CardProcessor = ReturnType<typeof createCardProcessor>;
