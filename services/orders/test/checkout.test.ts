import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Order, Timeline } from '@storefleet/contracts';
import { CABLE, DECLINED, LAPTOP, PROCESSOR_ERROR, RAM, SUCCESS, checkout, getOrder, settled, startOrders, type TestOrders, type TestUser } from './support.js';

let t: TestOrders;
let ada: TestUser;

beforeAll(async () => {
  // A short resume interval so compensations left pending are retried quickly once a service is back.
  t = await startOrders({ env: { SAGA_RESUME_INTERVAL_MS: '50' } });
  ada = await t.customer();
});

afterAll(async () => {
  await t?.close();
});

async function timelineOf(id: string) {
  const response = await t.app.inject({ method: 'GET', url: `/orders/${id}/timeline`, headers: t.admin.headers });
  expect(response.statusCode).toBe(200);
  return response.json<Timeline>().items;
}

describe('a successful checkout', () => {
  it('reserves, authorizes, commits and answers the processing order priced from the catalog', async () => {
    const before = t.inventory.level(LAPTOP.sku);
    const response = await checkout(t.app, { items: [{ sku: 'lap-test-1', quantity: 2, price: 999.99 }, { product_id: RAM.id, quantity: 1 }], payment: SUCCESS, total: 2049.48 }, { ...ada.headers, 'x-channel': 'outlet' });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const order = response.body as Order;
    expect(order).toMatchObject({
      status: 'processing', user_id: ada.id, email: ada.email, channel: 'outlet', currency: 'EUR', subtotal: 2049.48, total: 2049.48,
      payment: { status: 'authorized', brand: 'visa', last4: '4242' }, cancel_reason: null, saga: { state: 'done', pending: [] },
    });
    expect(order.items).toEqual([
      { sku: LAPTOP.sku, product_id: LAPTOP.id, name: LAPTOP.name, quantity: 2, unit_price: 999.99, line_total: 1999.98, warranty_months: 24, serials: [] },
      { sku: RAM.sku, product_id: RAM.id, name: RAM.name, quantity: 1, unit_price: 49.5, line_total: 49.5, warranty_months: 120, serials: [] },
    ]);
    expect(JSON.stringify(order)).not.toContain('4242424242424242');
    expect(t.inventory.level(LAPTOP.sku)).toEqual({ on_hand: before.on_hand - 2, reserved: 0, available: before.available - 2 });
    expect(t.inventory.reservations.get(order.id)?.status).toBe('committed');
    expect(t.payments.statusOf(order.id)).toBe('authorized');

    expect((await timelineOf(order.id)).map((e) => [e.type, e.actor, e.from, e.to])).toEqual([
      ['created', ada.id, null, 'pending'],
      ['status_changed', 'system', 'pending', 'processing'],
    ]);
    await vi.waitFor(() => expect(t.events.filter((e) => e.subject === order.id).map((e) => e.type)).toEqual(['order.created']));
    expect(t.events.find((e) => e.subject === order.id)?.data).toMatchObject({ id: order.id, status: 'processing' });
  });

  it('lets a guest check out with an email and find the order by email and id only', async () => {
    const order = (await checkout(t.app, { items: [{ sku: CABLE.sku, quantity: 3 }], payment: SUCCESS, email: 'Guest.One@example.com' })).body as Order;
    expect(order).toMatchObject({ status: 'processing', user_id: null, email: 'guest.one@example.com', channel: 'web', total: 29.7 });

    const found = await t.app.inject({ method: 'GET', url: `/orders/lookup?email=GUEST.ONE@example.com&order_id=${order.id}` });
    expect(found.statusCode).toBe(200);
    expect(found.json<Order>().id).toBe(order.id);
    const wrong = await t.app.inject({ method: 'GET', url: `/orders/lookup?email=someone@example.com&order_id=${order.id}` });
    expect(wrong.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/orders/${order.id}` })).statusCode).toBe(401);
  });

  it('refuses a client price or total that disagrees with the catalog with 409 and creates no order', async () => {
    const listed = async () => (await t.app.inject({ method: 'GET', url: '/orders', headers: ada.headers })).json<{ total: number }>().total;
    const count = await listed();
    const price = await checkout(t.app, { items: [{ sku: RAM.sku, quantity: 1, price: 10 }], payment: SUCCESS }, ada.headers);
    expect(price.status).toBe(409);
    expect(price.body.errors).toEqual([{ field: 'items.0.price', message: expect.stringContaining('49.50') }]);
    const total = await checkout(t.app, { items: [{ sku: RAM.sku, quantity: 2 }], payment: SUCCESS, total: 98 }, ada.headers);
    expect(total.status).toBe(409);
    expect(total.body).toMatchObject({ expected_total: 99, errors: [{ field: 'total' }] });
    expect(total.body.order_id).toBeUndefined();
    expect(await listed()).toBe(count);
  });
});

describe('a failing checkout', () => {
  it('cancels a declined order, releases its stock and captures nothing', async () => {
    const before = t.inventory.level(RAM.sku);
    const response = await checkout(t.app, { items: [{ sku: RAM.sku, quantity: 4 }], payment: DECLINED }, ada.headers);
    expect(response.status).toBe(402);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ code: 'payment_declined', order_id: expect.any(String) });
    const order = await getOrder(t.app, response.body.order_id, ada.headers);
    expect(order).toMatchObject({ status: 'cancelled', cancel_reason: 'payment_declined', payment: { status: 'declined' }, saga: { state: 'done' } });
    expect(t.inventory.level(RAM.sku)).toEqual(before);
    expect(t.inventory.reservations.get(order.id)?.status).toBe('released');
    expect(t.payments.statusOf(order.id)).toBe('declined');
    const timeline = await timelineOf(order.id);
    expect(timeline.at(-1)).toMatchObject({ type: 'status_changed', from: 'pending', to: 'cancelled', reason: 'payment_declined', actor: 'system' });
  });

  it('answers 502 payment_failed for a processor error', async () => {
    const response = await checkout(t.app, { items: [{ sku: RAM.sku, quantity: 1 }], payment: PROCESSOR_ERROR }, ada.headers);
    expect(response.status).toBe(502);
    expect(response.body).toMatchObject({ code: 'payment_failed', order_id: expect.any(String) });
    expect((await getOrder(t.app, response.body.order_id, ada.headers)).cancel_reason).toBe('payment_failed');
  });

  it('answers 409 out_of_stock with the shortages and cancels the order', async () => {
    const response = await checkout(t.app, { items: [{ sku: LAPTOP.sku, quantity: 500 }], payment: SUCCESS }, ada.headers);
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'out_of_stock', shortages: [{ sku: LAPTOP.sku, requested: 500 }], order_id: expect.any(String) });
    expect((await getOrder(t.app, response.body.order_id, ada.headers)).status).toBe('cancelled');
    expect(t.payments.payments.has(response.body.order_id)).toBe(false);
  });

  it('answers 503 when payments is down, releases the stock at once and voids once payments is back', async () => {
    const before = t.inventory.level(RAM.sku);
    t.payments.down = true;
    const response = await checkout(t.app, { items: [{ sku: RAM.sku, quantity: 2 }], payment: SUCCESS }, ada.headers);
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ code: 'payments_unavailable', order_id: expect.any(String) });
    const id = response.body.order_id as string;
    expect(t.inventory.level(RAM.sku)).toEqual(before);
    expect(await getOrder(t.app, id, ada.headers)).toMatchObject({ status: 'cancelled', cancel_reason: 'payments_unavailable', saga: { state: 'compensate', pending: ['void'] } });

    t.payments.down = false;
    const order = await settled(t.app, id, ada.headers);
    expect(order).toMatchObject({ status: 'cancelled', payment: { status: 'voided' }, saga: { pending: [] } });
    // The tombstone stops a late authorization: the same order cannot be authorized any more.
    expect((await t.payments.authorize({ order_id: id, amount: 99, currency: 'EUR', card_number: '4242424242424242', user_id: null, email: null }, { key: 'x' })).status).toBe('voided');
  });

  it('answers 503 when inventory is down and keeps the release pending until it is back', async () => {
    t.inventory.down = true;
    const response = await checkout(t.app, { items: [{ sku: CABLE.sku, quantity: 1 }], payment: SUCCESS }, ada.headers);
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ code: 'inventory_unavailable', order_id: expect.any(String) });
    expect(t.payments.payments.has(response.body.order_id)).toBe(false);
    t.inventory.down = false;
    const order = await settled(t.app, response.body.order_id, ada.headers);
    expect(order).toMatchObject({ status: 'cancelled', cancel_reason: 'inventory_unavailable' });
  });

  it('answers 503 without creating an order when catalog is down', async () => {
    t.catalog.down = true;
    const response = await checkout(t.app, { items: [{ sku: CABLE.sku, quantity: 1 }], payment: SUCCESS }, ada.headers);
    t.catalog.down = false;
    expect(response.status).toBe(503);
    expect(response.body.order_id).toBeUndefined();
  });
});
