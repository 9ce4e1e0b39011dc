import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ResponseCacheStats } from '@storefleet/contracts/internal';
import { useTestSystem } from '../support/system.js';
import { createStockedProduct, guestCheckout } from '../support/commerce.js';

const ctx = useTestSystem();

/** This catalog replica's response cache counters (builds = list/search/product queries run). */
async function cacheStats(): Promise<ResponseCacheStats> {
  const response = await fetch(`${ctx.system.urls.catalog}/internal/response-cache`);
  return (await response.json()) as ResponseCacheStats;
}

/**
 * Reads until `done` holds or one second has passed since the call (the freshness the storefront
 * promises), and returns the last value read, so the assertion after it shows what was seen.
 */
async function withinOneSecond<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 1_000;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await sleep(20);
    value = await read();
  }
  return value;
}

const body = (path: string) => ctx.api.get(path).then((r) => r.body);

describe('catalog reads through the response cache', () => {
  it('shows an admin’s change in lists, search and product pages within a second', async () => {
    const { id, sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 5, price: 10 });
    const list = `/api/spare-parts?q=${sku}`;
    expect((await body(list)).items.map((p: any) => p.price)).toEqual([10]);
    expect((await body(`/api/products/${id}`)).price).toBe(10);
    expect((await body(`/api/products/${id}`)).price).toBe(10); // now from the cache

    expect((await ctx.api.patch(`/api/products/${id}`, { price: 12.5, name: `Renamed ${sku}` }, ctx.adminToken)).status).toBe(200);
    const listed = await withinOneSecond(() => body(list), (page) => page.items[0]?.price === 12.5);
    expect(listed.items.map((p: any) => [p.price, p.name])).toEqual([[12.5, `Renamed ${sku}`]]);
    expect((await withinOneSecond(() => body(`/api/products/${id}`), (p) => p.price === 12.5)).price).toBe(12.5);
    expect((await withinOneSecond(() => body(`/api/spare-parts/${id}`), (p) => p.price === 12.5)).price).toBe(12.5);
    expect((await withinOneSecond(() => body(`/api/products/search?q=renamed`), (page) => page.items.some((p: any) => p.id === id))).items.map((p: any) => p.id)).toContain(id);
  });

  it('drops a deleted product from lists and search, and its page answers 404', async () => {
    const { id, sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 1 });
    expect((await body(`/api/products?q=${sku}`)).total).toBe(1);
    expect((await body(`/api/products/search?q=${sku}`)).total).toBe(1);
    expect((await ctx.api.delete(`/api/products/${id}`, ctx.adminToken)).status).toBe(204);
    expect((await withinOneSecond(() => body(`/api/products?q=${sku}`), (page) => page.total === 0)).items).toEqual([]);
    expect((await withinOneSecond(() => body(`/api/products/search?q=${sku}`), (page) => page.total === 0)).items).toEqual([]);
    expect((await ctx.api.get(`/api/products/${id}`)).status).toBe(404);
  });

  it('shows the last unit sold as in_stock: false within a second, without building the list again for any sale', async () => {
    const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 3 });
    const list = `/api/products?q=${sku}`;
    await withinOneSecond(() => body(list), (page) => page.items[0]?.available === 3);
    const builds = (await cacheStats()).builds;

    for (const left of [2, 1, 0]) {
      expect((await guestCheckout(ctx.api, [{ sku, quantity: 1 }])).status).toBe(201);
      const page = await withinOneSecond(() => body(list), (p) => p.items[0]?.available === left);
      expect(page.items.map((p: any) => [p.available, p.in_stock])).toEqual([[left, left > 0]]);
    }
    expect((await cacheStats()).builds).toBe(builds);
  });

  it('answers 304 to the current ETag, and 200 with a new ETag once the product changed', async () => {
    const { id } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 2, price: 20 });
    // Once the stock set by createStockedProduct shows (a sale would change the ETag too).
    const first = await withinOneSecond(() => ctx.api.get(`/api/products/${id}`), (response) => response.body.available === 2);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w.-]+"$/);
    const again = await ctx.api.request('GET', `/api/products/${id}`, { headers: { 'if-none-match': etag } });
    expect([again.status, again.body]).toEqual([304, '']);
    const list = await ctx.api.get('/api/products?limit=5');
    expect((await ctx.api.request('GET', '/api/products?limit=5', { headers: { 'if-none-match': list.headers.get('etag')! } })).status).toBe(304);

    expect((await ctx.api.patch(`/api/products/${id}`, { price: 21 }, ctx.adminToken)).status).toBe(200);
    const changed = await withinOneSecond(
      () => ctx.api.request('GET', `/api/products/${id}`, { headers: { 'if-none-match': etag } }),
      (response) => response.status === 200,
    );
    expect([changed.status, changed.body.price]).toEqual([200, 21]);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('runs the queries once for 100 concurrent misses of one request', async () => {
    const q = `nothing-${randomBytes(4).toString('hex')}`;
    const builds = (await cacheStats()).builds;
    const responses = await Promise.all(Array.from({ length: 100 }, () => ctx.api.get(`/api/products/search?q=${q}&limit=7`)));
    expect(responses.map((r) => r.status)).toEqual(Array(100).fill(200));
    // Two builds: the page's query and its total and facets' query (cached apart, shared by every page), each once.
    expect((await cacheStats()).builds - builds).toBe(2);
  });
});
