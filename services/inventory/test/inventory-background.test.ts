import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventEnvelope } from '@storefleet/kit';
import type { StockLevelList } from '@storefleet/contracts';
import type { Reservation } from '@storefleet/contracts/internal';
import { DEMO_STOCK } from '../src/seed/demo-stock.js';
import { levelOf, setStock, startInventory, type TestInventory } from './support.js';

function productCreated(sku: string): EventEnvelope {
  const id = randomUUID();
  return { specversion: '1.0', id, type: 'product.created', source: 'catalog', subject: randomUUID(), time: new Date().toISOString(), data: { id, sku } };
}

describe('expired reservations', () => {
  let inventory: TestInventory;

  beforeAll(async () => {
    inventory = await startInventory({ env: { RESERVATION_SWEEP_MS: '50' } });
  });

  afterAll(async () => {
    await inventory?.close();
  });

  it('are released by the sweeper, once, even with two replicas sweeping', async () => {
    await inventory.replica();
    await setStock(inventory, 'EXP-1', 30);
    const orders = Array.from({ length: 12 }, () => randomUUID());
    for (const orderId of orders) {
      const held = await inventory.app.inject({ method: 'POST', url: '/internal/reservations', payload: { order_id: orderId, lines: [{ sku: 'EXP-1', quantity: 2 }] } });
      expect(held.statusCode).toBe(201);
    }
    const kept = randomUUID();
    await inventory.app.inject({ method: 'POST', url: '/internal/reservations', payload: { order_id: kept, lines: [{ sku: 'EXP-1', quantity: 1 }] } });
    expect((await levelOf(inventory, 'EXP-1')).reserved).toBe(25);

    // Their time is up (as if RESERVATION_TTL had passed), except for the last order's.
    await inventory.db.query("UPDATE reservations SET expires_at = now() - interval '1 second' WHERE order_id = ANY ($1::uuid[])", [orders]);
    await vi.waitFor(async () => expect((await levelOf(inventory, 'EXP-1')).reserved).toBe(1), { timeout: 10_000 });

    for (const orderId of orders) {
      const reservation = (await inventory.app.inject({ method: 'GET', url: `/internal/reservations/${orderId}` })).json<Reservation>();
      expect(reservation.status).toBe('released');
    }
    expect((await inventory.app.inject({ method: 'GET', url: `/internal/reservations/${kept}` })).json()).toMatchObject({ status: 'held' });
    expect(await levelOf(inventory, 'EXP-1')).toMatchObject({ on_hand: 30, reserved: 1, available: 29 });
    const { rows } = await inventory.db.query<{ subject: string; data: { lines: unknown } }>("SELECT subject, data FROM outbox WHERE type = 'inventory.reservation_expired'");
    expect(rows.map((r) => r.subject).sort()).toEqual([...orders].sort());
    expect(rows[0]?.data.lines).toEqual([{ sku: 'EXP-1', quantity: 2 }]);

    const late = await inventory.app.inject({ method: 'POST', url: `/internal/reservations/${orders[0]}/commit` });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'reservation_released' });
  });
});

describe('new catalog products', () => {
  let inventory: TestInventory;

  beforeAll(async () => {
    inventory = await startInventory();
  });

  afterAll(async () => {
    await inventory?.close();
  });

  it('get a zero-stock row, once, however often product.created is delivered', async () => {
    const event = productCreated('new-sku-1');
    await inventory.bus.publish(event);
    await inventory.bus.publish(event);
    expect(await levelOf(inventory, 'NEW-SKU-1')).toMatchObject({ on_hand: 0, reserved: 0, available: 0, low_stock: true, version: 0 });

    await setStock(inventory, 'NEW-SKU-2', 8);
    await inventory.bus.publish(productCreated('NEW-SKU-2'));
    expect((await levelOf(inventory, 'NEW-SKU-2')).on_hand).toBe(8);
  });
});

describe('demo stock', () => {
  let inventory: TestInventory;

  beforeAll(async () => {
    inventory = await startInventory({ seed: true });
  });

  afterAll(async () => {
    await inventory?.close();
  });

  it('stocks every demo SKU, with some low and one sold out, and announces each level', async () => {
    const all = await inventory.app.inject({ method: 'GET', url: '/inventory?limit=100', headers: inventory.admin });
    expect(all.json<StockLevelList>().items.map((l) => l.sku).sort()).toEqual(DEMO_STOCK.map((s) => s.sku).sort());
    const alerts = (await inventory.app.inject({ method: 'GET', url: '/inventory/alerts', headers: inventory.admin })).json<StockLevelList>();
    expect(alerts.total).toBeGreaterThanOrEqual(3);
    expect(alerts.items[0]).toMatchObject({ on_hand: 0, available: 0 });
    const { rows } = await inventory.db.query<{ count: number }>("SELECT count(DISTINCT subject)::int AS count FROM outbox WHERE type = 'inventory.stock_changed'");
    expect(rows[0]?.count).toBe(DEMO_STOCK.length);
  });

  it('seeds once: a restart keeps what an admin changed', async () => {
    await setStock(inventory, 'LAP-XPS13-9340', 1);
    const restarted = await inventory.replica();
    const level = await restarted.inject({ method: 'GET', url: '/inventory/LAP-XPS13-9340', headers: inventory.admin });
    expect(level.json()).toMatchObject({ on_hand: 1 });
  });
});
