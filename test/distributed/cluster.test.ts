import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { ensureDatabase, freePort } from '@storefleet/kit';
import { apiClient } from '../support/system.js';
import { startServiceProcess, type ServiceProcess } from '../support/processes.js';

const ADMIN = { email: 'ops@storefleet.test', password: 'distributed-admin-pass' };
const processes: ServiceProcess[] = [];
let api: ReturnType<typeof apiClient>;
let catalogs: ServiceProcess[];

beforeAll(async () => {
  const admin = inject('postgresAdminUrl');
  const prefix = `d${randomBytes(3).toString('hex')}`;
  const identityDb = await ensureDatabase(admin, `${prefix}_identity`);
  const catalogDb = await ensureDatabase(admin, `${prefix}_catalog`);

  const identity = await startServiceProcess('identity', await freePort(), { DATABASE_URL: identityDb, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  processes.push(identity);
  // Two catalog replicas on one database start together: migrations and seeding must not collide.
  const catalogEnv = { DATABASE_URL: catalogDb, IDENTITY_URLS: identity.url };
  catalogs = await Promise.all([startServiceProcess('catalog', await freePort(), catalogEnv), startServiceProcess('catalog', await freePort(), catalogEnv)]);
  processes.push(...catalogs);
  const gateway = await startServiceProcess(
    'gateway',
    await freePort(),
    { IDENTITY_URLS: identity.url, CATALOG_URLS: catalogs.map((c) => c.url).join(',') },
    '/healthz',
  );
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
