import type { App } from '@storefleet/kit';
import { requireUser, problems } from '@storefleet/kit';
import { IdParamsSchema, PaymentDetailSchema, PaymentListQuerySchema, PaymentListSchema } from '@storefleet/contracts';
import { canView, paymentNotFound, visibleOwner } from '../domain/payment.js';
import type { PaymentsStore } from '../store/payments-store.js';

const security = [{ bearer: [] }];

/** Reads for signed-in users: a customer sees only their own payments, an admin sees all. */
export function paymentRoutes(app: App, { payments }: { payments: PaymentsStore }): void {
  app.get(
    '/payments',
    {
      schema: {
        tags: ['payments'],
        operationId: 'listPayments',
        summary: 'List payments, newest first (a customer: their own; an admin: all), by order_id and status',
        security,
        querystring: PaymentListQuerySchema,
        response: { 200: PaymentListSchema, ...problems(400, 401) },
      },
    },
    async (request) => {
      const { page = 1, limit = 20, order_id, status } = request.query;
      const found = await payments.list({ page, limit, order_id, status, user_id: visibleOwner(requireUser(request)) });
      return { ...found, page, limit };
    },
  );

  app.get(
    '/payments/:id',
    {
      schema: {
        tags: ['payments'],
        operationId: 'getPayment',
        summary: 'One payment with its operations (its owner or an admin; anyone else gets 404)',
        security,
        params: IdParamsSchema,
        response: { 200: PaymentDetailSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const payment = await payments.detail({ id: request.params.id });
      if (!payment || !canView(payment, requireUser(request))) throw paymentNotFound(request.params.id);
      return payment;
    },
  );
}
