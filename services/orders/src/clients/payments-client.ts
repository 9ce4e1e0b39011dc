import { createCheck, type HttpClient } from '@storefleet/kit';
import { PaymentSchema, type Payment } from '@storefleet/contracts';
import type { CreatePayment, RefundPayment } from '@storefleet/contracts/internal';
import { unexpected, type ChangeOptions, type UpstreamProblem } from './upstream.js';

/** The part of a payment orders keeps. */
export type PaymentResult = Pick<Payment, 'id' | 'status' | 'failure_reason'>;

const isPayment = createCheck(PaymentSchema);

/** The payment's status after a capture, void or refund, or why there was nothing to do. */
export type PaymentChange = { ok: true; status: string } | { ok: false; reason: 'missing' | 'conflict'; detail?: string };

export interface PaymentsClient {
  /**
   * Idempotent by order id; the status (authorized, declined, failed, voided) is the business outcome.
   * Orders checks the card (Luhn) before, so any refusal (400) means payments cannot do its part.
   */
  authorize(input: CreatePayment, options: ChangeOptions): Promise<PaymentResult>;
  capture(orderId: string, options: ChangeOptions): Promise<PaymentChange>;
  /** Voids an authorization, or leaves a tombstone so a late authorization does not happen. */
  void(orderId: string, options: ChangeOptions): Promise<PaymentChange>;
  refund(orderId: string, body: RefundPayment, options: ChangeOptions): Promise<PaymentChange>;
}

/**
 * Payments' `/internal/payments...` over `http` (HTTP, or in-process in embedded mode); a call it cannot
 * answer throws AppError('unavailable').
 * @example const payments = createPaymentsClient(createHttpClient({ name: 'payments', urls: parseUrls(config.PAYMENTS_URLS) }))
 */
export function createPaymentsClient(http: HttpClient): PaymentsClient {

  async function change(orderId: string, action: 'capture' | 'void' | 'refund', body: unknown, { key, context }: ChangeOptions): Promise<PaymentChange> {
    const result = await http.call({ method: 'POST', path: `/internal/payments/by-order/${orderId}/${action}`, body, idempotencyKey: key, context });
    if (result.status === 200 && isPayment(result.body)) return { ok: true, status: result.body.status };
    if (result.status === 404) return { ok: false, reason: 'missing' };
    if (result.status === 409) return { ok: false, reason: 'conflict', detail: (result.body as UpstreamProblem | undefined)?.detail };
    throw unexpected('payments', `a payment ${action}`, result);
  }

  return {
    async authorize(input, { key, context }) {
      const result = await http.call({ method: 'POST', path: '/internal/payments', body: input, idempotencyKey: key, context });
      if ((result.status === 200 || result.status === 201) && isPayment(result.body)) {
        return { id: result.body.id, status: result.body.status, failure_reason: result.body.failure_reason };
      }
      throw unexpected('payments', 'an authorization', result);
    },
    capture: (orderId, options) => change(orderId, 'capture', {}, options),
    void: (orderId, options) => change(orderId, 'void', {}, options),
    refund: (orderId, body, options) => change(orderId, 'refund', body, options),
  };
}
