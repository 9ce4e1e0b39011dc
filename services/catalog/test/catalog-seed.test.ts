import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductList } from '@storefleet/contracts';
import { startCatalog, type TestCatalog } from './support.js';

let catalog: TestCatalog;

beforeAll(async () => {
  catalog = await startCatalog({ seed: true });
});

afterAll(async () => {
  await catalog?.close();
});

describe('demo seed', () => {
  it('announces every seeded product with a product.created event', async () => {
    const { total } = (await catalog.app.inject({ method: 'GET', url: '/products?limit=1' })).json<ProductList>();
    const { rows } = await catalog.db.query<{ count: number }>("SELECT count(DISTINCT subject)::int AS count FROM outbox WHERE type = 'product.created'");
    expect(rows[0]?.count).toBe(total);
  });

  it('runs once: a restart adds nothing, even after an admin emptied the catalog', async () => {
    const restarted = await catalog.restart();
    const before = (await restarted.inject({ method: 'GET', url: '/products?limit=100' })).json<ProductList>();
    expect(before.total).toBeGreaterThanOrEqual(24);

    for (const product of before.items) {
      const deleted = await catalog.app.inject({ method: 'DELETE', url: `/products/${product.id}`, headers: catalog.admin });
      expect(deleted.statusCode).toBe(204);
    }
    const again = await catalog.restart();
    expect((await again.inject({ method: 'GET', url: '/products' })).json<ProductList>().total).toBe(0);
  });
});
