import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { CHANNEL_PATTERN, DEFAULT_CHANNEL } from '@storefleet/contracts';
import type { CallContext } from '../clients/upstream.js';

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
