import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Category, Product, ProductList } from '@storefleet/contracts';
import { startCatalog, type TestCatalog } from './support.js';

const PART_CATEGORIES = ['spare-parts', 'memory', 'storage', 'batteries', 'chargers', 'displays', 'keyboards'];

let catalog: TestCatalog;

async function list(url: string): Promise<ProductList> {
  const response = await catalog.app.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ProductList>();
}

/** Every product of a query, following next_cursor from the first page. */
async function allByCursor(url: string, limit: number): Promise<Product[]> {
  const items: Product[] = [];
  let next: string | null = null;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const page: ProductList = await list(`${url}${sep}limit=${limit}${next ? `&cursor=${encodeURIComponent(next)}` : ''}`);
    items.push(...page.items);
    next = page.next_cursor ?? null;
  } while (next);
  return items;
}

beforeAll(async () => {
  catalog = await startCatalog({ seed: true });
});

afterAll(async () => {
  await catalog?.close();
});

describe('demo catalog', () => {
  it('holds at least a dozen laptops and a dozen spare parts with unique SKUs', async () => {
    const laptops = await list('/laptops?limit=100');
    const parts = await list('/spare-parts?limit=100');
    expect(laptops.total).toBeGreaterThanOrEqual(12);
    expect(parts.total).toBeGreaterThanOrEqual(12);
    expect(laptops.items.every((p) => p.category === 'laptops' && typeof p.attributes.cpu === 'string')).toBe(true);
    expect(parts.items.every((p) => PART_CATEGORIES.includes(p.category))).toBe(true);
    expect(new Set(parts.items.map((p) => p.category)).size).toBeGreaterThanOrEqual(6);
    const skus = [...laptops.items, ...parts.items].map((p) => p.sku);
    expect(new Set(skus).size).toBe(skus.length);
    expect(skus).toContain('LAP-XPS13-9340');
  });

  it('lists categories with counts that include sub-categories', async () => {
    const response = await catalog.app.inject({ method: 'GET', url: '/categories' });
    expect(response.statusCode).toBe(200);
    const { items } = response.json<{ items: Category[] }>();
    const count = (slug: string) => items.find((c) => c.slug === slug)?.product_count;
    expect(count('laptops')).toBe((await list('/laptops')).total);
    expect(count('spare-parts')).toBe((await list('/spare-parts')).total);
    const children = items.filter((c) => c.parent_slug === 'spare-parts');
    expect(children.map((c) => c.slug).sort()).toEqual(['batteries', 'chargers', 'displays', 'keyboards', 'memory', 'storage']);
    expect(children.reduce((sum, c) => sum + c.product_count, 0)).toBe(count('spare-parts'));
  });
});

