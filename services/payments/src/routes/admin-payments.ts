import type { App } from '@storefleet/kit';
import { requireUser, problems } from '@storefleet/kit';
import { AdminRefundPaymentSchema, IdParamsSchema, PaymentDetailSchema } from '@storefleet/contracts';
import type { CardProcessor } from '../card-processor.js';
import { paymentNotFound } from '../domain/payment.js';
import type { PaymentsStore } from '../store/payments-store.js';
import { IdempotencyHeadersSchema } from './schemas.js';

/** Payment changes for admins; registered on a scope whose hooks already demand an admin token. */
export function adminPaymentRoutes(app: App, { processor, payments }: { processor: CardProcessor; payments: PaymentsStore }): void {
  app.post(
    '/payments/:id/refund',
    {
      schema: {
        tags: ['payments'],
        operationId: 'refundPayment',
        summary: 'Refund a captured payment, in full unless amount is given (admin); emits payment.refunded',
        security: [{ bearer: [] }],
        params: IdParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: AdminRefundPaymentSchema,
        response: { 200: PaymentDetailSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const key = { id: request.params.id };
      await processor.refund(key, request.body, { actor: requireUser(request).id, idempotency_key: request.headers['idempotency-key'] });
      const payment = await payments.detail(key);
      if (!payment) throw paymentNotFound(request.params.id);
      return payment;
    },
  );
}
