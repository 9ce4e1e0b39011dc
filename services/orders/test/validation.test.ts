import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '@storefleet/contracts';
import { CABLE, DECLINED, DOLLAR, LAPTOP, RAM, SUCCESS, checkout, startOrders, type TestOrders, type TestUser } from './support.js';
import { problemFields } from '../../../test/support/problems.js';

let t: TestOrders;
let ada: TestUser;

beforeAll(async () => {
  t = await startOrders();
  ada = await t.customer();
});

afterAll(async () => {
  await t?.close();
});

async function refused(body: object, headers = ada.headers) {
  const response = await checkout(t.app, { payment: SUCCESS, ...body }, headers);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.body.order_id).toBeUndefined();
  return { status: response.status, fields: problemFields(response.body), body: response.body };
}

describe('checkout validation', () => {
  it('refuses 101 lines with 400 naming items', async () => {
    const items = Array.from({ length: 101 }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1 }));
    expect(await refused({ items })).toMatchObject({ status: 400, fields: ['items'] });
  });

  it('refuses an empty items list with 400 naming items', async () => {
    expect(await refused({ items: [] })).toMatchObject({ status: 400, fields: ['items'] });
  });

  it('refuses a duplicate SKU with 422 naming the repeated line', async () => {
    expect(await refused({ items: [{ sku: RAM.sku, quantity: 1 }, { sku: CABLE.sku, quantity: 1 }, { sku: RAM.sku.toLowerCase(), quantity: 2 }] }))
      .toMatchObject({ status: 422, fields: ['items.2.sku'] });
  });

  it('refuses quantity 0 and 10001 with 400 naming the quantity', async () => {
    expect(await refused({ items: [{ sku: RAM.sku, quantity: 0 }] })).toMatchObject({ status: 400, fields: ['items.0.quantity'] });
    expect(await refused({ items: [{ sku: CABLE.sku, quantity: 1 }, { sku: RAM.sku, quantity: 10_001 }] })).toMatchObject({ status: 400, fields: ['items.1.quantity'] });
    expect(await refused({ items: [{ sku: RAM.sku, quantity: 1.5 }] })).toMatchObject({ status: 400, fields: ['items.0.quantity'] });
  });

  it('refuses a negative or too large price with 400 naming the price', async () => {
    expect(await refused({ items: [{ sku: RAM.sku, quantity: 1, price: -1 }] })).toMatchObject({ status: 400, fields: ['items.0.price'] });
    expect(await refused({ items: [{ sku: RAM.sku, quantity: 1, price: 1_000_001 }] })).toMatchObject({ status: 400, fields: ['items.0.price'] });
  });

  it('refuses an unknown SKU or product id with 422 naming the line', async () => {
    expect(await refused({ items: [{ sku: RAM.sku, quantity: 1 }, { sku: 'NO-SUCH-SKU', quantity: 1 }] })).toMatchObject({ status: 422, fields: ['items.1.sku'] });
    expect(await refused({ items: [{ product_id: '9b8f6a2e-1c1d-4c55-9a1e-000000000009', quantity: 1 }] })).toMatchObject({ status: 422, fields: ['items.0.product_id'] });
  });

  it('refuses a line naming neither sku nor product_id with 400', async () => {
    expect(await refused({ items: [{ quantity: 1 }] })).toMatchObject({ status: 400, fields: ['items.0.sku'] });
  });

  it('refuses two currencies in one order with 422', async () => {
    expect(await refused({ items: [{ sku: RAM.sku, quantity: 1 }, { sku: DOLLAR.sku, quantity: 1 }] })).toMatchObject({ status: 422, fields: ['items'] });
  });

  it('refuses a card number failing the Luhn check or the format with 400 naming payment.card_number', async () => {
    expect(await refused({ items: [{ sku: RAM.sku, quantity: 1 }], payment: { card_number: '4242 4242 4242 4241' } })).toMatchObject({ status: 400, fields: ['payment.card_number'] });
    expect(await refused({ items: [{ sku: RAM.sku, quantity: 1 }], payment: { card_number: 'abcd' } })).toMatchObject({ status: 400, fields: ['payment.card_number'] });
    expect(await refused({ items: [{ sku: RAM.sku, quantity: 1 }], payment: {} })).toMatchObject({ status: 400, fields: ['payment.card_number'] });
  });

  it('requires an email from guests', async () => {
    expect(await refused({ items: [{ sku: RAM.sku, quantity: 1 }] }, {})).toMatchObject({ status: 400, fields: ['email'] });
    expect(await refused({ items: [{ sku: RAM.sku, quantity: 1 }], email: 'not-an-email' }, {})).toMatchObject({ status: 400, fields: ['email'] });
  });

  it('refuses a malformed X-Channel or X-Cart-Id header', async () => {
    expect(await refused({ items: [{ sku: RAM.sku, quantity: 1 }] }, { ...ada.headers, 'x-channel': 'Bad Channel!' })).toMatchObject({ status: 400, fields: ['x-channel'] });
    expect(await refused({}, { ...ada.headers, 'x-cart-id': 'nope' })).toMatchObject({ status: 400, fields: ['x-cart-id'] });
  });

  it('refuses a checkout of an empty cart with 422 naming items', async () => {
    expect(await refused({})).toMatchObject({ status: 422, fields: ['items'] });
  });
});

