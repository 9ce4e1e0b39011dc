import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { ensureDatabase, freePort } from '@storefleet/kit';
import { apiClient } from '../support/system.js';
import { startServiceProcess, type ServiceProcess } from '../support/processes.js';
import { SUCCESS_CARD, createStockedProduct, eventually, guestCheckout, stockOf } from '../support/commerce.js';

const ADMIN = { email: 'ops@storefleet.test', password: 'distributed-admin-pass' };
const processes: ServiceProcess[] = [];
let api: ReturnType<typeof apiClient>;
let catalogs: ServiceProcess[];
let orders: ServiceProcess[];
let crashingOrders: ServiceProcess;
let inventory: ServiceProcess;
let gatewayEnv: Record<string, string>;

beforeAll(async () => {
  const admin = inject('postgresAdminUrl');
  const prefix = `d${randomBytes(3).toString('hex')}`;
  const database = (service: string) => ensureDatabase(admin, `${prefix}_${service}`);
  // Every service shares one Redis server: the event bus between processes.
  const REDIS_URL = inject('redisUrl');

  const identity = await startServiceProcess('identity', await freePort(), { DATABASE_URL: await database('identity'), REDIS_URL, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  processes.push(identity);
  // Two catalog replicas on one database start together: migrations and seeding must not collide.
  const catalogEnv = { DATABASE_URL: await database('catalog'), REDIS_URL, IDENTITY_URLS: identity.url };
  catalogs = await Promise.all([startServiceProcess('catalog', await freePort(), catalogEnv), startServiceProcess('catalog', await freePort(), catalogEnv)]);
  processes.push(...catalogs);
  inventory = await startServiceProcess('inventory', await freePort(), { DATABASE_URL: await database('inventory'), REDIS_URL, IDENTITY_URLS: identity.url });
  const payments = await startServiceProcess('payments', await freePort(), { DATABASE_URL: await database('payments'), REDIS_URL, IDENTITY_URLS: identity.url });
  const warranties = await startServiceProcess('warranties', await freePort(), { DATABASE_URL: await database('warranties'), REDIS_URL, IDENTITY_URLS: identity.url });
  processes.push(inventory, payments, warranties);
  const ordersEnv = {
    DATABASE_URL: await database('orders'),
    REDIS_URL,
    IDENTITY_URLS: identity.url,
    CATALOG_URLS: catalogs.map((c) => c.url).join(','),
    INVENTORY_URLS: inventory.url,
    PAYMENTS_URLS: payments.url,
    SAGA_LEASE_MS: '1000',
    SAGA_RESUME_INTERVAL_MS: '200',
  };
  orders = await Promise.all([startServiceProcess('orders', await freePort(), ordersEnv), startServiceProcess('orders', await freePort(), ordersEnv)]);
  // A third replica that kills itself (SIGKILL) right after reserving stock: the fault the saga must survive.
  crashingOrders = await startServiceProcess('orders', await freePort(), { ...ordersEnv, SAGA_CRASH_AFTER: 'reserve' });
  processes.push(...orders, crashingOrders);
  gatewayEnv = {
    IDENTITY_URLS: identity.url,
    CATALOG_URLS: catalogs.map((c) => c.url).join(','),
    INVENTORY_URLS: inventory.url,
    PAYMENTS_URLS: payments.url,
    ORDERS_URLS: orders.map((o) => o.url).join(','),
    WARRANTIES_URLS: warranties.url,
    REDIS_URL,
    METRICS_PORT: '0',
  };
  const gateway = await startServiceProcess('gateway', await freePort(), gatewayEnv, '/healthz');
  processes.push(gateway);
  api = apiClient(gateway.url);
});

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
});

