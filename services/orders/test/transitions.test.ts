import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Order, OrderPage, Timeline } from '@storefleet/contracts';
import { CABLE, LAPTOP, RAM, getOrder, placeOrder, setStatus, settled, startOrders, type TestOrders, type TestUser } from './support.js';

let t: TestOrders;
let ada: TestUser;
let bea: TestUser;

beforeAll(async () => {
  t = await startOrders();
  ada = await t.customer();
  bea = await t.customer();
});

afterAll(async () => {
  await t?.close();
});

const laptopOrder = (user = ada) => placeOrder(t.app, [{ sku: LAPTOP.sku, quantity: 2 }], user.headers);

async function timelineOf(id: string, headers = t.admin.headers): Promise<Timeline['items']> {
  return (await t.app.inject({ method: 'GET', url: `/orders/${id}/timeline`, headers })).json<Timeline>().items;
}

describe('the status machine through the API', () => {
  it('ships (capturing the payment), delivers, and then refuses everything with 409 naming no target', async () => {
    const order = await laptopOrder();
    const shipped = await setStatus(t.app, order.id, 'shipped', t.admin.headers, 'DHL 123');
    expect(shipped.status).toBe(200);
    expect(shipped.body).toMatchObject({ status: 'shipped', payment: { status: 'captured' } });
    expect(t.payments.statusOf(order.id)).toBe('captured');
    expect((await setStatus(t.app, order.id, 'delivered', t.admin.headers)).body.status).toBe('delivered');
    for (const to of ['pending', 'processing', 'shipped', 'cancelled', 'delivered']) {
      const refused = await setStatus(t.app, order.id, to, t.admin.headers);
      expect(refused.status, to).toBe(409);
      expect(refused.body).toMatchObject({ code: 'illegal_transition', allowed: [] });
    }
    const steps = (await timelineOf(order.id)).map((e) => [e.type, e.from, e.to, e.reason]);
    expect(steps).toEqual([
      ['created', null, 'pending', null],
      ['status_changed', 'pending', 'processing', 'checkout completed'],
      ['status_changed', 'processing', 'shipped', 'DHL 123'],
      ['status_changed', 'shipped', 'delivered', null],
    ]);
    await vi.waitFor(() => expect(t.events.filter((e) => e.subject === order.id).map((e) => e.type)).toEqual(['order.created', 'order.status_changed', 'order.status_changed']));
    const serials = (shipped.body as Order).items[0]!.serials;
    expect(t.events.filter((e) => e.subject === order.id)[1]!.data).toEqual({
      order_id: order.id, from: 'processing', to: 'shipped', actor: t.admin.id, reason: 'DHL 123',
      shipment: {
        shipped_at: (shipped.body as Order).updated_at, email: ada.email, user_id: ada.id,
        lines: [{ sku: LAPTOP.sku, product_id: LAPTOP.id, name: LAPTOP.name, quantity: 2, warranty_months: 24, serials }],
      },
    });
  });

  it('ships with the serials given by SKU, generates the missing ones, and shows them on the order', async () => {
    const order = await placeOrder(t.app, [{ sku: CABLE.sku, quantity: 2 }, { sku: RAM.sku, quantity: 1 }], ada.headers);
    const payload = { status: 'shipped', serials: { 'cbl-test-1': ['SN-CBL-001'] } };
    const shipped = await t.app.inject({ method: 'PATCH', url: `/orders/${order.id}/status`, headers: t.admin.headers, payload });
    expect(shipped.statusCode, shipped.body).toBe(200);
    const [cable, ram] = shipped.json<Order>().items;
    expect(cable).toMatchObject({ warranty_months: 0, serials: ['SN-CBL-001', expect.stringMatching(/^SF-/)] });
    expect(ram).toMatchObject({ warranty_months: 120, serials: [expect.stringMatching(/^SF-/)] });
    expect((await getOrder(t.app, order.id, ada.headers)).items.map((l) => l.serials)).toEqual([cable!.serials, ram!.serials]);
  });

  it.each([
    [{ status: 'shipped', serials: { [CABLE.sku]: ['A', 'B', 'C'] } }, `serials.${CABLE.sku}`],
    [{ status: 'shipped', serials: { 'NOT-IN-ORDER': ['A'] } }, 'serials.NOT-IN-ORDER'],
    [{ status: 'shipped', serials: { [CABLE.sku]: ['A', 'A'] } }, `serials.${CABLE.sku}.1`],
    [{ status: 'shipped', serials: { [CABLE.sku]: [''] } }, `serials.${CABLE.sku}.0`],
    [{ status: 'cancelled', serials: { [CABLE.sku]: ['A'] } }, 'serials'],
  ])('refuses bad serials with 400 naming the field (%j)', async (payload, field) => {
    const order = await placeOrder(t.app, [{ sku: CABLE.sku, quantity: 2 }], ada.headers);
    const refused = await t.app.inject({ method: 'PATCH', url: `/orders/${order.id}/status`, headers: t.admin.headers, payload });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await getOrder(t.app, order.id, ada.headers)).status).toBe('processing');
  });

  it('refuses illegal transitions with 409 listing the allowed ones', async () => {
    const order = await laptopOrder();
    const refused = await setStatus(t.app, order.id, 'delivered', t.admin.headers);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'illegal_transition', from: 'processing', to: 'delivered', allowed: ['shipped', 'cancelled'] });
    expect((await setStatus(t.app, order.id, 'processing', t.admin.headers)).body.allowed).toEqual(['shipped', 'cancelled']);
  });

  it('cancels a processing order: restocks and voids; reactivates: re-reserves without expiry; processes: commits again', async () => {
    const start = t.inventory.level(LAPTOP.sku);
    const order = await laptopOrder();
    expect(t.inventory.level(LAPTOP.sku).on_hand).toBe(start.on_hand - 2);

    const cancelled = await setStatus(t.app, order.id, 'cancelled', ada.headers, 'changed my mind');
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancel_reason: 'changed my mind', payment: { status: 'voided' }, saga: { state: 'done' } });
    expect(t.inventory.level(LAPTOP.sku)).toEqual(start);

    const reactivated = await setStatus(t.app, order.id, 'pending', t.admin.headers);
    expect(reactivated.status).toBe(200);
    expect(reactivated.body).toMatchObject({ status: 'pending', cancel_reason: null });
    expect(t.inventory.level(LAPTOP.sku)).toMatchObject({ reserved: start.reserved + 2, available: start.available - 2 });
    expect(t.inventory.reservations.get(order.id)).toMatchObject({ status: 'held', expires: false });

    expect((await setStatus(t.app, order.id, 'processing', t.admin.headers)).body.status).toBe('processing');
    expect(t.inventory.level(LAPTOP.sku)).toMatchObject({ on_hand: start.on_hand - 2, reserved: start.reserved });

    // The payment was voided at the cancel: shipping notes that nothing could be captured.
    const shipped = await setStatus(t.app, order.id, 'shipped', t.admin.headers);
    expect(shipped.body).toMatchObject({ status: 'shipped', payment: { status: 'voided' } });
    const last = (await timelineOf(order.id)).at(-1)!;
    expect(last).toMatchObject({ type: 'updated', reason: expect.stringContaining('payment not captured') });
  });

  it('refuses a reactivation without stock with 409 out_of_stock and leaves the order cancelled', async () => {
    const order = await placeOrder(t.app, [{ sku: RAM.sku, quantity: 60 }], ada.headers);
    expect((await setStatus(t.app, order.id, 'cancelled', ada.headers)).status).toBe(200);
    await placeOrder(t.app, [{ sku: RAM.sku, quantity: 60 }], bea.headers);
    const refused = await setStatus(t.app, order.id, 'pending', t.admin.headers);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'out_of_stock', shortages: [{ sku: RAM.sku, requested: 60 }] });
    expect(await getOrder(t.app, order.id, ada.headers)).toMatchObject({ status: 'cancelled', saga: { state: 'done' } });
  });

  it('refunds and restocks a shipped order that is cancelled', async () => {
    const start = t.inventory.level(CABLE.sku);
    const order = await placeOrder(t.app, [{ sku: CABLE.sku, quantity: 5 }], ada.headers);
    await setStatus(t.app, order.id, 'shipped', t.admin.headers);
    const cancelled = await setStatus(t.app, order.id, 'cancelled', t.admin.headers, 'lost in transit');
    expect(cancelled.body).toMatchObject({ status: 'cancelled', payment: { status: 'refunded' } });
    expect(t.inventory.level(CABLE.sku)).toEqual(start);
  });

  it('keeps a cancel whose release cannot run now pending, and finishes it once inventory is back', async () => {
    const order = await laptopOrder();
    t.inventory.down = true;
    const cancelled = await setStatus(t.app, order.id, 'cancelled', ada.headers);
    t.inventory.down = false;
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', saga: { state: 'compensate', pending: ['release'] } });
    // While compensations are pending, no other change is accepted.
    expect((await setStatus(t.app, order.id, 'pending', t.admin.headers)).body.code).toBe('order_busy');
    // A replica starting up resumes it at once.
    const replica = await t.restart();
    expect(await settled(replica, order.id, ada.headers)).toMatchObject({ status: 'cancelled', payment: { status: 'voided' }, saga: { pending: [] } });
    expect(t.inventory.reservations.get(order.id)?.status).toBe('restocked');
  });
});

