import type { FastifyReply } from 'fastify';
import type { App } from '@storefleet/kit';
import { AddCartItemSchema, CartItemParamsSchema, CartSchema, SetCartItemSchema, type Cart } from '@storefleet/contracts';
import type { CartService } from '../carts/cart-service.js';
import { CartHeadersSchema, contextOf } from './schemas.js';
import { problems } from '@storefleet/kit';

const tags = ['cart'];
/** A token is optional here: signed-in users and guests (X-Cart-Id) both have carts. */
const security: Record<string, string[]>[] = [{ bearer: [] }, {}];

/** Answers a cart with its id in the X-Cart-Id header, which a guest sends back. */
function send(reply: FastifyReply, cart: Cart): Cart {
  if (cart.id) reply.header('x-cart-id', cart.id);
  return cart;
}

/** The cart of a signed-in user (token) or of a guest (X-Cart-Id); registered behind the optional auth hook. */
export function cartRoutes(app: App, { carts }: { carts: CartService }): void {
  app.get(
    '/cart',
    {
      schema: {
        tags, security, operationId: 'getCart', summary: 'The caller\'s cart, priced from the catalog (a guest without X-Cart-Id gets an empty cart with id null)',
        headers: CartHeadersSchema,
        response: { 200: CartSchema, ...problems(400, 401, 404, 503) },
      },
    },
    async (request, reply) => send(reply, await carts.get({ user: request.user, cartId: request.headers['x-cart-id'], context: contextOf(request) })),
  );

  app.post(
    '/cart/items',
    {
      schema: {
        tags, security, operationId: 'addCartItem',
        summary: 'Add a product by sku or product_id (adds to the quantity of a line already there, capped at 10000); answers 201 with the cart, creating a guest cart when needed',
        headers: CartHeadersSchema,
        body: AddCartItemSchema,
        response: { 201: CartSchema, ...problems(400, 401, 404, 422, 503) },
      },
    },
    async (request, reply) => send(reply.code(201), await carts.add({ user: request.user, cartId: request.headers['x-cart-id'], context: contextOf(request) }, request.body)),
  );

  app.patch(
    '/cart/items/:sku',
    {
      schema: {
        tags, security, operationId: 'setCartItemQuantity', summary: 'Set the quantity of a cart line',
        headers: CartHeadersSchema,
        params: CartItemParamsSchema,
        body: SetCartItemSchema,
        response: { 200: CartSchema, ...problems(400, 401, 404, 503) },
      },
    },
    async (request, reply) =>
      send(reply, await carts.setQuantity({ user: request.user, cartId: request.headers['x-cart-id'], context: contextOf(request) }, request.params.sku, request.body.quantity)),
  );

  app.delete(
    '/cart/items/:sku',
    {
      schema: {
        tags, security, operationId: 'removeCartItem', summary: 'Remove a line from the cart',
        headers: CartHeadersSchema,
        params: CartItemParamsSchema,
        response: { 200: CartSchema, ...problems(400, 401, 404, 503) },
      },
    },
    async (request, reply) => send(reply, await carts.remove({ user: request.user, cartId: request.headers['x-cart-id'], context: contextOf(request) }, request.params.sku)),
  );

  app.delete(
    '/cart',
    {
      schema: {
        tags, security, operationId: 'clearCart', summary: 'Empty the cart',
        headers: CartHeadersSchema,
        response: { 200: CartSchema, ...problems(400, 401, 404, 503) },
      },
    },
    async (request, reply) => send(reply, await carts.clear({ user: request.user, cartId: request.headers['x-cart-id'], context: contextOf(request) })),
  );
}