describe('search', () => {
  it('finds products by a word of their name', async () => {
    const result = await list('/products?q=thinkpad');
    expect(result.total).toBeGreaterThanOrEqual(2);
    expect(result.items.every((p) => /thinkpad/i.test(`${p.name} ${p.description}`))).toBe(true);
  });

  it('finds products by the start of a word', async () => {
    const result = await list('/products?q=thinkp');
    expect(result.items.map((p) => p.name)).toContain('Lenovo ThinkPad X1 Carbon Gen 12');
  });

  it('matches inflected words and ranks by relevance by default', async () => {
    const result = await list('/products?q=batteries');
    expect(result.total).toBeGreaterThanOrEqual(4);
    expect(result.items[0]?.category).toBe('batteries');
  });

  it('finds a product by its SKU', async () => {
    const result = await list('/products?q=LAP-XPS13-9340');
    expect(result.items[0]?.sku).toBe('LAP-XPS13-9340');
  });

  it('supports web-search syntax to exclude words', async () => {
    const all = await list('/products?q=macbook');
    const withoutPro = await list('/products?q=macbook%20-pro');
    expect(all.items.some((p) => p.name.includes('Pro'))).toBe(true);
    expect(withoutPro.total).toBeGreaterThan(0);
    expect(withoutPro.items.some((p) => p.name.includes('MacBook Pro'))).toBe(false);
  });

  it('answers an empty list for a search nothing matches', async () => {
    const result = await list('/products?q=typewriter');
    expect(result).toMatchObject({ items: [], total: 0, next_cursor: null, facets: { brand: [], category: [], price: { min: null, max: null } } });
  });

  it('has a search endpoint that requires q', async () => {
    const found = await list('/products/search?q=zenbook');
    expect(found.items.map((p) => p.sku)).toContain('LAP-ZB14-UX3405');
    const missing = await catalog.app.inject({ method: 'GET', url: '/products/search' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toContain('q');
  });
});

describe('filters', () => {
  it('filters by a top-level category including its sub-categories', async () => {
    const parts = await list('/products?category=spare-parts&limit=100');
    expect(parts.total).toBe((await list('/spare-parts')).total);
    expect(parts.items.every((p) => PART_CATEGORIES.includes(p.category))).toBe(true);
    const memory = await list('/products?category=memory');
    expect(memory.total).toBeGreaterThanOrEqual(2);
    expect(memory.items.every((p) => p.category === 'memory')).toBe(true);
  });

  it('filters by one or several brands, case-insensitively', async () => {
    const dell = await list('/products?brand=dell&limit=100');
    expect(dell.total).toBeGreaterThan(0);
    expect(dell.items.every((p) => p.brand === 'Dell')).toBe(true);
    const both = await list('/products?brand=Dell,Apple&limit=100');
    const repeated = await list('/products?brand=Dell&brand=Apple&limit=100');
    expect(new Set(both.items.map((p) => p.brand))).toEqual(new Set(['Dell', 'Apple']));
    expect(repeated.total).toBe(both.total);
  });

  it('filters by a price range, bounds included', async () => {
    const result = await list('/products?min_price=100&max_price=1199&limit=100');
    expect(result.total).toBeGreaterThan(0);
    expect(result.items.every((p) => p.price >= 100 && p.price <= 1199)).toBe(true);
    expect(result.items.some((p) => p.price === 1199)).toBe(true);
    const upsideDown = await catalog.app.inject({ method: 'GET', url: '/products?min_price=500&max_price=100' });
    expect(upsideDown.statusCode).toBe(400);
    expect(upsideDown.json().errors[0].field).toBe('max_price');
  });

  it('combines search, category, brand and price', async () => {
    const result = await list('/products?q=lenovo&category=spare-parts&brand=Lenovo&max_price=100');
    expect(result.total).toBeGreaterThan(0);
    expect(result.items.every((p) => p.brand === 'Lenovo' && p.category !== 'laptops' && p.price <= 100)).toBe(true);
  });
});

describe('sorting and pagination', () => {
  it('sorts by price both ways, by name and by newest', async () => {
    const prices = (await list('/products?sort=price_asc&limit=100')).items.map((p) => p.price);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const desc = (await list('/products?sort=price_desc&limit=100')).items.map((p) => p.price);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    const names = (await list('/products?sort=name&limit=100')).items.map((p) => p.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    const created = (await list('/products?sort=newest&limit=100')).items.map((p) => p.created_at);
    expect(created).toEqual([...created].sort().reverse());
  });

  it('pages without duplicates or gaps', async () => {
    const everything = await list('/products?sort=price_asc&limit=100');
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(everything.total / 7); page++) {
      const result = await list(`/products?sort=price_asc&limit=7&page=${page}`);
      expect(result).toMatchObject({ page, limit: 7, total: everything.total });
      seen.push(...result.items.map((p) => p.id));
    }
    expect(seen).toEqual(everything.items.map((p) => p.id));
  });

  it.each(['price_asc', 'price_desc', 'name', 'newest'])('follows cursors through sort=%s without duplicates or gaps', async (sort) => {
    const everything = await list(`/products?sort=${sort}&limit=100`);
    const walked = await allByCursor(`/products?sort=${sort}`, 4);
    expect(walked.map((p) => p.id)).toEqual(everything.items.map((p) => p.id));
  });

  it('follows cursors through a search ranked by relevance', async () => {
    const everything = await list('/products?q=lenovo&limit=100');
    expect(everything.total).toBeGreaterThan(3);
    const walked = await allByCursor('/products?q=lenovo', 2);
    expect(walked.map((p) => p.id)).toEqual(everything.items.map((p) => p.id));
  });

  it('refuses a limit over 100 and a cursor it did not make', async () => {
    const tooMany = await catalog.app.inject({ method: 'GET', url: '/products?limit=101' });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0].field).toBe('limit');
    const forged = await catalog.app.inject({ method: 'GET', url: '/products?cursor=forged' });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().errors[0].field).toBe('cursor');
    const { next_cursor } = await list('/products?sort=price_asc&limit=2');
    const otherSort = await catalog.app.inject({ method: 'GET', url: `/products?sort=name&cursor=${next_cursor}` });
    expect(otherSort.statusCode).toBe(400);
  });
});

