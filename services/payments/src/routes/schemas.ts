import { Type } from '@sinclair/typebox';

/** A request without a body is taken as `{}`, for routes whose body fields are all optional. */
export async function emptyBodyAsObject(request: { body: unknown }): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}

export const IdempotencyHeadersSchema = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'A retried refund with the same key is done once' })),
});

export const OrderIdParamsSchema = Type.Object({ order_id: Type.String({ format: 'uuid' }) });
