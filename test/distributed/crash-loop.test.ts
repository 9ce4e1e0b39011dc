import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { ensureDatabase, freePort } from '@storefleet/kit';
import { apiClient } from '../support/system.js';
import { startServiceProcess, type ServiceProcess } from '../support/processes.js';
import { DECLINED_CARD, SUCCESS_CARD, createStockedProduct, eventually, stockOf } from '../support/commerce.js';

const ADMIN = { email: 'crash@storefleet.test', password: 'crash-loop-admin-pass' };
const KILLS = 20;
const BUYERS = 4;
/** Checkouts one buyer sends per life of the orders process at most (it stops earlier when the process dies). */
const CHECKOUTS_PER_LIFE = 15;
const ON_HAND = 120;

const processes: ServiceProcess[] = [];
const pools: Record<string, pg.Pool> = {};
let api: ReturnType<typeof apiClient>;
let adminToken: string;
let ordersPort: number;
let ordersEnv: Record<string, string>;

beforeAll(async () => {
  const admin = inject('postgresAdminUrl');
  const prefix = `c${randomBytes(3).toString('hex')}`;
  const REDIS_URL = inject('redisUrl');
  const urls: Record<string, string> = {};
  for (const service of ['identity', 'catalog', 'inventory', 'payments', 'orders']) {
    urls[service] = await ensureDatabase(admin, `${prefix}_${service}`);
    pools[service] = new pg.Pool({ connectionString: urls[service], max: 2 });
  }

  // Readiness needs only each service's own database, so every process but orders starts at once.
  const port = { identity: await freePort(), catalog: await freePort(), inventory: await freePort(), payments: await freePort(), gateway: await freePort() };
  ordersPort = await freePort();
  const url = (service: keyof typeof port) => `http://127.0.0.1:${port[service]}`;
  const upstreams = { IDENTITY_URLS: url('identity'), CATALOG_URLS: url('catalog'), INVENTORY_URLS: url('inventory'), PAYMENTS_URLS: url('payments') };
  const [identity, catalog, inventory, payments, gateway] = await Promise.all([
    startServiceProcess('identity', port.identity, { DATABASE_URL: urls.identity!, REDIS_URL, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }),
    startServiceProcess('catalog', port.catalog, { DATABASE_URL: urls.catalog!, REDIS_URL, IDENTITY_URLS: url('identity'), SEED_DEMO_DATA: 'false' }),
    startServiceProcess('inventory', port.inventory, { DATABASE_URL: urls.inventory!, REDIS_URL, IDENTITY_URLS: url('identity') }),
    startServiceProcess('payments', port.payments, { DATABASE_URL: urls.payments!, REDIS_URL, IDENTITY_URLS: url('identity') }),
    startServiceProcess('gateway', port.gateway, { ...upstreams, ORDERS_URLS: `http://127.0.0.1:${ordersPort}`, REDIS_URL }, '/healthz'),
  ]);
  processes.push(identity, catalog, inventory, payments, gateway);
  ordersEnv = {
    DATABASE_URL: urls.orders!,
    REDIS_URL,
    ...upstreams,
    // A checkout its dead process left behind is taken over soon after the process comes back.
    SAGA_LEASE_MS: '500',
    SAGA_RESUME_INTERVAL_MS: '100',
  };
  api = apiClient(gateway.url);
  adminToken = await api.login(ADMIN.email, ADMIN.password);
});

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop('SIGKILL')));
  await Promise.all(Object.values(pools).map((pool) => pool.end()));
});

const query = async <T extends object>(service: string, sql: string, params: unknown[] = []) => (await pools[service]!.query<T & pg.QueryResultRow>(sql, params)).rows;

/** A checkout whose connection died with the process: the buyer retries it later with the same key and body. */
interface Dropped {
  key: string;
  body: string;
}