describe('facets', () => {
  it('count brands, categories and the price range over the whole filtered set', async () => {
    const everything = await list('/spare-parts?limit=100');
    const firstPage = await list('/spare-parts?limit=3');
    const secondPage = await list('/spare-parts?limit=3&page=2');
    expect(firstPage.facets).toEqual(everything.facets);
    expect(secondPage.facets).toEqual(everything.facets);

    const tally = (key: 'brand' | 'category') =>
      Object.entries(everything.items.reduce<Record<string, number>>((acc, p) => ({ ...acc, [p[key]]: (acc[p[key]] ?? 0) + 1 }), {}))
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => a.value.localeCompare(b.value));
    const sorted = (facet: { value: string; count: number }[]) => [...facet].sort((a, b) => a.value.localeCompare(b.value));
    expect(sorted(everything.facets.brand)).toEqual(tally('brand'));
    expect(sorted(everything.facets.category)).toEqual(tally('category'));
    const prices = everything.items.map((p) => p.price);
    expect(everything.facets.price).toEqual({ min: Math.min(...prices), max: Math.max(...prices) });
  });

  it('follow the filters', async () => {
    const result = await list('/products?brand=Framework');
    expect(result.facets.brand).toEqual([{ value: 'Framework', count: result.total }]);
    expect(result.facets.category.map((c) => c.value).sort()).toEqual(['batteries', 'displays', 'keyboards', 'laptops']);
  });
});

describe('one product', () => {
  it('is found by id, and unknown or malformed ids are refused', async () => {
    const [first] = (await list('/products?limit=1')).items;
    const found = await catalog.app.inject({ method: 'GET', url: `/products/${first!.id}` });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toEqual(first);
    const unknown = await catalog.app.inject({ method: 'GET', url: '/products/00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    const malformed = await catalog.app.inject({ method: 'GET', url: '/products/not-a-uuid' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].field).toBe('id');
  });

  it('is listed exactly as its product page shows it (the listing builds its records in SQL, the page in the service)', async () => {
    const { items } = await list('/products?limit=100&sort=newest');
    for (const item of items) {
      const page = await catalog.app.inject({ method: 'GET', url: `/products/${item.id}` });
      expect(page.json()).toEqual(item);
    }
    expect(items.length).toBeGreaterThan(20);
  });

  it('is shown only in its own storefront view', async () => {
    const [laptop] = (await list('/laptops?limit=1')).items;
    const [part] = (await list('/spare-parts?limit=1')).items;
    expect((await catalog.app.inject({ method: 'GET', url: `/laptops/${laptop!.id}` })).statusCode).toBe(200);
    expect((await catalog.app.inject({ method: 'GET', url: `/spare-parts/${part!.id}` })).json()).toEqual(part);
    expect((await catalog.app.inject({ method: 'GET', url: `/laptops/${part!.id}` })).statusCode).toBe(404);
    expect((await catalog.app.inject({ method: 'GET', url: `/spare-parts/${laptop!.id}` })).statusCode).toBe(404);
    expect((await list('/laptops?category=memory')).total).toBe(0);
    expect((await list('/spare-parts?q=thinkpad')).items.every((p) => p.category !== 'laptops')).toBe(true);
  });

  it('can be revalidated with its ETag', async () => {
    const [first] = (await list('/products?limit=1')).items;
    const response = await catalog.app.inject({ method: 'GET', url: `/products/${first!.id}` });
    expect(response.headers['cache-control']).toBe('public, no-cache');
    const etag = response.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    const again = await catalog.app.inject({ method: 'GET', url: `/products/${first!.id}`, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });
});
