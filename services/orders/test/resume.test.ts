import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Order, OrderPage, Timeline } from '@storefleet/contracts';
import { createOutbox, type App } from '@storefleet/kit';
import { createSagaStore } from '../src/store/saga-store.js';
import { CABLE, LAPTOP, RAM, SUCCESS, checkout, settled, startOrders, type TestOrders, type TestUser } from './support.js';

/** A lease that is over at once and no periodic pass: only a starting app resumes, when the test says so. */
const RESTARTABLE = { SAGA_LEASE_MS: '1', SAGA_RESUME_INTERVAL_MS: '3600000' };

class Crash extends Error {}
const crash = (step: string) => {
  throw new Crash(`crashed after ${step}`);
};

let t: TestOrders;
let ada: TestUser;

beforeAll(async () => {
  t = await startOrders({ env: { ...RESTARTABLE, SAGA_CRASH_AFTER: 'reserve' }, onCrash: crash });
  ada = await t.customer();
});

afterAll(async () => {
  await t?.close();
});

/** Checks out on `app`, which dies at its crash point; answers the order left behind. */
async function crashedCheckout(app: App, items: object[], key: string): Promise<Order> {
  const response = await checkout(app, { items, payment: SUCCESS }, { ...ada.headers, 'idempotency-key': key });
  expect(response.status).toBe(500);
  const mine = (await t.app.inject({ method: 'GET', url: '/orders?limit=1', headers: ada.headers })).json<OrderPage>();
  return mine.items[0]!;
}

async function statusChanges(app: App, id: string) {
  const timeline = (await app.inject({ method: 'GET', url: `/orders/${id}/timeline`, headers: t.admin.headers })).json<Timeline>().items;
  return timeline.filter((e) => e.type === 'status_changed').map((e) => `${e.from}→${e.to}`);
}