/** Sends one checkout with its Idempotency-Key; undefined when the process died under it. */
function checkout(ordersUrl: string, attempt: Dropped): Promise<{ status: number; body: any } | undefined> {
  return fetch(`${ordersUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': attempt.key }, body: attempt.body }).then(
    async (response) => ({ status: response.status, body: await response.json() }),
    () => undefined,
  );
}

/**
 * One buyer: checkouts of one or two of `skus`, some with a declined card, until the orders process dies
 * (the checkout under way is kept in `dropped`) or `count` are answered.
 */
async function buyer(ordersUrl: string, skus: string[], count: number, answered: () => void, dropped: Dropped[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    const picked = skus.filter(() => randomInt(2) === 1);
    const lines = (picked.length ? picked : [skus[randomInt(skus.length)]!]).map((sku) => ({ sku, quantity: 1 + randomInt(3) }));
    const payment = randomInt(10) === 0 ? DECLINED_CARD : SUCCESS_CARD;
    const attempt = { key: randomUUID(), body: JSON.stringify({ items: lines, email: `buyer-${randomInt(1000)}@example.com`, payment }) };
    if (!(await checkout(ordersUrl, attempt))) {
      dropped.push(attempt);
      return;
    }
    answered();
  }
}

/** Resolves once `answered()` was called `target` times. */
function answers(target: number) {
  let count = 0;
  let reached!: () => void;
  const done = new Promise<void>((resolve) => (reached = resolve));
  if (target === 0) reached();
  return { done, answered: () => ++count === target && reached() };
}

describe('a crash loop proves the checkout', () => {
  it(`leaves every order final, stock, payments and events consistent after ${KILLS} SIGKILLs of orders during checkouts`, async () => {
    const skus = await Promise.all([0, 1, 2].map(() => createStockedProduct(api, adminToken, { onHand: ON_HAND, price: 10 }).then((p) => p.sku)));

    const dropped: Dropped[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const orders = await startServiceProcess('orders', ordersPort, ordersEnv);
      // A random moment while the buyers check out: after a random number of answers (so every life
      // sells something), plus a random few milliseconds, so the kill lands anywhere in a checkout.
      const progress = answers(randomInt(0, 10));
      const buyers = Array.from({ length: BUYERS }, () => buyer(orders.url, skus, CHECKOUTS_PER_LIFE, progress.answered, dropped));
      await Promise.race([progress.done, Promise.all(buyers)]);
      await new Promise((resolve) => setTimeout(resolve, randomInt(0, 60)));
      expect(await orders.stop('SIGKILL')).toBeNull();
      await Promise.all(buyers);
    }
    // The last life of orders resumes what the dead ones left and relays their outbox.
    const last = await startServiceProcess('orders', ordersPort, ordersEnv);
    processes.push(last);

    // Buyers whose connection died retry with the same key: one whose order existed gets that order's
    // final answer (no second order); one that died before its order existed checks out anew.
    expect(dropped.length).toBeGreaterThan(0);
    const linked = new Map(
      (await query<{ key: string; order_id: string | null }>('orders', 'SELECT key, order_id FROM idempotency_keys WHERE key = ANY($1)', [dropped.map((d) => d.key)])).map((row) => [row.key, row.order_id]),
    );
    const retried: string[] = [];
    for (const attempt of dropped) {
      // 409 idempotency_key_in_use while the resumer is still finishing that order's checkout: ask again.
      const answer = await eventually(() => checkout(last.url, attempt), (a) => a?.body?.code !== 'idempotency_key_in_use');
      expect([201, 402, 409]).toContain(answer?.status);
      const orderId = answer!.status === 201 ? answer!.body.id : answer!.body.order_id;
      expect(orderId).toEqual(expect.any(String));
      if (linked.get(attempt.key)) expect(orderId).toBe(linked.get(attempt.key));
      retried.push(orderId);
    }
    expect(new Set(retried).size).toBe(retried.length);

    // Every order ends final: its checkout saga done, processing (sold) or cancelled (undone).
    const unfinished = await eventually(
      () => query<{ id: string }>('orders', `SELECT id FROM orders WHERE saga_state <> 'done' OR status NOT IN ('processing', 'cancelled')`),
      (rows) => rows.length === 0,
      300,
    );
    expect(unfinished).toEqual([]);
    const orders = await query<{ id: string; status: string; total: string }>('orders', 'SELECT id, status, total FROM orders');
    const live = new Map(orders.filter((o) => o.status === 'processing').map((o) => [o.id, o]));
    expect(live.size).toBeGreaterThan(0);
    expect(orders.length).toBeGreaterThan(live.size); // declined cards and sold-out SKUs cancelled some

    // Stock: on_hand = available + reserved for every SKU, nothing left reserved, and every unit gone
    // from stock is on exactly one live order (a committed reservation per live order, no other).
    const lines = await query<{ order_id: string; sku: string; quantity: number }>('orders', 'SELECT order_id, sku, quantity FROM order_lines');
    const reservations = await query<{ order_id: string; status: string }>('inventory', 'SELECT order_id, status FROM reservations');
    expect(reservations.filter((r) => r.status === 'committed').map((r) => r.order_id).sort()).toEqual([...live.keys()].sort());
    expect(reservations.filter((r) => r.status === 'held')).toEqual([]);
    const sales = await query<{ order_id: string; sku: string; count: number }>('inventory', `SELECT order_id, sku, count(*)::int AS count FROM movements WHERE kind = 'sale' GROUP BY 1, 2`);
    expect(sales.filter((sale) => sale.count > 1 || !live.has(sale.order_id))).toEqual([]);
    for (const sku of skus) {
      const stock = await stockOf(api, adminToken, sku);
      expect(stock.on_hand).toBe(stock.available + stock.reserved);
      expect(stock.reserved).toBe(0);
      const sold = lines.filter((l) => l.sku === sku && live.has(l.order_id)).reduce((sum, l) => sum + l.quantity, 0);
      expect({ sku, sold: ON_HAND - stock.on_hand }).toEqual({ sku, sold });
    }

    // Payments: an authorized payment belongs to a live order, and each live order has one, for its total.
    const payments = await query<{ order_id: string; status: string; amount: string }>('payments', 'SELECT order_id, status, amount FROM payments');
    const authorized = payments.filter((p) => p.status === 'authorized');
    expect(authorized.filter((p) => !live.has(p.order_id))).toEqual([]);
    expect(authorized.map((p) => p.order_id).sort()).toEqual([...live.keys()].sort());
    for (const payment of authorized) expect(payment.amount).toBe(live.get(payment.order_id)!.total);
    expect(payments.filter((p) => !['authorized', 'captured', 'voided', 'declined'].includes(p.status))).toEqual([]);

    // Events: one order.created per live order, published onto the bus every consumer group reads. An
    // event its dead process had claimed is published once that claim expires (30 s), by the last life.
    const created = await eventually(
      () => query<{ id: string; subject: string; published_at: Date | null }>('orders', `SELECT id, subject, published_at FROM outbox WHERE type = 'order.created'`),
      (rows) => rows.every((row) => row.published_at !== null),
      450,
    );
    expect(created.map((row) => row.subject).sort()).toEqual([...live.keys()].sort());
    expect(created.filter((row) => row.published_at === null)).toEqual([]);
    const redis = new Redis(inject('redisUrl'));
    try {
      const onBus = new Set<string>();
      for (const [, fields] of await redis.xrange('storefleet:events', '-', '+')) {
        if (fields[fields.indexOf('type') + 1] === 'order.created') onBus.add(JSON.parse(fields[fields.indexOf('event') + 1]!).id);
      }
      expect(created.filter((row) => !onBus.has(row.id))).toEqual([]);
    } finally {
      redis.disconnect();
    }
    // The stock changes the checkouts caused reached catalog's inbox (read directly): none was lost.
    const changes = await query<{ id: string }>(
      'inventory',
      `SELECT id FROM outbox WHERE type = 'inventory.stock_changed' AND data->>'sku' = ANY($1)
          AND (data->>'previous_available') IS DISTINCT FROM (data->>'available')`,
      [skus],
    );
    const missing = await eventually(
      async () => {
        const handled = new Set((await query<{ event_id: string }>('catalog', `SELECT event_id FROM inbox WHERE consumer = 'catalog'`)).map((r) => r.event_id));
        return changes.filter((change) => !handled.has(change.id));
      },
      (rows) => rows.length === 0,
      // Up to a minute: after the crash loop the catalog works through the stock events that queued meanwhile.
      600,
    );
    expect(missing).toEqual([]);
  }, 300_000); // 20 restarts of a process take most of it: about a minute on an idle 2-core machine
});