describe('Idempotency-Key', () => {
  const body = { items: [{ sku: CABLE.sku, quantity: 2 }], payment: SUCCESS };

  it('answers a retry with the same body with the first result and creates one order', async () => {
    const headers = { ...ada.headers, 'idempotency-key': 'key-replay-1' };
    const first = await checkout(t.app, body, headers);
    expect(first.status).toBe(201);
    const again = await checkout(t.app, { payment: { card_number: '4242424242424242' }, items: [{ quantity: 2, sku: CABLE.sku }] }, headers);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const mine = (await t.app.inject({ method: 'GET', url: `/orders?limit=100`, headers: ada.headers })).json<{ items: Order[] }>();
    expect(mine.items.filter((o) => o.id === (first.body as Order).id)).toHaveLength(1);
    expect(t.inventory.holds.filter((id) => id === (first.body as Order).id)).toHaveLength(1);
  });

  it('refuses the same key with another body with 422', async () => {
    const headers = { ...ada.headers, 'idempotency-key': 'key-reuse-1' };
    expect((await checkout(t.app, body, headers)).status).toBe(201);
    const other = await checkout(t.app, { ...body, items: [{ sku: CABLE.sku, quantity: 3 }] }, headers);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
  });

  it('replays a failed checkout with its first problem', async () => {
    const headers = { ...ada.headers, 'idempotency-key': 'key-declined-1' };
    const first = await checkout(t.app, { ...body, payment: DECLINED }, headers);
    expect(first.status).toBe(402);
    const again = await checkout(t.app, { ...body, payment: DECLINED }, headers);
    expect(again.status).toBe(402);
    expect(again.body.order_id).toBe(first.body.order_id);
  });

  it('keeps keys apart per caller', async () => {
    const bea = await t.customer();
    const a = await checkout(t.app, body, { ...ada.headers, 'idempotency-key': 'shared-key' });
    const b = await checkout(t.app, body, { ...bea.headers, 'idempotency-key': 'shared-key' });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect((a.body as Order).id).not.toBe((b.body as Order).id);
  });

  it('answers 409 while the first request with the key is still running', async () => {
    let open!: () => void;
    t.payments.gate = new Promise((resolve) => (open = resolve));
    const headers = { ...ada.headers, 'idempotency-key': 'key-running-1' };
    const first = checkout(t.app, { items: [{ sku: LAPTOP.sku, quantity: 1 }], payment: SUCCESS }, headers);
    // Wait until the first request holds its reservation (it is then waiting on payments).
    await expect.poll(() => t.inventory.reservations.size > 0 && [...t.inventory.reservations.values()].some((r) => r.status === 'held')).toBe(true);
    const second = await checkout(t.app, { items: [{ sku: LAPTOP.sku, quantity: 1 }], payment: SUCCESS }, headers);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'idempotency_key_in_use', order_id: expect.any(String) });
    open();
    t.payments.gate = undefined;
    expect((await first).status).toBe(201);
    expect((await checkout(t.app, { items: [{ sku: LAPTOP.sku, quantity: 1 }], payment: SUCCESS }, headers)).status).toBe(201);
  });

  it('lets a request that failed validation be retried with the same key', async () => {
    const headers = { ...ada.headers, 'idempotency-key': 'key-fix-1' };
    expect((await checkout(t.app, { items: [{ sku: 'NOPE', quantity: 1 }], payment: SUCCESS }, headers)).status).toBe(422);
    expect((await checkout(t.app, { items: [{ sku: 'NOPE', quantity: 1 }], payment: SUCCESS }, headers)).status).toBe(422);
    expect((await checkout(t.app, body, headers)).status).toBe(201);
  });
});

describe('the service', () => {
  it('documents every route in OpenAPI and answers health and readiness', async () => {
    const docs = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json<{ paths: Record<string, Record<string, { operationId?: string }>> }>();
    const operations = Object.values(docs.paths).flatMap((methods) => Object.values(methods).map((m) => m.operationId));
    expect(operations).toEqual(expect.arrayContaining([
      'createOrder', 'listOrders', 'getOrder', 'lookupOrder', 'getOrderTimeline', 'changeOrderStatus', 'deleteOrder',
      'getCart', 'addCartItem', 'setCartItemQuantity', 'removeCartItem', 'clearCart',
    ]));
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({ status: 'ready', service: 'orders' });
  });
});
