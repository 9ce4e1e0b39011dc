import type { App } from '@storefleet/kit';
import { PaymentSchema } from '@storefleet/contracts';
import { CreatePaymentSchema, RefundPaymentSchema, VoidPaymentSchema } from '@storefleet/contracts/internal';
import type { CardProcessor } from '../card-processor.js';
import { IdempotencyHeadersSchema, OrderIdParamsSchema, emptyBodyAsObject } from './schemas.js';
import { createOutcomeCounter, problems } from '@storefleet/kit';

const tags = ['internal'];

/** Service-to-service routes used by orders; the gateway never routes /internal. */
export function internalPaymentRoutes(app: App, { processor }: { processor: CardProcessor }): void {
  const authorizations = createOutcomeCounter(app, {
    name: 'storefleet_payment_authorizations_total',
    help: 'Payment authorizations, by result: authorized, declined (the card), failed (the processor), pending',
    label: 'result',
    values: ['authorized', 'declined', 'failed', 'pending'],
  });
  app.post(
    '/internal/payments',
    {
      schema: {
        tags,
        operationId: 'authorizePayment',
        summary: "Authorize an order's payment (idempotent by order_id: 201 new, 200 the first result); the test card decides the outcome",
        body: CreatePaymentSchema,
        response: { 200: PaymentSchema, 201: PaymentSchema, ...problems(400, 503) },
      },
    },
    async (request, reply) => {
      const { payment, created } = await processor.authorize(request.body);
      if (created) authorizations(payment.status);
      return reply.code(created ? 201 : 200).send(payment);
    },
  );

  app.post(
    '/internal/payments/by-order/:order_id/capture',
    {
      schema: {
        tags,
        operationId: 'capturePayment',
        summary: "Capture an order's authorized payment (a captured one answers as is); emits payment.captured",
        params: OrderIdParamsSchema,
        response: { 200: PaymentSchema, ...problems(400, 404, 409) },
      },
    },
    async (request) => processor.capture(request.params.order_id),
  );

  app.post(
    '/internal/payments/by-order/:order_id/void',
    {
      preValidation: emptyBodyAsObject,
      schema: {
        tags,
        operationId: 'voidPayment',
        summary: "Void an order's pending or authorized payment; with none yet, a voided tombstone stops a late authorization; emits payment.voided",
        params: OrderIdParamsSchema,
        body: VoidPaymentSchema,
        response: { 200: PaymentSchema, ...problems(400, 409) },
      },
    },
    async (request) => processor.void(request.params.order_id, request.body.reason ?? null),
  );

  app.post(
    '/internal/payments/by-order/:order_id/refund',
    {
      preValidation: emptyBodyAsObject,
      schema: {
        tags,
        operationId: 'refundPaymentByOrder',
        summary: "Refund an order's captured payment, in full unless amount is given; emits payment.refunded",
        params: OrderIdParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: RefundPaymentSchema,
        response: { 200: PaymentSchema, ...problems(400, 404, 409, 422) },
      },
    },
    async (request) =>
      processor.refund({ order_id: request.params.order_id }, request.body, { actor: 'system', idempotency_key: request.headers['idempotency-key'] }),
  );
}
