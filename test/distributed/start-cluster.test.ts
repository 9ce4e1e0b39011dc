import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { freePort } from '@storefleet/kit';
import {
  CLUSTER_REPLICAS, SERVICES, STOREFRONT_REMOTES, ensureWebBuilt, keyStorefronts, prometheusTargets, startCluster, storefrontApps, type RunningCluster, type StorefrontRemote,
} from '@storefleet/system';
import { apiClient } from '../support/system.js';
import { createStockedProduct, eventually, guestCheckout, stockOf } from '../support/commerce.js';

// The layout `npm run start:cluster` runs, started by the same code, on Debian's PostgreSQL and Redis.
const ADMIN = { email: 'cluster@storefleet.test', password: 'cluster-admin-password' };
const PER_USER_LIMIT = 40;
let cluster: RunningCluster;
let gateways: ReturnType<typeof apiClient>[];
let adminToken: string;
const printed: string[] = [];

/** A span as the OTLP/HTTP JSON exporter sends it, with its process's service.name. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  links: { traceId: string; spanId: string }[];
}
const spans: ReceivedSpan[] = [];
let receiver: Server;
const STOREFRONTS = ['nyc', 'la', 'eu'];
let storefronts: { id: string; port: number }[];
let dataDir: string;

/** An OTLP/HTTP trace receiver (JSON encoding), as a collector would be: every process exports its spans here. */
async function startTraceReceiver(): Promise<string> {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const payload = JSON.parse(body || '{}');
      for (const resourceSpans of payload.resourceSpans ?? []) {
        const service = resourceSpans.resource?.attributes?.find((a: any) => a.key === 'service.name')?.value?.stringValue;
        for (const scope of resourceSpans.scopeSpans ?? []) {
          for (const span of scope.spans ?? []) {
            const attributes = Object.fromEntries((span.attributes ?? []).map((a: any) => [a.key, Object.values(a.value ?? {})[0]]));
            spans.push({ service, traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId || undefined, name: span.name, kind: span.kind, attributes, links: span.links ?? [] });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  // Builds only what is missing or stale (a fresh clone builds the storefront once).
  await ensureWebBuilt(storefrontApps(), { log: (line) => console.log(line) });
  storefronts = [];
  for (const id of STOREFRONTS) storefronts.push({ id, port: await freePort() });
  const remotePorts: Partial<Record<StorefrontRemote, number>> = {};
  for (const name of STOREFRONT_REMOTES) remotePorts[name] = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'storefleet-cluster-data-'));
  const ports = new Map<string, number>();
  for (const service of SERVICES) for (let replica = 1; replica <= (CLUSTER_REPLICAS[service.name] ?? 1); replica++) ports.set(`${service.name}-${replica}`, await freePort());
  cluster = await startCluster({
    postgresUrl: inject('postgresAdminUrl'),
    redisUrl: inject('redisUrl'),
    databasePrefix: `c${randomBytes(3).toString('hex')}`,
    portOf: (service, replica) => ports.get(`${service}-${replica}`)!,
    gatewayPorts: [await freePort(), await freePort()],
    gatewayMetricsPorts: [await freePort(), await freePort()],
    env: {
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMIT_PER_USER: String(PER_USER_LIMIT),
      SAGA_RESUME_INTERVAL_MS: '200',
      OTEL_EXPORTER_OTLP_ENDPOINT: await startTraceReceiver(),
      // The test's webhook receiver listens on loopback.
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
    },
    storefronts,
    remotePorts,
    dataDir,
    print: (line) => printed.push(line),
  });
  gateways = cluster.gatewayUrls.map((url) => apiClient(url));
  adminToken = await gateways[0]!.login(ADMIN.email, ADMIN.password);
  // A fresh clone builds the storefront first (a minute or two on a small machine), then starts the cluster.
}, 420_000);

afterAll(async () => {
  await cluster?.stop();
  receiver?.close();
});

