import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventEnvelope } from '@storefleet/kit';
import type { Product, ProductList } from '@storefleet/contracts';
import type { ProductLookupResult } from '@storefleet/contracts/internal';
import { eventually } from '../../../test/support/commerce.js';
import { startCatalog, type TestCatalog } from './support.js';

let catalog: TestCatalog;
let dock: Product;
let ram: Product;

function stockChanged(sku: string, available: number, version: number): EventEnvelope {
  return {
    specversion: '1.0',
    id: randomUUID(),
    type: 'inventory.stock_changed',
    source: 'inventory',
    subject: sku,
    time: new Date().toISOString(),
    data: { sku, on_hand: available + 1, reserved: 1, available, version },
  };
}

async function create(body: object): Promise<Product> {
  const response = await catalog.app.inject({ method: 'POST', url: '/products', headers: catalog.admin, payload: body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Product>();
}

async function read(id: string): Promise<Product> {
  return (await catalog.app.inject({ method: 'GET', url: `/products/${id}` })).json<Product>();
}

async function lookup(payload: object) {
  return catalog.app.inject({ method: 'POST', url: '/internal/products/lookup', payload });
}

beforeAll(async () => {
  catalog = await startCatalog({ seed: false });
  dock = await create({ sku: 'AV-DOCK-1', name: 'Availability Dock', brand: 'CalDigit', category: 'chargers', price: 199 });
  ram = await create({ sku: 'AV-RAM-1', name: 'Availability RAM', brand: 'Crucial', category: 'memory', price: 49.9 });
});

afterAll(async () => {
  await catalog?.close();
});

describe('availability from inventory events', () => {
  it('shows nothing in stock until inventory reports the SKU', async () => {
    expect(await read(dock.id)).toMatchObject({ available: 0, in_stock: false });
  });

  it('shows the level of a delivered stock_changed event everywhere, with a new ETag', async () => {
    const before = await catalog.app.inject({ method: 'GET', url: `/products/${dock.id}` });
    await catalog.bus.publish(stockChanged('AV-DOCK-1', 7, 3));

    const after = await catalog.app.inject({ method: 'GET', url: `/products/${dock.id}`, headers: { 'if-none-match': before.headers.etag as string } });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.json()).toMatchObject({ available: 7, in_stock: true });
    expect((await catalog.app.inject({ method: 'GET', url: `/spare-parts/${dock.id}` })).json()).toMatchObject({ available: 7, in_stock: true });
    const listed = (await catalog.app.inject({ method: 'GET', url: '/products?q=availability&sort=name' })).json<ProductList>();
    expect(listed.items.map((p) => [p.sku, p.available, p.in_stock])).toEqual([
      ['AV-DOCK-1', 7, true],
      ['AV-RAM-1', 0, false],
    ]);
    const searched = (await catalog.app.inject({ method: 'GET', url: '/products/search?q=dock' })).json<ProductList>();
    expect(searched.items.find((p) => p.id === dock.id)).toMatchObject({ available: 7 });
  });

  it('ignores an older version delivered late, and a redelivered event', async () => {
    await catalog.bus.publish(stockChanged('AV-DOCK-1', 2, 2));
    expect(await read(dock.id)).toMatchObject({ available: 7, in_stock: true });

    const soldOut = stockChanged('AV-DOCK-1', 0, 4);
    await catalog.bus.publish(soldOut);
    expect(await read(dock.id)).toMatchObject({ available: 0, in_stock: false });
    await catalog.bus.publish(stockChanged('AV-DOCK-1', 5, 5));
    await catalog.bus.publish(soldOut);
    expect(await read(dock.id)).toMatchObject({ available: 5, in_stock: true });
  });

  it('skips a change that leaves availability as it was, in any delivery order', async () => {
    const committed = { ...stockChanged('AV-DOCK-1', 5, 7), data: { sku: 'AV-DOCK-1', on_hand: 5, reserved: 0, available: 5, version: 7, previous_available: 5 } };
    await catalog.bus.publish(committed);
    await catalog.bus.publish({ ...stockChanged('AV-DOCK-1', 5, 6), data: { sku: 'AV-DOCK-1', on_hand: 6, reserved: 1, available: 5, version: 6, previous_available: 3 } });
    expect(await read(dock.id)).toMatchObject({ available: 5, in_stock: true });
    const { rows } = await catalog.db.query<{ version: number }>("SELECT version FROM stock_levels WHERE sku = 'AV-DOCK-1'");
    expect(rows[0]!.version).toBe(6);
    await catalog.bus.publish({ ...stockChanged('AV-DOCK-1', 1, 8), data: { sku: 'AV-DOCK-1', on_hand: 1, reserved: 0, available: 1, version: 8, previous_available: 5 } });
    expect(await read(dock.id)).toMatchObject({ available: 1, in_stock: true });
    await catalog.bus.publish({ ...stockChanged('AV-DOCK-1', 5, 9), data: { sku: 'AV-DOCK-1', on_hand: 5, reserved: 0, available: 5, version: 9, previous_available: 1 } });
    expect(await read(dock.id)).toMatchObject({ available: 5, in_stock: true });
  });

  it('records a whole delivery in one go: the newest version of each SKU, whatever the order, skipping ids already handled', async () => {
    const ssd = await create({ sku: 'AV-SSD-1', name: 'Availability SSD', brand: 'Samsung', category: 'storage', price: 89 });
    const fan = await create({ sku: 'AV-FAN-1', name: 'Availability fan', brand: 'Noctua', category: 'memory', price: 19 });
    const handled = stockChanged('AV-SSD-1', 9, 20);
    await catalog.bus.publish(handled);
    // A regression guard on cost, not on what a buyer sees: a delivery of N stock events must stay one
    // statement on stock_levels (not N), or a busy checkout floods catalog's database. Only the count shows it.
    const statements = vi.spyOn(catalog.db, 'query');
    await catalog.bus.publishAll([
      stockChanged('AV-SSD-1', 4, 23),
      { ...handled, data: { ...(handled.data as object), available: 1, version: 30 } }, // its id was handled: skipped
      stockChanged('AV-SSD-1', 6, 22),
      stockChanged('AV-FAN-1', 3, 40),
      { ...stockChanged('AV-FAN-1', 8, 41), data: { sku: 'AV-FAN-1', available: 'many' } }, // malformed: skipped
    ]);
    expect(statements.mock.calls.filter(([text]) => String(text).includes('stock_levels'))).toHaveLength(1);
    statements.mockRestore();
    expect(await read(ssd.id)).toMatchObject({ available: 4, in_stock: true });
    expect(await read(fan.id)).toMatchObject({ available: 3, in_stock: true });
  });

  it('skips a malformed stock event without failing the delivery', async () => {
    await catalog.bus.publish({ ...stockChanged('AV-RAM-1', 3, 1), data: { sku: 'AV-RAM-1', available: 'many' } });
    expect(await read(ram.id)).toMatchObject({ available: 0, in_stock: false });
  });
});

describe('internal lookup', () => {
  it('answers the records of the products of the given SKUs (any case) and ids, leaving out unknown ones; with_stock adds availability', async () => {
    const response = await lookup({ skus: ['av-dock-1', 'NOPE-1'], ids: [ram.id, randomUUID()] });
    expect(response.statusCode, response.body).toBe(200);
    const { items } = response.json<ProductLookupResult>();
    expect(items.map((p) => p.sku)).toEqual(['AV-DOCK-1', 'AV-RAM-1']);
    expect(items[0]).toMatchObject({ id: dock.id, price: 199 });
    expect(items[0]).not.toHaveProperty('available');
    const stocked = (await lookup({ skus: ['AV-DOCK-1'], ids: [ram.id], with_stock: true })).json<ProductLookupResult>().items;
    expect(stocked.map(({ sku, available, in_stock }) => ({ sku, available, in_stock }))).toEqual([
      { sku: 'AV-DOCK-1', available: 5, in_stock: true },
      { sku: 'AV-RAM-1', available: 0, in_stock: false },
    ]);
    expect((await lookup({})).json()).toEqual({ items: [] });
  });

  it('answers from the product cache, which a change or a delete of the product empties at once', async () => {
    const cable = await create({ sku: 'AV-CABLE-1', name: 'Cached cable', brand: 'Anker', category: 'chargers', price: 9.5 });
    const priceOf = async (query: object) => (await lookup(query)).json<ProductLookupResult>().items.map((p) => [p.sku, p.price]);
    // Until its product.created event is delivered, that delivery may still empty the cache.
    const unpublished = () => catalog.db.query('SELECT 1 FROM outbox WHERE subject = $1 AND published_at IS NULL', [cable.id]).then((r) => r.rowCount);
    await eventually(unpublished, (count) => count === 0);
    expect(await priceOf({ skus: ['AV-CABLE-1'] })).toEqual([['AV-CABLE-1', 9.5]]);
    // Changed behind catalog's back, the cached record is what the lookup keeps answering: it is cached.
    await catalog.db.query("UPDATE products SET price = 1 WHERE sku = 'AV-CABLE-1'");
    expect(await priceOf({ skus: ['AV-CABLE-1'] })).toEqual([['AV-CABLE-1', 9.5]]);
    expect(await priceOf({ ids: [cable.id] })).toEqual([['AV-CABLE-1', 9.5]]);

    const repriced = await catalog.app.inject({ method: 'PATCH', url: `/products/${cable.id}`, headers: catalog.admin, payload: { price: 12 } });
    expect(repriced.statusCode, repriced.body).toBe(200);
    expect(await priceOf({ skus: ['av-cable-1'] })).toEqual([['AV-CABLE-1', 12]]);
    expect(await priceOf({ ids: [cable.id] })).toEqual([['AV-CABLE-1', 12]]);

    const removed = await catalog.app.inject({ method: 'DELETE', url: `/products/${cable.id}`, headers: catalog.admin });
    expect(removed.statusCode).toBe(204);
    expect(await priceOf({ skus: ['AV-CABLE-1'], ids: [cable.id] })).toEqual([]);
  });

  it('refuses more than 100 SKUs or a malformed id', async () => {
    const tooMany = await lookup({ skus: Array.from({ length: 101 }, (_, i) => `SKU-${i}`) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors.map((e: { field: string }) => e.field)).toEqual(['skus']);
    const badId = await lookup({ ids: ['not-a-uuid'] });
    expect(badId.statusCode).toBe(400);
  });
});
