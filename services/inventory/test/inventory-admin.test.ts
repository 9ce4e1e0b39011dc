import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MovementList, StockLevel, StockLevelList } from '@storefleet/contracts';
import { levelOf, outboxFor, setStock, startInventory, type TestInventory } from './support.js';
import { problemFields } from '../../../test/support/problems.js';

let inventory: TestInventory;

async function put(sku: string, payload: object) {
  return inventory.app.inject({ method: 'PUT', url: `/inventory/${sku}`, headers: inventory.admin, payload });
}

async function list(url: string): Promise<StockLevelList> {
  const response = await inventory.app.inject({ method: 'GET', url, headers: inventory.admin });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<StockLevelList>();
}

beforeAll(async () => {
  inventory = await startInventory();
});

afterAll(async () => {
  await inventory?.close();
});

describe('who may see and change stock', () => {
  const routes = [
    { method: 'GET', url: '/inventory' },
    { method: 'GET', url: '/inventory/alerts' },
    { method: 'GET', url: '/inventory/ANY-1' },
    { method: 'GET', url: '/inventory/ANY-1/movements' },
    { method: 'PUT', url: '/inventory/ANY-1', payload: { on_hand: 1, reason: 'x' } },
  ] as const;

  it('refuses anonymous requests with 401 and customers with 403', async () => {
    for (const route of routes) {
      const anonymous = await inventory.app.inject({ ...route });
      expect(anonymous.statusCode, route.url).toBe(401);
      expect(anonymous.headers['content-type']).toContain('application/problem+json');
      expect((await inventory.app.inject({ ...route, headers: inventory.customer })).statusCode, route.url).toBe(403);
    }
    expect((await inventory.app.inject({ method: 'GET', url: '/inventory', headers: { authorization: 'Bearer not.a.token' } })).statusCode).toBe(401);
  });
});

describe('adjusting', () => {
  it('creates a SKU by setting it, adjusts it by a delta, and keeps each change as a movement and events', async () => {
    const created = await put('adj-1', { on_hand: 12, reason: 'first delivery', low_stock_threshold: 4 });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ sku: 'ADJ-1', on_hand: 12, reserved: 0, available: 12, low_stock_threshold: 4, low_stock: false, version: 1 });

    const adjusted = await put('ADJ-1', { delta: -2, reason: 'two damaged' });
    expect(adjusted.json()).toMatchObject({ on_hand: 10, available: 10, low_stock_threshold: 4, version: 2 });
    expect(await levelOf(inventory, 'adj-1')).toEqual(adjusted.json());

    const movements = (await inventory.app.inject({ method: 'GET', url: '/inventory/ADJ-1/movements', headers: inventory.admin })).json<MovementList>();
    expect(movements.total).toBe(2);
    expect(movements.items.map((m) => [m.kind, m.delta, m.on_hand, m.reason])).toEqual([
      ['adjustment', -2, 10, 'two damaged'],
      ['adjustment', 12, 12, 'first delivery'],
    ]);
    expect(movements.items[0]?.actor).toMatch(/^[0-9a-f-]{36}$/);

    const events = await outboxFor(inventory.db, 'ADJ-1');
    expect(events.filter((e) => e.type === 'inventory.adjusted').map((e) => e.data)).toEqual([
      { sku: 'ADJ-1', delta: 12, reason: 'first delivery', on_hand: 12, reserved: 0, available: 12, actor: movements.items[1]?.actor },
      { sku: 'ADJ-1', delta: -2, reason: 'two damaged', on_hand: 10, reserved: 0, available: 10, actor: movements.items[0]?.actor },
    ]);
    expect(events.filter((e) => e.type === 'inventory.stock_changed').map((e) => e.data.version)).toEqual([1, 2]);
  });

  it('demands exactly one of on_hand and delta', async () => {
    for (const payload of [{ reason: 'nothing' }, { on_hand: 5, delta: 1, reason: 'both' }]) {
      const response = await put('ADJ-2', payload);
      expect(response.statusCode).toBe(400);
      expect(problemFields(response.json()).sort()).toEqual(['delta', 'on_hand']);
    }
    expect(problemFields((await put('ADJ-2', { on_hand: -1, reason: 'x' })).json())).toEqual(['on_hand']);
    expect(problemFields((await put('ADJ-2', { on_hand: 1 })).json())).toEqual(['reason']);
    expect((await inventory.app.inject({ method: 'GET', url: '/inventory/ADJ-2', headers: inventory.admin })).statusCode).toBe(404);
  });

  it('refuses with 409 a change leaving stock negative or below what is reserved, naming the numbers', async () => {
    await setStock(inventory, 'ADJ-3', 5);
    const negative = await put('ADJ-3', { delta: -6, reason: 'x' });
    expect(negative.statusCode).toBe(409);
    expect(negative.json().detail).toContain('5 on hand');
    expect(negative.json()).toMatchObject({ code: 'negative_stock', on_hand: 5, requested_on_hand: -1 });

    const reserved = await inventory.app.inject({ method: 'POST', url: '/internal/reservations', payload: { order_id: randomUUID(), lines: [{ sku: 'ADJ-3', quantity: 4 }] } });
    expect(reserved.statusCode).toBe(201);
    const below = await put('ADJ-3', { on_hand: 3, reason: 'recount' });
    expect(below.statusCode).toBe(409);
    expect(below.json().detail).toContain('4 units reserved');
    expect(below.json()).toMatchObject({ code: 'below_reserved', reserved: 4, requested_on_hand: 3 });
    expect(await levelOf(inventory, 'ADJ-3')).toMatchObject({ on_hand: 5, reserved: 4, available: 1, version: 2 });
    expect((await put('ADJ-3', { on_hand: 4, reason: 'recount' })).json()).toMatchObject({ on_hand: 4, available: 0 });
  });

  it('announces low stock when available falls to the threshold, not again while it stays low', async () => {
    await setStock(inventory, 'ADJ-4', 10, 3);
    await put('ADJ-4', { delta: -7, reason: 'sold elsewhere' });
    await put('ADJ-4', { delta: -1, reason: 'damaged' });
    const low = (await outboxFor(inventory.db, 'ADJ-4')).filter((e) => e.type === 'inventory.low_stock');
    expect(low.map((e) => e.data)).toEqual([{ sku: 'ADJ-4', available: 3, low_stock_threshold: 3 }]);
  });
});

