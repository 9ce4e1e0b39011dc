import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSystem } from '@storefleet/system';
import { ADMIN, apiClient, startTestSystem } from '../support/system.js';
import { DECLINED_CARD, SUCCESS_CARD, allStock, createStockedProduct, eventually, guestCheckout, stockOf } from '../support/commerce.js';

let system: RunningSystem;
let api: ReturnType<typeof apiClient>;
let adminToken: string;

beforeAll(async () => {
  // Unfinished sagas are looked for often, so a crashed checkout is resumed soon after its lease ends.
  // The lease stays at its default: a short one expires under a loaded machine while 200 live
  // checkouts run, and the resumer then takes them over (checkout_interrupted instead of out_of_stock).
  system = await startTestSystem({ SAGA_RESUME_INTERVAL_MS: '200' });
  api = apiClient(system.gatewayUrl);
  adminToken = await api.login(ADMIN.email, ADMIN.password);
});
afterAll(() => system?.stop());

const orderOf = (id: string) => api.get(`/api/orders/${id}`, adminToken).then((r) => r.body);
const paymentsOf = (orderId: string) => api.get(`/api/payments?order_id=${orderId}`, adminToken).then((r) => r.body.items as any[]);

describe('checkout through the gateway', () => {
  it('sells exactly the 20 units in stock to 200 racing buyers, and answers the rest with 409', async () => {
    const { sku } = await createStockedProduct(api, adminToken, { onHand: 20 });
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => guestCheckout(api, [{ sku, quantity: 1 }], { email: `racer-${i}@example.com` })));

    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 409)).toHaveLength(180);
    for (const refused of responses.filter((r) => r.status === 409)) {
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.code).toBe('out_of_stock');
    }
    for (const sold of responses.filter((r) => r.status === 201)) expect(sold.body.status).toBe('processing');

    expect(await stockOf(api, adminToken, sku)).toMatchObject({ on_hand: 0, reserved: 0, available: 0 });
    for (const level of await allStock(api, adminToken)) {
      expect(level.available).toBeGreaterThanOrEqual(0);
      expect(level.on_hand).toBe(level.available + level.reserved);
    }
    const processing = await api.get(`/api/orders?status=processing&limit=100`, adminToken);
    const soldUnits = processing.body.items
      .flatMap((o: any) => o.items)
      .filter((line: any) => line.sku === sku)
      .reduce((sum: number, line: any) => sum + line.quantity, 0);
    expect(soldUnits).toBe(20);

    const product = await eventually(() => api.get(`/api/products/search?q=${sku}`).then((r) => r.body.items[0]), (p) => p?.in_stock === false);
    expect(product).toMatchObject({ sku, available: 0, in_stock: false });
  });

  it('cancels an order whose card is declined, releases its stock and captures nothing', async () => {
    const { sku } = await createStockedProduct(api, adminToken, { onHand: 5 });
    const response = await guestCheckout(api, [{ sku, quantity: 2 }], { card: DECLINED_CARD });
    expect(response.status).toBe(402);
    expect(response.body.code).toBe('payment_declined');

    const order = await orderOf(response.body.order_id);
    expect(order.status).toBe('cancelled');
    const timeline = await api.get(`/api/orders/${order.id}/timeline`, adminToken);
    expect(JSON.stringify(timeline.body)).toMatch(/declined/i);
    expect(await stockOf(api, adminToken, sku)).toMatchObject({ on_hand: 5, reserved: 0, available: 5 });
    const payments = await paymentsOf(order.id);
    expect(payments.map((p) => p.status)).toEqual(['declined']);
  });

  it('answers 503 while payments is down and leaves no stock reserved once it is back', async () => {
    const { sku } = await createStockedProduct(api, adminToken, { onHand: 3 });
    await system.stopService('payments');
    let orderId: string;
    try {
      const response = await guestCheckout(api, [{ sku, quantity: 1 }]);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      orderId = response.body.order_id;
    } finally {
      await system.startService('payments');
    }
    const order = await eventually(() => orderOf(orderId), (o) => o.status === 'cancelled');
    expect(order.status).toBe('cancelled');
    expect(await eventually(() => stockOf(api, adminToken, sku), (s) => s.reserved === 0)).toMatchObject({ on_hand: 3, reserved: 0, available: 3 });
    // The void that could not run while payments was down runs once it is back: no authorization can appear later.
    const payments = await eventually(() => paymentsOf(orderId), (p) => p.length === 1);
    expect(payments.map((p) => p.status)).toEqual(['voided']);

    const after = await guestCheckout(api, [{ sku, quantity: 1 }]);
    expect(after.status).toBe(201);
  });

  // The card number is never stored, so a checkout that stopped before its authorization cannot be
  // authorized later: it is undone. One that stopped after it is completed.
  it.each([
    ['reserve', { status: 'cancelled', cancel_reason: 'checkout_interrupted' }, { on_hand: 4, reserved: 0, available: 4 }, ['voided']],
    ['authorize', { status: 'processing', cancel_reason: null }, { on_hand: 2, reserved: 0, available: 2 }, ['authorized']],
  ])('brings a checkout whose orders service stopped right after %s to a final state', async (point, final, stock, payments) => {
    const { sku } = await createStockedProduct(api, adminToken, { onHand: 4 });
    const email = `crash-${point}@example.com`;
    await system.stopService('orders');
    // The crashing process takes a lease that ends at once (so the restarted one need not wait for it)
    // and never resumes sagas itself, so the crashed checkout is left exactly as the crash left it.
    await system.startService('orders', { SAGA_CRASH_AFTER: point, SAGA_LEASE_MS: '1', SAGA_RESUME_INTERVAL_MS: '3600000' });
    const crashed = await guestCheckout(api, [{ sku, quantity: 2 }], { email });
    expect(crashed.status).toBe(503);
    await system.stopService('orders');
    expect(await stockOf(api, adminToken, sku)).toMatchObject({ on_hand: 4, reserved: 2 });

    await system.startService('orders');
    const listed = await api.get(`/api/orders?email=${email}`, adminToken);
    expect(listed.body.items).toHaveLength(1);
    const order = await eventually(() => orderOf(listed.body.items[0].id), (o) => o.status !== 'pending' && o.saga.state === 'done');
    expect(order).toMatchObject(final);
    expect(await eventually(() => stockOf(api, adminToken, sku), (s) => s.reserved === 0)).toMatchObject(stock);
    const settled = await eventually(() => paymentsOf(order.id), (p) => p.map((x) => x.status).join() === payments.join());
    expect(settled.map((p) => p.status)).toEqual(payments);
  });

  it('replays a retried checkout with the same Idempotency-Key and refuses the key with another body', async () => {
    const { sku } = await createStockedProduct(api, adminToken, { onHand: 10 });
    const key = randomUUID();
    const headers = { 'idempotency-key': key };
    const first = await guestCheckout(api, [{ sku, quantity: 1 }], { headers });
    const retry = await guestCheckout(api, [{ sku, quantity: 1 }], { headers });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(await stockOf(api, adminToken, sku)).toMatchObject({ on_hand: 9, reserved: 0 });

    const other = await guestCheckout(api, [{ sku, quantity: 2 }], { headers });
    expect(other.status).toBe(422);
  });

  it('refuses a client total that disagrees with the server, and prices from the catalog', async () => {
    const { sku } = await createStockedProduct(api, adminToken, { onHand: 10, price: 12.5 });
    const wrong = await guestCheckout(api, [{ sku, quantity: 2 }], { extra: { total: 20 } });
    expect(wrong.status).toBe(409);
    const right = await guestCheckout(api, [{ sku, quantity: 2 }], { extra: { total: 25 } });
    expect(right.status).toBe(201);
    expect(right.body.total).toBe(25);
    expect(await stockOf(api, adminToken, sku)).toMatchObject({ on_hand: 8 });
  });
});