describe('distributed mode: each service its own process on a PostgreSQL server', () => {
  it('reports every replica ready and seeds the catalog exactly once', async () => {
    const health = await api.get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body.services.catalog.status).toBe('ready');
    const laptops = await api.get('/api/laptops?limit=100');
    const skus = laptops.body.items.map((p: any) => p.sku);
    expect(skus.length).toBeGreaterThanOrEqual(12);
    expect(new Set(skus).size).toBe(skus.length);
  });

  it('serves a customer and an admin across replicas, with tokens verified against identity JWKS', async () => {
    const adminToken = await api.login(ADMIN.email, ADMIN.password);
    const created = await api.post('/api/products', { sku: 'PART-DIST-1', name: 'Distributed DDR5 16GB', brand: 'Kingston', category: 'memory', price: 59.9 }, adminToken);
    expect(created.status).toBe(201);
    const customer = await api.registerAndLogin();
    // Round robin sends these to both replicas: each one sees the product and accepts the token.
    for (let i = 0; i < 4; i++) {
      const found = await api.get(`/api/products?q=distributed`, customer.token);
      expect(found.body.items.map((p: any) => p.sku)).toContain('PART-DIST-1');
    }
  });

  it('builds the catalog availability from inventory events carried by Redis between processes', async () => {
    const adminToken = await api.login(ADMIN.email, ADMIN.password);
    const created = await api.post('/api/products', { sku: 'PART-DIST-STOCK', name: 'Distributed SSD 1TB', brand: 'Samsung', category: 'storage', price: 89 }, adminToken);
    expect(created.status).toBe(201);
    // product.created reaches inventory over Redis, which then knows the SKU with no stock.
    const known = await eventually(() => api.get('/api/inventory/PART-DIST-STOCK', adminToken), (r) => r.status === 200);
    expect(known.body).toMatchObject({ on_hand: 0, available: 0 });
    const stocked = await api.request('PUT', '/api/inventory/PART-DIST-STOCK', { token: adminToken, body: { on_hand: 7, reason: 'delivery' } });
    expect(stocked.status).toBe(200);
    const product = await eventually(() => api.get(`/api/products/${created.body.id}`).then((r) => r.body), (p) => p.available === 7);
    expect(product).toMatchObject({ available: 7, in_stock: true });
  });

  it('prices checkouts from the product cache the catalog replicas share on Redis, emptied when an admin changes a price', async () => {
    const adminToken = await api.login(ADMIN.email, ADMIN.password);
    const { sku, id } = await createStockedProduct(api, adminToken, { onHand: 50, price: 10 });
    const redis = new Redis(inject('redisUrl'));
    try {
      // The product.created event, once delivered, empties the cache again: check out until it stays cached.
      const cached = await eventually(
        async () => {
          const placed = await guestCheckout(api, [{ sku, quantity: 1 }], { email: 'dist-cache@example.com' });
          expect(placed.body.total).toBe(10);
          return redis.get(`catalog:products:sku:${sku}`);
        },
        (value) => value !== null,
        20,
      );
      expect(JSON.parse(cached!)).toMatchObject({ id, sku, price: 10 });

      const repriced = await api.request('PATCH', `/api/products/${id}`, { token: adminToken, body: { price: 25 } });
      expect(repriced.status).toBe(200);
      // Checkouts go round robin to both orders replicas, and from them to both catalog replicas.
      for (let i = 0; i < 4; i++) {
        const placed = await guestCheckout(api, [{ sku, quantity: 2 }], { email: 'dist-cache@example.com' });
        expect(placed.body.total).toBe(50);
      }
    } finally {
      redis.disconnect();
    }
  });

  it('shows an admin’s change through both catalog replicas and a second gateway within a second (response cache on each replica and on Redis)', async () => {
    const adminToken = await api.login(ADMIN.email, ADMIN.password);
    const { id, sku } = await createStockedProduct(api, adminToken, { onHand: 5, price: 30 });
    const secondGateway = await startServiceProcess('gateway', await freePort(), gatewayEnv, '/healthz');
    processes.push(secondGateway);
    const readers = [
      ...catalogs.map((catalog) => (path: string) => fetch(catalog.url + path).then((r) => r.json() as Promise<any>)),
      ...[api, apiClient(secondGateway.url)].map((client) => (path: string) => client.get(`/api${path}`).then((r) => r.body)),
    ];
    // Every reader has the product page and a list holding it cached before the change.
    for (const read of readers) {
      expect((await read(`/products/${id}`)).price).toBe(30);
      expect((await read(`/products?q=${sku}`)).items.map((p: any) => p.price)).toEqual([30]);
    }
    expect((await api.patch(`/api/products/${id}`, { price: 31 }, adminToken)).status).toBe(200);
    const deadline = Date.now() + 1_000;
    const seen = await Promise.all(
      readers.map(async (read) => {
        let product = await read(`/products/${id}`);
        let list = await read(`/products?q=${sku}`);
        while ((product.price !== 31 || list.items[0]?.price !== 31) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          [product, list] = await Promise.all([read(`/products/${id}`), read(`/products?q=${sku}`)]);
        }
        return [product.price, list.items[0]?.price];
      }),
    );
    expect(seen).toEqual(readers.map(() => [31, 31]));
  });

  it('checks out across processes, and settles a checkout whose orders replica was killed after reserving', async () => {
    const adminToken = await api.login(ADMIN.email, ADMIN.password);
    const { sku } = await createStockedProduct(api, adminToken, { onHand: 10 });
    const placed = await guestCheckout(api, [{ sku, quantity: 1 }], { email: 'dist-buyer@example.com' });
    expect(placed.status).toBe(201);
    expect(placed.body.status).toBe('processing');

    const killed = await fetch(`${crashingOrders.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ sku, quantity: 2 }], email: 'dist-crash@example.com', payment: SUCCESS_CARD }),
    }).then((r) => r.status, (error) => error);
    expect(killed).toBeInstanceOf(Error); // the replica died before answering
    expect(await crashingOrders.stop()).toBeNull(); // exited by a signal: SIGKILL

    // Another replica finds the checkout once the dead one's lease expires. The card number was never
    // stored, so a checkout stopped before its authorization is undone: stock released, payment voided.
    const settled = await eventually(
      () => api.get('/api/orders?email=dist-crash@example.com', adminToken).then((r) => r.body.items[0]),
      (order) => order?.saga.state === 'done',
    );
    expect(settled).toMatchObject({ status: 'cancelled', cancel_reason: 'checkout_interrupted' });
    expect(await eventually(() => stockOf(api, adminToken, sku), (s) => s.reserved === 0)).toMatchObject({ on_hand: 9, reserved: 0, available: 9 });
    const payments = await eventually(
      () => api.get(`/api/payments?order_id=${settled.id}`, adminToken).then((r) => r.body.items.map((p: any) => p.status)),
      (statuses) => statuses.join() === 'voided',
    );
    expect(payments).toEqual(['voided']);
  });

  it('makes the warranty of a shipped unit in its own process, from the order event carried by Redis', async () => {
    const adminToken = await api.login(ADMIN.email, ADMIN.password);
    const { sku } = await createStockedProduct(api, adminToken, { onHand: 5 });
    const placed = await guestCheckout(api, [{ sku, quantity: 1 }], { email: 'dist-warranty@example.com' });
    expect(placed.status).toBe(201);
    const serial = `SN-DIST-${randomBytes(3).toString('hex')}`;
    const shipped = await api.patch(`/api/orders/${placed.body.id}/status`, { status: 'shipped', serials: { [sku]: [serial] } }, adminToken);
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    const found = await eventually(() => api.get(`/api/warranties/lookup?email=dist-warranty@example.com&serial=${serial}`), (r) => r.status === 200, 300);
    expect(found.body).toMatchObject({ serial, sku, order_id: placed.body.id, months: 24, status: 'active' });
  });

  it("refuses a demoted admin's old token at the gateway and at each service process (events over Redis), and at a gateway started afterwards", async () => {
    const adminToken = await api.login(ADMIN.email, ADMIN.password);
    const colleague = await api.registerAndLogin();
    expect((await api.patch(`/api/users/${colleague.id}`, { role: 'admin' }, adminToken)).status).toBe(200);
    const oldToken = await api.login(colleague.email, colleague.password);
    const direct = (url: string) => fetch(url, { headers: { authorization: `Bearer ${oldToken}` } }).then((r) => r.status);
    expect((await api.get('/api/inventory?limit=1', oldToken)).status).toBe(200);
    expect(await direct(`${inventory.url}/inventory?limit=1`)).toBe(200);

    expect((await api.patch(`/api/users/${colleague.id}`, { role: 'customer' }, adminToken)).status).toBe(200);

    expect(await eventually(() => api.get('/api/inventory?limit=1', oldToken).then((r) => r.status), (status) => status !== 200)).toBe(401);
    expect(await eventually(() => direct(`${inventory.url}/inventory?limit=1`), (status) => status !== 200)).toBe(401);
    for (const replica of orders) expect(await eventually(() => direct(`${replica.url}/orders`), (status) => status !== 200)).toBe(401);

    const later = await startServiceProcess('gateway', await freePort(), gatewayEnv, '/healthz');
    try {
      expect(await eventually(() => apiClient(later.url).get('/api/inventory?limit=1', oldToken).then((r) => r.status), (status) => status !== 200)).toBe(401);
    } finally {
      await later.stop();
    }
  });

  it('keeps answering when a catalog replica dies, and stops cleanly on SIGTERM', async () => {
    const code = await catalogs[0]!.stop('SIGTERM');
    expect(code).toBe(0);
    for (let i = 0; i < 6; i++) {
      const response = await api.get('/api/products?limit=1').catch((error) => {
        throw new Error(`request ${i} failed: ${error.cause?.code ?? error.message}\ngateway output:\n${processes.at(-1)!.output()}`);
      });
      expect(response.status).toBe(200);
    }
  });
});