describe('listing', () => {
  beforeAll(async () => {
    await setStock(inventory, 'LST-AA-1', 50, 5);
    await setStock(inventory, 'LST-AA-2', 2, 5);
    await setStock(inventory, 'LST-BB-1', 0, 5);
    await setStock(inventory, 'LST-BB-2', 4, 10);
  });

  it('filters by SKU prefix or part, low stock and out of stock, with pages', async () => {
    expect((await list('/inventory?sku=lst-aa')).items.map((l) => l.sku)).toEqual(['LST-AA-1', 'LST-AA-2']);
    expect((await list('/inventory?q=BB')).items.map((l) => l.sku)).toEqual(['LST-BB-1', 'LST-BB-2']);
    expect((await list('/inventory?sku=LST&low_stock=true')).items.map((l) => l.sku)).toEqual(['LST-AA-2', 'LST-BB-1', 'LST-BB-2']);
    expect((await list('/inventory?sku=LST&out_of_stock=true')).items.map((l) => l.sku)).toEqual(['LST-BB-1']);
    expect((await list('/inventory?sku=LST_')).total).toBe(0);
    const second = await list('/inventory?sku=LST&limit=3&page=2');
    expect(second).toMatchObject({ page: 2, limit: 3, total: 4 });
    expect(second.items.map((l) => l.sku)).toEqual(['LST-BB-2']);
  });

  it('lists alerts most urgent first', async () => {
    const alerts = (await list('/inventory/alerts?limit=100')).items.filter((l) => l.sku.startsWith('LST-'));
    expect(alerts.map((l) => l.sku)).toEqual(['LST-BB-1', 'LST-AA-2', 'LST-BB-2']);
    expect(alerts.every((l: StockLevel) => l.low_stock)).toBe(true);
  });

  it('answers 404 for an unknown SKU and its movements', async () => {
    expect((await inventory.app.inject({ method: 'GET', url: '/inventory/NOPE-1', headers: inventory.admin })).statusCode).toBe(404);
    expect((await inventory.app.inject({ method: 'GET', url: '/inventory/NOPE-1/movements', headers: inventory.admin })).statusCode).toBe(404);
  });
});
