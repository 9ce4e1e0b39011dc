import { describe, expect, it } from 'vitest';
import { planCluster, prometheusTargets } from './cluster.js';
import { SERVICES } from './services.js';

const databases = Object.fromEntries(SERVICES.map((s) => [s.name, `postgres://pg/storefleet_${s.name}`]));

describe('the cluster layout', () => {
  const plan = planCluster({ databases, redisUrl: 'redis://cache:6379', env: { ADMIN_PASSWORD: 'x', UNSET: undefined } });

  it('runs two replicas of catalog and orders on their own ports and databases, the others once, then two gateways', () => {
    expect(plan.filter((p) => p.service === 'catalog').map((p) => p.port)).toEqual([4002, 4102]);
    expect(plan.filter((p) => p.service === 'orders').map((p) => p.id)).toEqual(['orders-1', 'orders-2']);
    expect(plan.filter((p) => p.service === 'identity')).toHaveLength(1);
    expect(plan.slice(-2).map((p) => [p.id, p.port, p.env.METRICS_PORT])).toEqual([
      ['gateway-1', 8080, '9464'],
      ['gateway-2', 8081, '9465'],
    ]);
    expect(new Set(plan.map((p) => p.port)).size).toBe(plan.length);
    for (const p of plan.filter((p) => p.service !== 'gateway')) expect(p.env.DATABASE_URL).toBe(databases[p.service]);
  });

  it('starts notifications first (it must see every event), then identity, orders after its neighbours, and names every replica in each caller\'s upstreams', () => {
    const order = plan.map((p) => p.service);
    expect(order.slice(0, 3)).toEqual(['notifications', 'notifications', 'identity']);
    expect(order.indexOf('orders')).toBeGreaterThan(order.indexOf('inventory'));
    for (const p of plan) {
      expect(p.env.CATALOG_URLS).toBe('http://127.0.0.1:4002,http://127.0.0.1:4102');
      expect(p.env.REDIS_URL).toBe('redis://cache:6379');
      expect(p.env.ADMIN_PASSWORD).toBe('x');
      expect(p.env).not.toHaveProperty('UNSET');
    }
  });

  it('runs as many replicas of a service as it is told, its callers naming each one', () => {
    const one = planCluster({ databases, redisUrl: 'redis://cache:6379', replicas: { catalog: 2, orders: 1 } });
    expect(one.filter((p) => p.service === 'orders').map((p) => p.id)).toEqual(['orders-1']);
    expect(one.filter((p) => p.service === 'notifications')).toHaveLength(1);
    for (const p of one) expect(p.env.ORDERS_URLS).toBe('http://127.0.0.1:4003');
    const three = planCluster({ databases, redisUrl: 'redis://cache:6379', replicas: { orders: 3 } });
    expect(three.filter((p) => p.service === 'orders').map((p) => p.port)).toEqual([4003, 4103, 4203]);
  });
});

describe("the environment of one service's replicas", () => {
  it('goes to that service only (identity alone gets the storefronts\' channels)', () => {
    const plan = planCluster({ databases, redisUrl: 'redis://cache:6379', serviceEnv: { identity: { STOREFRONT_CHANNELS: '[]' } } });
    for (const p of plan) expect(p.env.STOREFRONT_CHANNELS).toBe(p.service === 'identity' ? '[]' : undefined);
  });
});

describe('the Prometheus targets of a cluster', () => {
  it('lists each service\'s replicas on their own ports and the gateways on their metrics ports', () => {
    const plan = planCluster({ databases, redisUrl: 'redis://cache:6379' });
    const targets = prometheusTargets(plan);
    expect(targets.find((t) => t.labels.service === 'catalog')?.targets).toEqual(['127.0.0.1:4002', '127.0.0.1:4102']);
    expect(targets.find((t) => t.labels.service === 'gateway')?.targets).toEqual(['127.0.0.1:9464', '127.0.0.1:9465']);
    expect(targets.map((t) => t.labels.service)).toEqual([...SERVICES.map((s) => s.name), 'gateway']);
  });
});
