// `npm run bench:analytics`: GET /api/orders/analytics through the gateway over 100,000 orders (about
// 200,000 lines and 1,000 refunds, over 90 days and three channels, generated straight in SQL), beside
// the same queries run bare from this process on the same database as the reference. Options:
//   --orders=100000 --requests=50
// It starts the whole system in embedded mode on fresh data in a temporary folder, removed after.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, freePort } from '@storefleet/kit';
import { createAnalyticsStore, type AnalyticsScope } from '@storefleet/orders';
import { startSystemOnFreePorts } from '@storefleet/system';

const flags = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const ORDERS = Number(flags.get('orders') ?? 100_000);
const REQUESTS = Number(flags.get('requests') ?? 50);
const WARMUP = 5;
const ADMIN = { email: 'bench-admin@storefleet.test', password: `bench-${randomBytes(8).toString('hex')}` };
const DAY_MS = 86_400_000;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const dateOf = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Times `fn` REQUESTS times after WARMUP untimed runs; answers p50 and p99 in ms. */
async function time(fn: () => Promise<void>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

/** Orders over the last 90 days in three channels, 1 to 3 lines each from 50 products, and refunds of 1 % of them. */
async function generate(db: ReturnType<typeof createDb>): Promise<void> {
  await db.query(
    `INSERT INTO orders (id, user_id, email, channel, status, currency, subtotal, total, saga_state, created_at, updated_at)
     SELECT gen_random_uuid(), NULL, 'bench' || i || '@example.com', (ARRAY['web', 'outlet', 'kiosk'])[1 + i % 3],
            (ARRAY['processing', 'shipped', 'delivered', 'cancelled', 'delivered', 'shipped', 'pending'])[1 + abs(hashtext(i::text)) % 7],
            CASE WHEN i % 10 = 0 THEN 'USD' ELSE 'EUR' END, 0, 0, 'done', ts, ts
       FROM generate_series(1, $1::int) i, LATERAL (SELECT now() - random() * interval '90 days' AS ts) t`,
    [ORDERS],
  );
  await db.query(
    `INSERT INTO order_lines (order_id, position, sku, product_id, name, quantity, unit_price, line_total)
     SELECT o.id, p, 'BENCH-' || lpad(n::text, 2, '0'), md5('BENCH-' || n)::uuid, 'Bench product ' || n, q, price, price * q
       FROM orders o,
            LATERAL (SELECT abs(hashtext(o.id::text)) AS h) hh,
            LATERAL generate_series(1, 1 + h % 3) p,
            LATERAL (SELECT (h + p * 7) % 50 AS n, 1 + (h >> p) % 4 AS q) pick,
            LATERAL (SELECT (10 + (n * 37) % 990)::numeric(12, 2) AS price) priced`,
  );
  await db.query(
    `UPDATE orders o SET subtotal = s.total, total = s.total
       FROM (SELECT order_id, sum(line_total) AS total FROM order_lines GROUP BY order_id) s WHERE s.order_id = o.id`,
  );
  await db.query(
    `INSERT INTO order_refunds (event_id, order_id, amount, refunded_total, refunded_at)
     SELECT gen_random_uuid(), id, round(total / 2, 2), round(total / 2, 2), created_at + interval '3 days'
       FROM orders WHERE status = 'shipped' AND abs(hashtext(id::text)) % 30 = 0 AND total > 0`,
  );
  // As autovacuum would by itself a while after such a load: statistics, and the visibility map index-only scans need.
  await db.query('VACUUM ANALYZE orders');
  await db.query('VACUUM ANALYZE order_lines');
  await db.query('VACUUM ANALYZE order_refunds');
}

const dataDir = await mkdtemp(join(tmpdir(), 'storefleet-bench-analytics-'));
const system = await startSystemOnFreePorts({
  dataDir,
  embeddedPostgresPort: await freePort(),
  logLevel: 'warn',
  env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, METRICS_PORT: '0', SEED_DEMO_DATA: 'false' },
});
const db = createDb({ url: system.databases.orders! });
try {
  const started = performance.now();
  await generate(db);
  const counts = (await db.query<{ orders: string; lines: string; refunds: string }>(
    'SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM order_lines) AS lines, (SELECT count(*) FROM order_refunds) AS refunds',
  )).rows[0]!;
  console.log(`generated ${counts.orders} orders, ${counts.lines} lines, ${counts.refunds} refunds in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  if (flags.has('explain')) {
    // Where the time goes in the longest scenario's queries (for tuning; not part of the measurement).
    const explained = createAnalyticsStore(db, { explain: (plan) => console.log(plan) });
    await explained.periods([{ from: dateOf(Date.now() - 89 * DAY_MS), until: dateOf(Date.now() + DAY_MS), tz: 'Europe/Paris' }]);
  }

  const login = await fetch(`${system.gatewayUrl}/api/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const token = ((await login.json()) as { access_token: string }).access_token;
  const store = createAnalyticsStore(db);
  const today = Date.now();

  const scenarios: { name: string; days: number; channel?: string; tz: string }[] = [
    { name: '30 days, every channel, UTC', days: 30, tz: 'UTC' },
    { name: '90 days, every channel, Europe/Paris', days: 90, tz: 'Europe/Paris' },
    { name: '30 days, channel outlet, UTC', days: 30, channel: 'outlet', tz: 'UTC' },
  ];
  console.log(`\n${'scenario'.padEnd(40)} ${'endpoint p50'.padStart(13)} ${'p99'.padStart(9)} ${'bare SQL p50'.padStart(13)} ${'p99'.padStart(9)} ${'p50 ratio'.padStart(10)}`);
  for (const scenario of scenarios) {
    const from = dateOf(today - (scenario.days - 1) * DAY_MS);
    const to = dateOf(today);
    const query = new URLSearchParams({ from, to, tz: scenario.tz, ...(scenario.channel ? { channel: scenario.channel } : {}) });
    const endpoint = await time(async () => {
      const response = await fetch(`${system.gatewayUrl}/api/orders/analytics?${query}`, { headers: { authorization: `Bearer ${token}` } });
      if (response.status !== 200) throw new Error(`analytics answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    });
    // The same two periods the endpoint reads (the period and the one before it), bare.
    const scope = (first: number, last: number): AnalyticsScope => ({ from: dateOf(first), until: dateOf(last + DAY_MS), tz: scenario.tz, channel: scenario.channel });
    const start = Date.parse(`${from}T00:00:00Z`);
    const bare = await time(async () => {
      await store.periods([scope(start, Date.parse(`${to}T00:00:00Z`)), scope(start - scenario.days * DAY_MS, start - DAY_MS)]);
    });
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    console.log(`${scenario.name.padEnd(40)} ${ms(endpoint.p50).padStart(13)} ${ms(endpoint.p99).padStart(9)} ${ms(bare.p50).padStart(13)} ${ms(bare.p99).padStart(9)} ${`${(endpoint.p50 / bare.p50).toFixed(2)}x`.padStart(10)}`);
  }
  console.log(`\n${REQUESTS} sequential requests per line after ${WARMUP} untimed; bare SQL: the endpoint's queries in one read-only snapshot, from this process on the same database.`);
} finally {
  await db.close();
  await system.stop();
  await rm(dataDir, { recursive: true, force: true });
}