/** Requests served by one process, from its own /metrics. */
async function requestsServed(url: string, method: string, route: string): Promise<number> {
  const text = await fetch(`${url}/metrics`).then((r) => r.text());
  return text
    .split('\n')
    .filter((line) => line.startsWith('http_requests_total{') && line.includes(`method="${method}"`) && line.includes(`route="${route}"`))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

describe('the cluster layout (npm run start:cluster): every service its own process, replicas, two gateways', () => {
  it('runs every service, two replicas of catalog and orders, and two gateways that both report them ready', async () => {
    const ids = cluster.processes.map((p) => p.spec.id);
    for (const service of SERVICES) expect(ids).toContain(`${service.name}-1`);
    expect(ids).toEqual(expect.arrayContaining(['catalog-2', 'orders-2', 'gateway-1', 'gateway-2']));
    for (const api of gateways) {
      const health = await api.get('/api/health');
      expect(health.status).toBe(200);
      for (const service of SERVICES) expect(health.body.services[service.name].status).toBe('ready');
    }
  });

  it('never oversells when concurrent checkouts spread over both gateways and both orders replicas', async () => {
    const { sku } = await createStockedProduct(gateways[0]!, adminToken, { onHand: 10 });
    const responses = await Promise.all(Array.from({ length: 40 }, (_, i) => guestCheckout(gateways[i % 2]!, [{ sku, quantity: 1 }], { email: `cluster-${i}@example.com` })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(30);
    expect(await stockOf(gateways[1]!, adminToken, sku)).toMatchObject({ on_hand: 0, reserved: 0, available: 0 });
    for (const url of cluster.urls('orders')) expect(await requestsServed(url, 'POST', '/orders')).toBeGreaterThan(0);
  });

  it('handles an event published while its consumer was stopped once the consumer is back', async () => {
    await cluster.stopProcess('inventory-1');
    const sku = `CLU-${randomBytes(3).toString('hex').toUpperCase()}`;
    const created = await gateways[0]!.post('/api/products', { sku, name: 'Cluster DDR5 32GB', brand: 'Crucial', category: 'memory', price: 99 }, adminToken);
    expect(created.status).toBe(201);
    await cluster.startProcess('inventory-1');
    // product.created waited in inventory's Redis consumer group: inventory now knows the SKU.
    const known = await eventually(() => gateways[1]!.get(`/api/inventory/${sku}`, adminToken), (r) => r.status === 200);
    expect(known.body).toMatchObject({ sku, on_hand: 0 });
  });

  it('holds one per-user rate limit across both gateways together', async () => {
    const customer = await gateways[0]!.registerAndLogin();
    const statuses: number[] = [];
    for (let i = 0; i < PER_USER_LIMIT + 10; i++) statuses.push((await gateways[i % 2]!.get('/api/users/me', customer.token)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(PER_USER_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });

  it('restarts a process that dies, saying so, and serves through it again', async () => {
    const replica = cluster.processes.find((p) => p.spec.id === 'orders-2')!;
    const before = replica.restarts;
    process.kill(replica.pid()!, 'SIGKILL');
    await eventually(async () => replica.restarts, (count) => count > before);
    expect(printed.some((line) => line.startsWith('[orders-2] exited (SIGKILL); restarting'))).toBe(true);
    const ready = await eventually(() => fetch(`${replica.url}/readyz`).then((r) => r.status, () => 0), (status) => status === 200, 300);
    expect(ready).toBe(200);
  });
});

describe('the storefronts of the cluster layout: nyc, la and eu, each with its channel and key', () => {
  const configOf = async (id: string) => fetch(`${cluster.storefrontUrls[id]}/config.json`).then((r) => r.json());

  it("serves each storefront with its channel's key, and records an order placed with that key in that channel", async () => {
    for (const id of STOREFRONTS) {
      const config = await configOf(id);
      expect(config.apiBaseUrl).toBe(cluster.gatewayUrls[0]);
      expect(config.channel).toMatchObject({ id, key: expect.stringMatching(/^pk_/) });
      const listed = await gateways[1]!.get(`/api/channels/${id}`, adminToken);
      expect(listed.status).toBe(200);
      expect(listed.body.keys.some((k: { prefix: string }) => config.channel.key.startsWith(k.prefix))).toBe(true);
    }
    const la = await configOf('la');
    const { sku } = await createStockedProduct(gateways[0]!, adminToken, { onHand: 2 });
    // Through the other gateway: both know the key.
    const placed = await guestCheckout(gateways[1]!, [{ sku, quantity: 1 }], { email: 'la-shopper@example.com', headers: { 'x-api-key': la.channel.key, 'x-channel': 'nyc' } });
    expect(placed.status).toBe(201);
    expect((await gateways[0]!.get(`/api/orders/${placed.body.id}`, adminToken)).body.channel).toBe('la');
  });

  it("lets each storefront's origin through both gateways' CORS (its channel's allowed_origins), and no other origin", async () => {
    for (const gateway of cluster.gatewayUrls) {
      for (const id of STOREFRONTS) {
        const origin = cluster.storefrontUrls[id]!;
        const answer = await fetch(`${gateway}/api/products?limit=1`, { headers: { origin } });
        expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
      }
      const stranger = await fetch(`${gateway}/api/products?limit=1`, { headers: { origin: 'http://127.0.0.1:1' } });
      expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('keeps the keys in the data folder: identity restarted with them makes nothing twice, and the next start gives each storefront the same key', async () => {
    // identity's start made each channel sure (STOREFRONT_CHANNELS): a restart does it again with the kept keys.
    await cluster.stopProcess('identity-1');
    await cluster.startProcess('identity-1');
    for (const channel of cluster.channels) {
      const listed = await gateways[0]!.get(`/api/channels/${channel.id}`, adminToken);
      expect(listed.body.keys).toHaveLength(1);
      expect(channel.key!.startsWith(listed.body.keys[0].prefix)).toBe(true);
      expect(new Set(listed.body.allowed_origins).size).toBe(listed.body.allowed_origins.length);
      expect(readFileSync(join(dataDir, `${channel.id}-channel-key`), 'utf8').trim()).toBe(channel.key);
      for (const api of gateways) expect((await api.request('GET', '/api/products?limit=1', { headers: { 'x-api-key': channel.key! } })).status).toBe(200);
    }
    const again = await keyStorefronts(dataDir, storefronts);
    expect(again.map((c) => [c.id, c.key])).toEqual(cluster.channels.map((c) => [c.id, c.key]));
  });
});

describe('notifications in the cluster layout (two replicas)', () => {
  it('records the confirmation of a checkout, kept as not_sent without SMTP_URL', async () => {
    const email = `notified-${randomBytes(3).toString('hex')}@example.com`;
    const { sku } = await createStockedProduct(gateways[0]!, adminToken, { onHand: 1 });
    const placed = await guestCheckout(gateways[1]!, [{ sku, quantity: 1 }], { email });
    expect(placed.status).toBe(201);
    const messages = await eventually(
      () => gateways[0]!.get(`/api/notifications/messages?recipient=${encodeURIComponent(email)}`, adminToken),
      (r) => r.body.items?.some((m: { template: string }) => m.template === 'order-confirmation'),
    );
    expect(messages.body.items).toEqual([expect.objectContaining({ channel: 'email', template: 'order-confirmation', status: 'not_sent' })]);
  });

  it('delivers each order.created to a webhook endpoint exactly once, though two replicas consume and send', async () => {
    const received: { id: string; body: any }[] = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ id: String(req.headers['webhook-id']), body: JSON.parse(body) });
        res.writeHead(204).end();
      });
    });
    const port = await freePort();
    await new Promise<void>((resolve) => hook.listen(port, '127.0.0.1', resolve));
    const endpoint = await gateways[0]!.post('/api/webhooks', { url: `http://127.0.0.1:${port}/hook`, events: ['order.created'] }, adminToken);
    expect(endpoint.status).toBe(201);
    try {
      const { sku } = await createStockedProduct(gateways[0]!, adminToken, { onHand: 6 });
      const placed = await Promise.all(Array.from({ length: 6 }, (_, i) => guestCheckout(gateways[i % 2]!, [{ sku, quantity: 1 }], { email: `hooked-${i}@example.com` })));
      const orderIds = placed.map((r) => r.body.id as string);
      expect(placed.every((r) => r.status === 201)).toBe(true);
      // Every delivery ends sent (after the receiver answered): the log then holds all there will be.
      const deliveries = await eventually(
        () => gateways[1]!.get(`/api/webhooks/${endpoint.body.id}/deliveries?limit=100`, adminToken),
        (r) => r.body.items?.length === orderIds.length && r.body.items.every((d: { status: string }) => d.status === 'sent'),
        300,
      );
      expect(deliveries.body.items.map((d: { event_type: string }) => d.event_type)).toEqual(orderIds.map(() => 'order.created'));
      for (const id of orderIds) expect(received.filter((r) => r.body.event === 'order.created' && r.body.data.id === id), id).toHaveLength(1);
      expect(new Set(received.map((r) => r.id)).size).toBe(received.length);
    } finally {
      // The later tests' checkouts are no concern of this receiver.
      await gateways[0]!.delete(`/api/webhooks/${endpoint.body.id}`, adminToken);
      hook.close();
    }
  });
});

describe('observability of the cluster layout', () => {
  let prometheus: ChildProcess | undefined;
  afterAll(() => {
    prometheus?.kill();
  });

  it('is scraped by Prometheus with the shipped config, and every query of the Grafana dashboard returns data after a checkout', async () => {
    // The shipped files as they are, beside a targets file for this cluster's ports (as start:cluster writes it).
    const observability = new URL('../../deploy/observability/', import.meta.url).pathname;
    const dir = mkdtempSync(join(tmpdir(), 'storefleet-prometheus-'));
    copyFileSync(join(observability, 'prometheus.yml'), join(dir, 'prometheus.yml'));
    copyFileSync(join(observability, 'alerts.yml'), join(dir, 'alerts.yml'));
    mkdirSync(join(dir, 'targets'));
    writeFileSync(join(dir, 'targets', 'cluster.json'), JSON.stringify(prometheusTargets(cluster.specs)));
    const port = await freePort();
    prometheus = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
    const query = async (expr: string) => {
      // While Prometheus starts it answers 503 (not JSON) or not at all: no data yet.
      const body = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(expr)}`)
        .then((r) => (r.ok ? r.json() : undefined))
        .catch(() => undefined);
      return (body?.data?.result ?? []) as { metric: Record<string, string>; value: [number, string] }[];
    };

    // A checkout (and a refused one) for the business metrics to count.
    const { sku } = await createStockedProduct(gateways[0]!, adminToken, { onHand: 1 });
    expect((await guestCheckout(gateways[0]!, [{ sku, quantity: 1 }], { email: 'observed@example.com' })).status).toBe(201);
    expect((await guestCheckout(gateways[1]!, [{ sku, quantity: 1 }], { email: 'observed@example.com' })).status).toBe(409);

    // Every process is a target that answers (scraped every 10 s: waited for, up to a minute).
    const up = await eventually(() => query('up{job="storefleet"}'), (r) => r.length === cluster.processes.length && r.every((s) => s.value[1] === '1'), 600);
    expect(up.map((s) => s.metric.service).sort()).toEqual(cluster.processes.map((p) => p.spec.service).sort());
    const placed = await eventually(() => query('sum(storefleet_checkouts_total{outcome="placed"})'), (r) => Number(r[0]?.value[1]) >= 1, 600);
    expect(Number(placed[0]?.value[1])).toBeGreaterThanOrEqual(1);

    const dashboard = JSON.parse(readFileSync(join(observability, 'grafana-dashboard.json'), 'utf8'));
    const exprs: string[] = dashboard.panels.flatMap((panel: any) => panel.targets.map((t: any) => t.expr));
    expect(exprs.length).toBeGreaterThanOrEqual(10);
    for (const expr of exprs) {
      const result = await eventually(() => query(expr), (r) => r.length > 0, 600);
      expect(result.length, `no data for ${expr}`).toBeGreaterThan(0);
    }
  });
});

describe('tracing of the cluster layout (OTEL_EXPORTER_OTLP_ENDPOINT set)', () => {
  /** The server span `service` made for the request sent with this x-request-id (other tests' traces are received too). */
  const serverSpanOf = async (service: string, requestId: string) =>
    spans.find((s) => s.service === service && s.kind === 2 && Object.values(s.attributes).some((value) => JSON.stringify(value ?? '').includes(requestId)));

  it('makes one trace of a checkout, from the gateway through orders to inventory and payments, with their PostgreSQL calls', async () => {
    const { sku } = await createStockedProduct(gateways[0]!, adminToken, { onHand: 3 });
    const requestId = randomUUID();
    const placed = await guestCheckout(gateways[0]!, [{ sku, quantity: 1 }], { email: 'traced@example.com', headers: { 'x-request-id': requestId } });
    expect(placed.status).toBe(201);

    // The gateway's server span of this request (it carries the request id sent) roots the trace.
    const root = await eventually(async () => serverSpanOf('gateway', requestId), (span) => span !== undefined, 300);
    expect(root, `spans received: ${spans.length}`).toBeDefined();
    const trace = () => spans.filter((s) => s.traceId === root!.traceId);
    const services = await eventually(async () => new Set(trace().map((s) => s.service)), (set) => ['gateway', 'orders', 'inventory', 'payments'].every((name) => set.has(name)), 300);
    expect([...services]).toEqual(expect.arrayContaining(['gateway', 'orders', 'inventory', 'payments']));
    // Each hop is a child of the one before: every span of the trace but the root has its parent in the trace.
    // A span is exported when it ends, so a parent (ending after its children) may arrive after them: wait for it.
    const orphans = () => {
      const ids = new Set(trace().map((s) => s.spanId));
      return trace().filter((span) => span !== root && span.parentSpanId && !ids.has(span.parentSpanId)).map((span) => `${span.service} ${span.name}`);
    };
    expect(await eventually(async () => orphans(), (left) => left.length === 0, 300)).toEqual([]);
    // PostgreSQL calls are spans of the services that made them.
    expect(trace().some((s) => s.service === 'inventory' && String(s.attributes['db.system'] ?? s.attributes['db.system.name']) === 'postgresql')).toBe(true);
    // The checkout's order.created reaches notifications (one of its replicas) over Redis: a consumer span linked to this trace.
    const notified = await eventually(
      async () => spans.find((s) => s.service === 'notifications' && s.kind === 5 && s.name.includes('order.created') && s.links.some((link) => link.traceId === root!.traceId)),
      (span) => span !== undefined,
      300,
    );
    expect(notified, 'a notifications consumer span of order.created linked to the checkout trace').toBeDefined();
  });

  it("carries a change's trace in the events it wrote: the consumers' spans link to the admin's request", async () => {
    const sku = `TRC-${randomBytes(3).toString('hex').toUpperCase()}`;
    const requestId = randomUUID();
    const body = { sku, name: 'Traced SSD 2TB', brand: 'Samsung', category: 'storage', price: 150 };
    const created = await gateways[1]!.request('POST', '/api/products', { body, token: adminToken, headers: { 'x-request-id': requestId } });
    expect(created.status).toBe(201);
    const request = await eventually(async () => serverSpanOf('catalog', requestId), (span) => span !== undefined, 300);
    expect(request, 'the catalog span of the admin request that wrote product.created').toBeDefined();
    const wroteOutbox = await eventually(
      async () => spans.some((o) => o.traceId === request!.traceId && String(o.attributes['db.statement'] ?? o.attributes['db.query.text'] ?? '').includes('outbox')),
      (found) => found,
      300,
    );
    expect(wroteOutbox, "the request's trace holds its outbox write").toBe(true);
    // product.created reaches inventory (it learns the SKU) over Redis: its handling is a consumer span linked to that trace.
    const consumer = await eventually(
      async () => spans.find((s) => s.service === 'inventory' && s.kind === 5 && s.links.some((link) => link.traceId === request!.traceId)),
      (span) => span !== undefined,
      300,
    );
    expect(consumer, 'an inventory consumer span linked to the admin request').toBeDefined();
    expect(consumer!.name).toContain('product.created');
  });
});
