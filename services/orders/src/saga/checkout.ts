import { randomUUID } from 'node:crypto';
import { AppError, toProblem, type AuthUser } from '@storefleet/kit';
import type { CreateOrder } from '@storefleet/contracts';
import type { CartService } from '../carts/cart-service.js';
import type { CatalogClient } from '../clients/catalog-client.js';
import type { CallContext } from '../clients/upstream.js';
import { checkoutProblem } from '../domain/checkout-outcome.js';
import { checkClientTotal, checkoutCard, checkoutEmail, priceLines, requestedFromCart, requestedFromItems, type RequestedLine } from '../domain/checkout-request.js';
import { idempotencyScope, keyReusedWithAnotherBody, keyStillRunning, requestHash } from '../domain/idempotency.js';
import { toOrder, type OrderRecord } from '../store/order-rows.js';
import type { IdempotencyStore, StoredKey } from '../store/idempotency-store.js';
import type { OrdersStore } from '../store/orders-store.js';
import type { CheckoutSaga } from './checkout-saga.js';
import type { LeaseKeeper } from './lease-keeper.js';

export interface CheckoutRequest {
  body: CreateOrder;
  user?: AuthUser;
  /** The guest cart id of the X-Cart-Id header. */
  cartId?: string;
  channel: string;
  idempotencyKey?: string;
  context: CallContext;
}

/** What `POST /orders` answers: 201 with the order, or a problem (with `order_id` once an order exists). */
export interface CheckoutAnswer {
  status: number;
  body: unknown;
}

export interface CheckoutDeps {
  saga: CheckoutSaga;
  leases: LeaseKeeper;
  orders: OrdersStore;
  keys: IdempotencyStore;
  carts: CartService;
  catalog: CatalogClient;
}

function problemAnswer(error: AppError, requestId: string): CheckoutAnswer {
  return { status: error.status, body: { ...toProblem(error), request_id: requestId } };
}

/** The answer for a key whose first request never answered (its process stopped) once the resumer settled its order. */
function settledAnswer(order: OrderRecord, requestId: string): CheckoutAnswer {
  if (order.status !== 'cancelled') return { status: 201, body: toOrder(order) };
  return problemAnswer(new AppError('conflict', `The checkout ended with the order cancelled (${order.cancel_reason ?? 'no reason'})`, {
    extensions: { code: 'checkout_failed', order_id: order.id, reason: order.cancel_reason },
  }), requestId);
}

/**
 * Checkout: validates the request, prices it from catalog, creates the pending order and drives its saga;
 * an Idempotency-Key makes a retry answer the first result (another body: 422; still running: 409).
 * @example const answer = await checkout.place({ body, user, channel: 'web', context: { id: request.id } })
 */
export function createCheckout({ saga, leases, orders, keys, carts, catalog }: CheckoutDeps) {
  async function price(request: CheckoutRequest, requested: RequestedLine[]) {
    const skus = requested.flatMap((l) => (l.sku ? [l.sku] : []));
    const ids = requested.flatMap((l) => (!l.sku && l.product_id ? [l.product_id] : []));
    const products = await catalog.lookup({ skus, ids }, request.context);
    const priced = priceLines(requested, products);
    checkClientTotal(request.body.total, priced);
    return priced;
  }

  async function replay(stored: StoredKey, hash: string, requestId: string): Promise<CheckoutAnswer> {
    if (stored.request_hash !== hash) throw keyReusedWithAnotherBody();
    if (stored.state === 'done') return { status: stored.response_status!, body: stored.response_body };
    const order = stored.order_id ? await orders.get(stored.order_id) : undefined;
    if (order && order.saga.state === 'done') return settledAnswer(order, requestId);
    throw keyStillRunning(stored.order_id);
  }

  return {
    async place(request: CheckoutRequest): Promise<CheckoutAnswer> {
      const { body, user } = request;
      const email = checkoutEmail(user, body.email);
      const card = checkoutCard(body.payment.card_number);
      const explicit = body.items ? requestedFromItems(body.items) : undefined;
      const fromCart = !explicit;
      const key = request.idempotencyKey;
      const scope = idempotencyScope(user, { cartId: request.cartId, email });
      if (key) {
        const hash = requestHash({ ...body, payment: { card_number: card.number }, cart_id: fromCart ? (request.cartId ?? null) : null });
        const claim = await keys.claim(scope, key, hash);
        if (claim.kind === 'existing') return replay(claim.key, hash, request.context.id);
      }

      let created: OrderRecord | undefined;
      try {
        const cart = fromCart ? await carts.forCheckout({ user, cartId: request.cartId, context: request.context }) : undefined;
        const priced = await price(request, explicit ?? requestedFromCart(cart?.items ?? []));
        const owner = randomUUID();
        created = await orders.create(
          {
            id: randomUUID(), user_id: user?.id ?? null, email, phone: body.phone ?? null, channel: request.channel, cart_id: cart?.id ?? null, ...priced,
            card_brand: card.brand, card_last4: card.last4, actor: user?.id ?? 'guest', lease_owner: owner,
          },
          key ? { scope, key } : undefined,
        );
        const result = await leases.during(created.id, owner, async () => {
          await saga.afterStep('create');
          return saga.drive(created!.id, owner, { cardNumber: card.number, context: request.context }, created);
        });
        const answer = result.failure
          ? problemAnswer(checkoutProblem(result.failure, created.id), request.context.id)
          : { status: 201, body: toOrder(result.order) };
        if (key && result.failure?.kind !== 'lease_lost') await keys.finish(scope, key, answer.status, answer.body);
        return answer;
      } catch (error) {
        // Nothing was created: the client may fix the request and retry with the same key.
        if (key && !created) await keys.abandon(scope, key);
        throw error;
      }
    },
  };
}

export type Checkout = ReturnType<typeof createCheckout>;
