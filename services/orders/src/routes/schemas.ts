import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { CHANNEL_PATTERN, DEFAULT_CHANNEL, type Problem } from '@storefleet/contracts';
import type { CallContext } from '../clients/upstream.js';

/** The shared Problem schema, registered once on the app by the kit. */
export const ProblemRef = Type.Unsafe<Problem>(Type.Ref('Problem'));

/** Problem responses for the given statuses, so OpenAPI lists every failure a route can answer. */
export function problems(...statuses: number[]): Record<number, typeof ProblemRef> {
  return Object.fromEntries(statuses.map((status) => [status, ProblemRef]));
}

export const security = [{ bearer: [] }];

const cartId = Type.Optional(Type.String({ format: 'uuid', description: 'A guest cart id, as answered in the body `id` and the X-Cart-Id response header' }));

export const CartHeadersSchema = Type.Object({ 'x-cart-id': cartId });

export const CheckoutHeadersSchema = Type.Object({
  'x-cart-id': cartId,
  'x-channel': Type.Optional(Type.String({ pattern: CHANNEL_PATTERN, description: `The storefront the order comes from (default ${DEFAULT_CHANNEL})` })),
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'A retry with the same key and body answers the first result' })),
});

/** The request a call to another service continues. */
export function contextOf(request: FastifyRequest): CallContext {
  return { id: request.id, traceparent: request.traceparent };
}