describe('who may change and see an order', () => {
  it('lets a customer cancel only their own pending or processing order', async () => {
    const order = await laptopOrder();
    expect((await setStatus(t.app, order.id, 'shipped', ada.headers)).status).toBe(403);
    expect((await setStatus(t.app, order.id, 'cancelled', bea.headers)).status).toBe(404);
    await setStatus(t.app, order.id, 'shipped', t.admin.headers);
    expect((await setStatus(t.app, order.id, 'cancelled', ada.headers)).status).toBe(403);
  });

  it('hides an order from other customers (404) and shows it to admins', async () => {
    const order = await laptopOrder();
    for (const url of [`/orders/${order.id}`, `/orders/${order.id}/timeline`]) {
      expect((await t.app.inject({ method: 'GET', url, headers: bea.headers })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url, headers: t.admin.headers })).statusCode).toBe(200);
    }
    const beas = (await t.app.inject({ method: 'GET', url: '/orders?limit=100', headers: bea.headers })).json<OrderPage>();
    expect(beas.items.map((o) => o.id)).not.toContain(order.id);
    expect(beas.items.every((o) => o.user_id === bea.id)).toBe(true);
  });

  it('lets admins list every order with filters and pages', async () => {
    const carl = await t.customer();
    const a = await placeOrder(t.app, [{ sku: CABLE.sku, quantity: 1 }], { ...carl.headers, 'x-channel': 'kiosk-7' });
    const b = await placeOrder(t.app, [{ sku: CABLE.sku, quantity: 1 }], carl.headers);
    await setStatus(t.app, b.id, 'cancelled', carl.headers);
    const list = async (query: string) => (await t.app.inject({ method: 'GET', url: `/orders?${query}`, headers: t.admin.headers })).json<OrderPage>();
    expect((await list(`email=${carl.email.toUpperCase()}`)).items.map((o) => o.id)).toEqual([b.id, a.id]);
    expect((await list('channel=kiosk-7')).items.map((o) => o.id)).toEqual([a.id]);
    expect((await list(`email=${carl.email}&status=cancelled`)).items.map((o) => o.id)).toEqual([b.id]);
    expect((await list(`email=${carl.email}&from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).total).toBe(0);
    const page = await list(`email=${carl.email}&limit=1&page=2`);
    expect(page).toMatchObject({ page: 2, limit: 1, total: 2 });
    expect(page.items.map((o) => o.id)).toEqual([a.id]);
    // A customer's email filter cannot reach other customers' orders.
    expect((await t.app.inject({ method: 'GET', url: `/orders?email=${carl.email}`, headers: ada.headers })).json<OrderPage>().items.every((o) => o.user_id === ada.id)).toBe(true);
  });

  it('soft-deletes an order for admins only, with a deleted timeline entry and event', async () => {
    const order = await laptopOrder();
    expect((await t.app.inject({ method: 'DELETE', url: `/orders/${order.id}`, headers: ada.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/orders/${order.id}`, headers: t.admin.headers })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/orders/${order.id}`, headers: t.admin.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: `/orders/${order.id}`, headers: t.admin.headers })).statusCode).toBe(404);
    const all = (await t.app.inject({ method: 'GET', url: '/orders?limit=100', headers: t.admin.headers })).json<OrderPage>();
    expect(all.items.map((o: Order) => o.id)).not.toContain(order.id);
    const { rows } = await t.db.query<{ type: string }>('SELECT type FROM order_timeline WHERE order_id = $1 ORDER BY id', [order.id]);
    expect(rows.at(-1)?.type).toBe('deleted');
    await vi.waitFor(() => expect(t.events.filter((e) => e.subject === order.id).map((e) => e.type)).toContain('order.deleted'));
  });
});

describe('the orders table itself', () => {
  // Whatever a bug in the code did, the database keeps an order's status, saga state and amounts valid.
  it.each([
    ['an unknown status', "status = 'lost'", 'order_status'],
    ['an unknown saga state', "saga_state = 'limbo'", 'order_saga_state'],
    ['a negative total', 'total = -1', 'order_amount'],
    ['a malformed currency', "currency = 'euro'", 'currency_code'],
  ])('refuses %s', async (_what, change, rule) => {
    const order = await laptopOrder();
    await expect(t.db.query(`UPDATE orders SET ${change} WHERE id = $1`, [order.id])).rejects.toThrow(rule);
    expect(await getOrder(t.app, order.id, ada.headers)).toMatchObject({ status: 'processing', currency: order.currency, total: order.total });
  });
});
