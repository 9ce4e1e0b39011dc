import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventEnvelope } from '@storefleet/kit';
import type { Product, ProductList, ProductRecord } from '@storefleet/contracts';
import { outboxFor, startCatalog, type TestCatalog } from './support.js';
import { problemFields } from '../../../test/support/problems.js';

let catalog: TestCatalog;
const published: EventEnvelope[] = [];

const dock = {
  sku: 'prt-dock-tb4-01',
  name: 'Thunderbolt 4 Quasarite Dock',
  brand: 'CalDigit',
  category: 'chargers',
  price: 289.5,
  description: 'Docking station with 98 W charging.',
  attributes: { capacity: '98 W', compatible_with: ['Dell XPS 13 (9340)'] },
};

/** A product as product.* events carry it: without its stock. */
function recordOf({ available: _available, in_stock: _inStock, ...record }: Product): ProductRecord {
  return record;
}

async function create(body: object = dock): Promise<Product> {
  const response = await catalog.app.inject({ method: 'POST', url: '/products', headers: catalog.admin, payload: body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Product>();
}

beforeAll(async () => {
  catalog = await startCatalog({ seed: false });
  catalog.bus.subscribe('catalog-test', ['product.*'], async (event) => {
    published.push(event);
  });
});

afterAll(async () => {
  await catalog?.close();
});

describe('without demo data', () => {
  it('starts with an empty catalog and its categories', async () => {
    expect((await catalog.app.inject({ method: 'GET', url: '/products' })).json<ProductList>().total).toBe(0);
    const categories = (await catalog.app.inject({ method: 'GET', url: '/categories' })).json<{ items: { slug: string }[] }>();
    expect(categories.items.map((c) => c.slug)).toEqual(expect.arrayContaining(['laptops', 'spare-parts', 'memory']));
  });
});

describe('who may write', () => {
  it('refuses a request without a token with 401', async () => {
    const response = await catalog.app.inject({ method: 'POST', url: '/products', payload: dock });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses an invalid token with 401', async () => {
    const response = await catalog.app.inject({ method: 'POST', url: '/products', headers: { authorization: 'Bearer not.a.token' }, payload: dock });
    expect(response.statusCode).toBe(401);
  });

  it('refuses a customer with 403', async () => {
    const response = await catalog.app.inject({ method: 'POST', url: '/products', headers: catalog.customer, payload: { ...dock, sku: 'CUST-1' } });
    expect(response.statusCode).toBe(403);
    const id = '00000000-0000-4000-8000-000000000000';
    expect((await catalog.app.inject({ method: 'DELETE', url: `/products/${id}`, headers: catalog.customer })).statusCode).toBe(403);
  });
});

describe('creating', () => {
  it('creates a product that search finds, with an outbox event and a bus delivery', async () => {
    const product = await create();
    expect(product).toMatchObject({ sku: 'PRT-DOCK-TB4-01', currency: 'EUR', price: 289.5, image_url: null, warranty_months: 24, available: 0, in_stock: false });

    const found = (await catalog.app.inject({ method: 'GET', url: '/products?q=quasarite' })).json<ProductList>();
    expect(found.items.map((p) => p.id)).toEqual([product.id]);
    expect((await catalog.app.inject({ method: 'GET', url: '/spare-parts?q=quasar' })).json<ProductList>().total).toBe(1);

    const events = await outboxFor(catalog.db, product.id);
    expect(events).toEqual([{ type: 'product.created', source: 'catalog', data: recordOf(product) }]);
    await vi.waitFor(() => expect(published.map((e) => [e.type, e.subject])).toContainEqual(['product.created', product.id]));
  });

  it('refuses a duplicate SKU with 409 naming sku, whatever its case', async () => {
    const response = await catalog.app.inject({ method: 'POST', url: '/products', headers: catalog.admin, payload: { ...dock, sku: 'PRT-Dock-TB4-01' } });
    expect(response.statusCode).toBe(409);
    expect(problemFields(response.json())).toEqual(['sku']);
  });

  it('refuses an unknown category with 422 naming category', async () => {
    const response = await catalog.app.inject({ method: 'POST', url: '/products', headers: catalog.admin, payload: { ...dock, sku: 'X-2', category: 'toasters' } });
    expect(response.statusCode).toBe(422);
    expect(problemFields(response.json())).toEqual(['category']);
  });

  it('names every invalid field: negative price, missing name, bad currency', async () => {
    const { name: _name, ...noName } = dock;
    const response = await catalog.app.inject({
      method: 'POST',
      url: '/products',
      headers: catalog.admin,
      payload: { ...noName, sku: 'X-3', price: -1, currency: 'euro' },
    });
    expect(response.statusCode).toBe(400);
    expect(problemFields(response.json()).sort()).toEqual(['currency', 'name', 'price']);
  });

  it('refuses a well-formed currency code that is not ISO 4217', async () => {
    const response = await catalog.app.inject({ method: 'POST', url: '/products', headers: catalog.admin, payload: { ...dock, sku: 'X-4', currency: 'XQZ' } });
    expect(response.statusCode).toBe(400);
    expect(problemFields(response.json())).toEqual(['currency']);
  });

  it('refuses a price above 1,000,000', async () => {
    const response = await catalog.app.inject({ method: 'POST', url: '/products', headers: catalog.admin, payload: { ...dock, sku: 'X-5', price: 1_000_000.01 } });
    expect(response.statusCode).toBe(400);
    expect(problemFields(response.json())).toEqual(['price']);
  });
});

describe('updating', () => {
  it('changes only the given fields, shows them to readers and writes product.updated', async () => {
    const product = await create({ ...dock, sku: 'UPD-1', name: 'Plain Dock' });
    const before = await catalog.app.inject({ method: 'GET', url: `/products/${product.id}` });
    const response = await catalog.app.inject({
      method: 'PATCH',
      url: `/products/${product.id}`,
      headers: catalog.admin,
      payload: { name: 'Zephyrite Dock', price: 249 },
    });
    expect(response.statusCode, response.body).toBe(200);
    const updated = response.json<Product>();
    expect(updated).toMatchObject({ id: product.id, sku: 'UPD-1', name: 'Zephyrite Dock', price: 249, brand: dock.brand, attributes: dock.attributes });
    expect(updated.updated_at > product.updated_at).toBe(true);

    const reread = await catalog.app.inject({ method: 'GET', url: `/products/${product.id}`, headers: { 'if-none-match': before.headers.etag as string } });
    expect(reread.statusCode).toBe(200);
    expect(reread.json()).toEqual(updated);
    expect((await catalog.app.inject({ method: 'GET', url: '/products?q=zephyrite' })).json<ProductList>().items.map((p) => p.id)).toEqual([product.id]);

    const events = await outboxFor(catalog.db, product.id);
    expect(events.map((e) => e.type).sort()).toEqual(['product.created', 'product.updated']);
    expect(events.find((e) => e.type === 'product.updated')?.data).toEqual(recordOf(updated));
  });

  it('replaces a product with PUT', async () => {
    const product = await create({ ...dock, sku: 'PUT-1' });
    const response = await catalog.app.inject({
      method: 'PUT',
      url: `/products/${product.id}`,
      headers: catalog.admin,
      payload: { sku: 'PUT-1', name: 'Replaced', brand: 'Other', category: 'storage', price: 10 },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ name: 'Replaced', brand: 'Other', category: 'storage', price: 10, attributes: {}, description: '' });
  });

  it('keeps the SKU, refuses bad fields, empty patches and unknown products, and clears the image with null', async () => {
    const product = await create({ ...dock, sku: 'UPD-2' });
    const url = `/products/${product.id}`;
    const skuChange = await catalog.app.inject({ method: 'PATCH', url, headers: catalog.admin, payload: { sku: 'UPD-3' } });
    expect(skuChange.statusCode).toBe(422);
    expect(problemFields(skuChange.json())).toEqual(['sku']);
    const bad = await catalog.app.inject({ method: 'PATCH', url, headers: catalog.admin, payload: { price: -5, category: 'toasters' } });
    expect(bad.statusCode).toBe(400);
    expect(problemFields(bad.json())).toEqual(['price']);
    const unknownCategory = await catalog.app.inject({ method: 'PATCH', url, headers: catalog.admin, payload: { category: 'toasters' } });
    expect(unknownCategory.statusCode).toBe(422);
    expect(problemFields(unknownCategory.json())).toEqual(['category']);
    expect((await catalog.app.inject({ method: 'PATCH', url, headers: catalog.admin, payload: {} })).statusCode).toBe(400);
    const withImage = await catalog.app.inject({ method: 'PATCH', url, headers: catalog.admin, payload: { image_url: 'https://cdn.example.com/dock.jpg' } });
    expect(withImage.json().image_url).toBe('https://cdn.example.com/dock.jpg');
    const script = await catalog.app.inject({ method: 'PATCH', url, headers: catalog.admin, payload: { image_url: 'javascript:alert(1)' } });
    expect(script.statusCode).toBe(400);
    expect(problemFields(script.json())).toEqual(['image_url']);
    const cleared = await catalog.app.inject({ method: 'PATCH', url, headers: catalog.admin, payload: { image_url: null } });
    expect(cleared.json().image_url).toBeNull();
    const missing = await catalog.app.inject({ method: 'PATCH', url: '/products/00000000-0000-4000-8000-000000000000', headers: catalog.admin, payload: { price: 1 } });
    expect(missing.statusCode).toBe(404);
    expect((await outboxFor(catalog.db, product.id)).map((e) => e.type).sort()).toEqual(['product.created', 'product.updated', 'product.updated']);
  });
});

describe('deleting', () => {
  it('removes the product for every reader and writes product.deleted', async () => {
    const product = await create({ ...dock, sku: 'DEL-1', name: 'Obsidianite Dock' });
    const response = await catalog.app.inject({ method: 'DELETE', url: `/products/${product.id}`, headers: catalog.admin });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect((await catalog.app.inject({ method: 'GET', url: `/products/${product.id}` })).statusCode).toBe(404);
    expect((await catalog.app.inject({ method: 'GET', url: '/products?q=obsidianite' })).json<ProductList>().total).toBe(0);
    expect((await catalog.app.inject({ method: 'DELETE', url: `/products/${product.id}`, headers: catalog.admin })).statusCode).toBe(404);

    const events = await outboxFor(catalog.db, product.id);
    expect(events.map((e) => e.type).sort()).toEqual(['product.created', 'product.deleted']);
    expect(events.find((e) => e.type === 'product.deleted')?.data).toMatchObject({ id: product.id, sku: 'DEL-1' });
  });
});
