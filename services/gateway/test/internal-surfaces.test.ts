import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../src/app.js';
import { bearer, createKeys, send, startGateway, startUpstream, type FakeUpstream } from './support.js';

// What each service serves for its operators and neighbours must not be reachable through the
// gateway, whatever token a client holds; the gateway's own metrics live on another port.
describe('internal surfaces through the gateway', () => {
  let identity: FakeUpstream;
  let catalog: FakeUpstream;
  let gateway: Gateway;
  let url: string;
  let customer: string;

  beforeAll(async () => {
    const keys = await createKeys();
    customer = await keys.sign({ role: 'customer' });
    identity = await startUpstream('identity');
    catalog = await startUpstream('catalog');
    const started = await startGateway({ IDENTITY_URLS: identity.url, CATALOG_URLS: catalog.url }, { jwks: keys.jwks });
    ({ gateway, url } = started);
  });

  afterAll(async () => {
    await gateway.close();
    await identity.close();
    await catalog.close();
  });

  it.each(['/api/users/metrics', '/api/users/docs', '/api/users/docs/json', '/api/users/healthz', '/api/users/readyz', '/api/users/events/dead-letters'])(
    'answers %s with a token 404 itself, without asking identity',
    async (path) => {
      const before = identity.seen.length;
      const reply = await send(url, 'GET', path, { headers: bearer(customer) });
      expect(reply.status).toBe(404);
      expect(reply.headers['content-type']).toContain('application/problem+json');
      expect(identity.seen.length).toBe(before);
    },
  );

  it('does not proxy a service\'s neighbour-only or undeclared routes either', async () => {
    const before = catalog.seen.length;
    for (const [method, path] of [['POST', '/api/products/internal/products/lookup'], ['POST', '/api/categories'], ['GET', '/api/laptops/1/metrics']] as const) {
      const body = method === 'POST' ? { headers: { ...bearer(customer), 'content-type': 'application/json' }, body: '{}' } : { headers: bearer(customer) };
      const reply = await send(url, method, path, body);
      expect(reply.status, reply.text).toBe(404);
    }
    expect(catalog.seen.length).toBe(before);
  });

  it('still proxies the declared routes, the one-segment ones included', async () => {
    const id = '0d9c6a52-7d3e-4a8e-9a53-1f0f3c1e8b11';
    expect((await send(url, 'GET', `/api/users/${id}`, { headers: bearer(customer) })).json).toMatchObject({ upstream: 'identity', url: `/${id}` });
    expect((await send(url, 'GET', '/api/users/me', { headers: bearer(customer) })).json).toMatchObject({ upstream: 'identity', url: '/me' });
  });

  it('serves its metrics on METRICS_PORT only, not on the public port', async () => {
    await send(url, 'GET', '/api/products');
    const open = await send(url, 'GET', '/metrics');
    expect(open.status).toBe(404);
    expect(open.text).not.toContain('gateway_proxied_requests_total');
    const scraped = await send(gateway.metricsUrl().replace(/\/metrics$/, ''), 'GET', '/metrics');
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain('gateway_proxied_requests_total{upstream_service="catalog",status="200",service="gateway"}');
    expect(scraped.text).toContain('http_requests_total{method="GET",route="unmatched",status="404",service="gateway"}');
  });
});