describe('order access', () => {
  it('lets a guest look up their order by email and id, and nobody else', async () => {
    const { sku } = await createStockedProduct(api, adminToken, { onHand: 5 });
    const placed = await guestCheckout(api, [{ sku, quantity: 1 }], { email: 'lookup@example.com' });
    expect(placed.status).toBe(201);
    const found = await api.get(`/api/orders/lookup?email=lookup@example.com&order_id=${placed.body.id}`);
    expect(found.status).toBe(200);
    expect(found.body.id).toBe(placed.body.id);
    const wrong = await api.get(`/api/orders/lookup?email=someone@example.com&order_id=${placed.body.id}`);
    expect(wrong.status).toBe(404);
    expect((await api.get(`/api/orders/${placed.body.id}`)).status).toBe(401);
  });

  it("gives customer A a 404 for customer B's order, cart and payment", async () => {
    const { sku } = await createStockedProduct(api, adminToken, { onHand: 5 });
    const a = await api.registerAndLogin();
    const b = await api.registerAndLogin();
    const added = await api.request('POST', '/api/cart/items', { token: b.token, body: { sku, quantity: 1 } });
    expect(added.status).toBe(201);
    const placed = await api.request('POST', '/api/orders', { token: b.token, body: { payment: SUCCESS_CARD } });
    expect(placed.status).toBe(201);
    expect(placed.body.email).toBe(b.email);
    const paymentId = placed.body.payment.id;

    expect((await api.get(`/api/orders/${placed.body.id}`, a.token)).status).toBe(404);
    expect((await api.get(`/api/orders/${placed.body.id}/timeline`, a.token)).status).toBe(404);
    expect((await api.get(`/api/payments/${paymentId}`, a.token)).status).toBe(404);
    expect((await api.get(`/api/payments/${paymentId}`, b.token)).status).toBe(200);
    expect((await api.get('/api/orders', a.token)).body.items).toEqual([]);
    expect((await api.get('/api/orders', b.token)).body.items.map((o: any) => o.id)).toEqual([placed.body.id]);

    await api.request('POST', '/api/cart/items', { token: b.token, body: { sku, quantity: 1 } });
    const bCart = await api.get('/api/cart', b.token);
    const peek = await api.request('GET', '/api/cart', { token: a.token, headers: { 'x-cart-id': bCart.body.id } });
    expect(peek.status).toBe(404);
  });

  it('keeps a guest cart under the id it returned and checks out from it', async () => {
    const { sku, price } = await createStockedProduct(api, adminToken, { onHand: 5, price: 40 });
    const added = await api.post('/api/cart/items', { sku, quantity: 2 });
    expect(added.status).toBe(201);
    const cartId = added.headers.get('x-cart-id')!;
    expect(cartId).toBe(added.body.id);
    const headers = { 'x-cart-id': cartId };
    const cart = await api.request('GET', '/api/cart', { headers });
    expect(cart.body.items).toMatchObject([{ sku, quantity: 2, unit_price: price }]);
    expect(cart.body.subtotal).toBe(80);
    expect((await api.request('PATCH', `/api/cart/items/${sku}`, { headers, body: { quantity: 3 } })).status).toBe(200);

    const placed = await api.request('POST', '/api/orders', { headers, body: { email: 'cart@example.com', payment: SUCCESS_CARD } });
    expect(placed.status).toBe(201);
    expect(placed.body.total).toBe(120);
    expect((await api.request('GET', '/api/cart', { headers })).body.items).toEqual([]);
  });
});