describe('a checkout interrupted by a crash', () => {
  it('after the reservation: a restarted app compensates it, releasing the stock once, and the key answers the outcome', async () => {
    const before = t.inventory.level(LAPTOP.sku);
    const left = await crashedCheckout(t.app, [{ sku: LAPTOP.sku, quantity: 3 }], 'crash-reserve');
    expect(left).toMatchObject({ status: 'pending', saga: { state: 'reserve' } });
    expect(t.inventory.level(LAPTOP.sku).reserved).toBe(before.reserved + 3);
    expect(t.payments.payments.has(left.id)).toBe(false);
    // Nothing was compensated by the dying process.
    expect(t.inventory.reservations.get(left.id)?.status).toBe('held');

    const restarted = await t.restart({ ...RESTARTABLE });
    const order = await settled(restarted, left.id, ada.headers);
    expect(order).toMatchObject({ status: 'cancelled', cancel_reason: 'checkout_interrupted', payment: { status: 'voided' } });
    expect(t.inventory.level(LAPTOP.sku)).toEqual(before);
    expect(t.inventory.holds.filter((id) => id === left.id)).toHaveLength(1);
    expect(await statusChanges(restarted, left.id)).toEqual(['pending→cancelled']);

    const retry = await checkout(restarted, { items: [{ sku: LAPTOP.sku, quantity: 3 }], payment: SUCCESS }, { ...ada.headers, 'idempotency-key': 'crash-reserve' });
    expect(retry.status).toBe(409);
    expect(retry.body).toMatchObject({ code: 'checkout_failed', order_id: left.id, reason: 'checkout_interrupted' });
  });

  it('after the authorization: a restarted app completes it, committing the stock once', async () => {
    const before = t.inventory.level(RAM.sku);
    const crashing = await t.restart({ ...RESTARTABLE, SAGA_CRASH_AFTER: 'authorize' }, crash);
    const left = await crashedCheckout(crashing, [{ sku: RAM.sku, quantity: 2 }], 'crash-authorize');
    expect(left).toMatchObject({ status: 'pending', saga: { state: 'commit' }, payment: { status: 'authorized' } });

    const restarted = await t.restart({ ...RESTARTABLE });
    const order = await settled(restarted, left.id, ada.headers);
    expect(order).toMatchObject({ status: 'processing', cancel_reason: null, payment: { status: 'authorized' } });
    expect(t.inventory.level(RAM.sku)).toEqual({ on_hand: before.on_hand - 2, reserved: before.reserved, available: before.available - 2 });
    expect(t.inventory.holds.filter((id) => id === left.id)).toHaveLength(1);
    expect(await statusChanges(restarted, left.id)).toEqual(['pending→processing']);
    await vi.waitFor(() => expect(t.events.filter((e) => e.subject === left.id).map((e) => e.type)).toEqual(['order.created']));

    const retry = await checkout(restarted, { items: [{ sku: RAM.sku, quantity: 2 }], payment: SUCCESS }, { ...ada.headers, 'idempotency-key': 'crash-authorize' });
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ id: left.id, status: 'processing' });
  });

  it('after the commit: a restarted app completes it without taking the stock twice', async () => {
    const before = t.inventory.level(CABLE.sku);
    const crashing = await t.restart({ ...RESTARTABLE, SAGA_CRASH_AFTER: 'commit' }, crash);
    const left = await crashedCheckout(crashing, [{ sku: CABLE.sku, quantity: 4 }], 'crash-commit');
    expect(left.saga.state).toBe('commit');
    const order = await settled(await t.restart({ ...RESTARTABLE }), left.id, ada.headers);
    expect(order.status).toBe('processing');
    expect(t.inventory.level(CABLE.sku)).toEqual({ on_hand: before.on_hand - 4, reserved: before.reserved, available: before.available - 4 });
  });

  it('right after the order was created: a restarted app cancels it with nothing reserved', async () => {
    const before = t.inventory.level(CABLE.sku);
    const crashing = await t.restart({ ...RESTARTABLE, SAGA_CRASH_AFTER: 'create' }, crash);
    const left = await crashedCheckout(crashing, [{ sku: CABLE.sku, quantity: 1 }], 'crash-create');
    expect(left.saga.state).toBe('reserve');
    const order = await settled(await t.restart({ ...RESTARTABLE }), left.id, ada.headers);
    expect(order).toMatchObject({ status: 'cancelled', cancel_reason: 'checkout_interrupted' });
    expect(t.inventory.reservations.has(left.id)).toBe(false);
    expect(t.inventory.level(CABLE.sku)).toEqual(before);
  });

  it('refuses status changes while the saga is unfinished', async () => {
    const left = await crashedCheckout(t.app, [{ sku: CABLE.sku, quantity: 1 }], 'crash-busy');
    const change = await t.app.inject({ method: 'PATCH', url: `/orders/${left.id}/status`, headers: t.admin.headers, payload: { status: 'cancelled' } });
    expect(change.statusCode).toBe(409);
    expect(change.json()).toMatchObject({ code: 'order_busy', order_id: left.id });
    await settled(await t.restart({ ...RESTARTABLE }), left.id, ada.headers);
  });

  it('is resumed exactly once when two replicas start together', async () => {
    const before = t.inventory.level(LAPTOP.sku);
    const left: Order[] = [];
    for (const key of ['replica-1', 'replica-2', 'replica-3']) left.push(await crashedCheckout(t.app, [{ sku: LAPTOP.sku, quantity: 1 }], key));
    // The crashed app's 1 ms leases let both replicas take the orders at once; their own leases are
    // long, so a slow machine cannot make one replica take an order from the other mid-way.
    const replica = { ...RESTARTABLE, SAGA_LEASE_MS: '30000' };
    const [one, two] = await Promise.all([t.restart(replica), t.restart(replica)]);
    for (const order of left) {
      expect((await settled(one!, order.id, ada.headers)).status).toBe('cancelled');
      expect(await statusChanges(two!, order.id)).toEqual(['pending→cancelled']);
    }
    expect(t.inventory.level(LAPTOP.sku)).toEqual(before);
  });

  it('never takes over a checkout this process started after the resumer listed the ones it drives', async () => {
    // The resumer lists the checkouts this process drives, then claims expired leases. Under load its
    // statement waits for a connection longer than a lease lasts: a checkout started meanwhile is in
    // no list, its lease (not yet renewed) has expired, and it must still not be taken from its request.
    const listedAt = new Date();
    const left = await crashedCheckout(t.app, [{ sku: CABLE.sku, quantity: 1 }], 'started-after-listing');
    const sagas = createSagaStore(t.db, { outbox: createOutbox('orders'), leaseMs: 1 });
    expect(await sagas.claimStale(randomUUID(), 20, [], listedAt)).not.toContain(left.id);
    // A later pass, which saw it in no list of running checkouts, takes it over and settles it.
    const restarted = await t.restart({ ...RESTARTABLE });
    expect((await settled(restarted, left.id, ada.headers)).status).toBe('cancelled');
  });
});
