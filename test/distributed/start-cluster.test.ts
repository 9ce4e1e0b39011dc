import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { freePort } from '@storefleet/kit';
import { CLUSTER_REPLICAS, SERVICES, prometheusTargets, startCluster, type RunningCluster } from '@storefleet/system';
import { apiClient } from '../support/system.js';
import { createStockedProduct, eventually, guestCheckout, stockOf } from '../support/commerce.js';

// The layout `npm run start:cluster` runs, started by the same code, on Debian's PostgreSQL and Redis.
const ADMIN = { email: 'cluster@storefleet.test', password: 'cluster-admin-password' };
const PER_USER_LIMIT = 40;
let cluster: RunningCluster;
let gateways: ReturnType<typeof apiClient>[];
let adminToken: string;
const printed: string[] = [];

beforeAll(async () => {
  const ports = new Map<string, number>();
  for (const service of SERVICES) for (let replica = 1; replica <= (CLUSTER_REPLICAS[service.name] ?? 1); replica++) ports.set(`${service.name}-${replica}`, await freePort());
  cluster = await startCluster({
    postgresUrl: inject('postgresAdminUrl'),
    redisUrl: inject('redisUrl'),
    databasePrefix: `c${randomBytes(3).toString('hex')}`,
    portOf: (service, replica) => ports.get(`${service}-${replica}`)!,
    gatewayPorts: [await freePort(), await freePort()],
    gatewayMetricsPorts: [await freePort(), await freePort()],
    env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, RATE_LIMIT_PER_USER: String(PER_USER_LIMIT), SAGA_RESUME_INTERVAL_MS: '200' },
    print: (line) => printed.push(line),
  });
  gateways = cluster.gatewayUrls.map((url) => apiClient(url));
  adminToken = await gateways[0]!.login(ADMIN.email, ADMIN.password);
});

afterAll(() => cluster?.stop());

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
      const body = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(expr)}`).then((r) => r.json(), () => undefined);
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
