import { Type } from '@sinclair/typebox';
import type { Problem } from '@storefleet/contracts';

/** The shared Problem schema, registered once on the app by the kit. */
export const ProblemRef = Type.Unsafe<Problem>(Type.Ref('Problem'));

/** Problem responses for the given statuses, so OpenAPI lists every failure a route can answer. */
export function problems(...statuses: number[]): Record<number, typeof ProblemRef> {
  return Object.fromEntries(statuses.map((status) => [status, ProblemRef]));
}

/** A request without a body is taken as `{}`, for routes whose body fields are all optional. */
export async function emptyBodyAsObject(request: { body: unknown }): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}

export const IdempotencyHeadersSchema = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'A retried refund with the same key is done once' })),
});

export const OrderIdParamsSchema = Type.Object({ order_id: Type.String({ format: 'uuid' }) });
