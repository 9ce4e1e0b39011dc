import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductList } from '@storefleet/contracts';
import { bulkLoadProducts, generateProducts } from '../src/app.js';
import { planListing } from '../src/domain/product-listing.js';
import { buildListingQuery } from '../src/store/product-query.js';
import { startCatalog, type TestCatalog } from './support.js';

const PRODUCTS = 20_000;
let catalog: TestCatalog;

beforeAll(async () => {
  catalog = await startCatalog({ seed: false });
  const products = generateProducts(PRODUCTS, 7);
  expect(await bulkLoadProducts(catalog.db, products, products.map((p, i) => ({ sku: p.sku, available: i % 10, version: 1 })))).toBe(PRODUCTS);
  await catalog.db.query('ANALYZE products');
}, 120_000);

afterAll(async () => {
  await catalog?.close();
});

async function list(url: string): Promise<ProductList> {
  const response = await catalog.app.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ProductList>();
}

describe('a catalog of 20,000 products', () => {
  it('pages through every product by cursor in name order, each once, while products are added', async () => {
    const { rows } = await catalog.db.query<{ id: string }>('SELECT id FROM products ORDER BY lower(name) COLLATE "C", id');
    const seen: string[] = [];
    let page = await list('/products?limit=100');
    expect(page.items.map((p) => p.id)).toEqual(rows.slice(0, 100).map((r) => r.id));
    for (let n = 1; ; n++) {
      seen.push(...page.items.map((p) => p.id));
      if (n % 40 === 0) {
        // Concurrent inserts (names that sort before and after the cursor) shift no page of the listing.
        for (const name of ['AAA inserted while paging', 'zzz inserted while paging']) {
          const created = await catalog.app.inject({ method: 'POST', url: '/products', headers: catalog.admin, payload: { sku: `INS-${n}-${name[0]}`, name: `${name} ${n}`, brand: 'Acme', category: 'memory', price: 5 } });
          expect(created.statusCode, created.body).toBe(201);
        }
      }
      if (!page.next_cursor) break;
      page = await list(`/products?limit=100&cursor=${page.next_cursor}`);
      if (n === 100) expect(page.items.map((p) => p.id)).toEqual(rows.slice(10_000, 10_100).map((r) => r.id)); // a deep page
    }
    const seeded = new Set(rows.map((r) => r.id));
    const original = seen.filter((id) => seeded.has(id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(original).toEqual(rows.map((r) => r.id));
    expect(page.items.at(-1)?.name.startsWith('zzz')).toBe(true); // the last page ends with the newest inserts
  });

  it('counts facets as a plain SQL count does', async () => {
    const laptops = await list('/laptops?limit=1');
    const { rows } = await catalog.db.query<{ value: string; count: number }>(
      "SELECT brand AS value, count(*)::int AS count FROM products WHERE category = 'laptops' GROUP BY brand ORDER BY count DESC, brand",
    );
    expect(laptops.facets.brand).toEqual(rows);
    expect(laptops.total).toBe(rows.reduce((sum, row) => sum + row.count, 0));
    const memory = await list('/products?category=memory&brand=kingston,crucial&limit=1');
    const counted = await catalog.db.query<{ count: number }>("SELECT count(*)::int AS count FROM products WHERE category = 'memory' AND lower(brand) IN ('kingston', 'crucial')");
    expect(memory.total).toBe(counted.rows[0]!.count);
    expect(memory.facets.category).toEqual([{ value: 'memory', count: counted.rows[0]!.count }]);
  });

  it('reads a deep cursor page from the index, not the table, and refuses page=5000', async () => {
    let page = await list('/products?limit=100&sort=price_asc');
    for (let n = 0; n < 150; n++) page = await list(`/products?limit=100&sort=price_asc&cursor=${page.next_cursor}`);
    const query = buildListingQuery(planListing({ sort: 'price_asc', limit: 20, cursor: page.next_cursor! }), { summary: false });
    const { rows } = await catalog.db.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${query.text}`, query.values);
    const nodes = flatten(rows[0]!['QUERY PLAN'][0].Plan);
    expect(nodes.filter((node) => node['Relation Name'] === 'products').map((node) => [node['Node Type'], node['Index Name']])).toEqual([['Index Scan', 'products_price_idx']]);
    expect(Math.max(...nodes.map((node) => node['Actual Rows']))).toBeLessThanOrEqual(21);

    const deep = await catalog.app.inject({ method: 'GET', url: '/products?page=5000&limit=20' });
    expect(deep.statusCode).toBe(400);
    expect(deep.json().errors.map((e: { field: string }) => e.field)).toEqual(['page']);
  });
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  Plans?: PlanNode[];
}

function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}
