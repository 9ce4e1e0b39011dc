import type { App } from '@storefleet/kit';
import { CreateOrderSchema, DEFAULT_CHANNEL, OrderSchema, type Order } from '@storefleet/contracts';
import type { Checkout } from '../saga/checkout.js';
import { CheckoutHeadersSchema, contextOf } from './schemas.js';
import { createOutcomeCounter, problems } from '@storefleet/kit';

/** `POST /orders`: checkout for signed-in users and guests; registered behind the optional auth hook. */
export function checkoutRoutes(app: App, { checkout }: { checkout: Checkout }): void {
  const checkouts = createOutcomeCounter(app, {
    name: 'storefleet_checkouts_total',
    help: 'Checkouts answered, by outcome: placed, or the problem code that refused or ended them (an idempotent replay counts again)',
    label: 'outcome',
    values: ['placed', 'out_of_stock', 'payment_declined', 'payment_failed', 'unavailable', 'checkout_interrupted'],
  });
  app.post(
    '/orders',
    {
      schema: {
        tags: ['orders'],
        operationId: 'createOrder',
        summary: 'Check out `items`, or the cart when items are absent: reserve stock, authorize the card, answer the processing order',
        description:
          'Prices come from the catalog only (a differing `items[].price` or `total` is 409). Guests give `email` and send their cart as X-Cart-Id. ' +
          'Failures after the order was created name it in `order_id`: 409 out_of_stock (with `shortages`), 402 payment_declined, ' +
          '502 payment_failed, 503 when inventory or payments is unavailable; the order then ends cancelled with the reason on its timeline.',
        security: [{ bearer: [] }, {}],
        headers: CheckoutHeadersSchema,
        body: CreateOrderSchema,
        response: { 201: OrderSchema, ...problems(400, 401, 402, 404, 409, 422, 502, 503) },
      },
    },
    async (request, reply) => {
      const answer = await checkout.place({
        body: request.body,
        user: request.user,
        cartId: request.headers['x-cart-id'],
        channel: request.headers['x-channel'] ?? DEFAULT_CHANNEL,
        idempotencyKey: request.headers['idempotency-key'],
        context: contextOf(request),
      });
      checkouts(answer.status < 300 ? 'placed' : String((answer.body as { code?: string }).code ?? answer.status));
      if (answer.status >= 400) reply.type('application/problem+json');
      // The answer may be a stored one (an idempotent replay) of any declared status.
      return reply.code(answer.status as 201).send(answer.body as Order);
    },
  );
}
