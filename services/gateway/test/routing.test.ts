import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type RouteEntry } from '../src/app.js';
import { bearer, createKeys, send, startGateway, startUpstream, type FakeUpstream } from './support.js';

describe('gateway routing', () => {
  let identity: FakeUpstream;
  let catalog: FakeUpstream;
  let url: string;
  let close: () => Promise<void>;
  let token: string;

  beforeAll(async () => {
    const keys = await createKeys();
    token = await keys.sign();
    identity = await startUpstream('identity');
    catalog = await startUpstream('catalog', {
      '/products/stream': (_req, res) => {
        // A chunked response written in pieces: the client must get all of it.
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first,');
        setTimeout(() => res.end('second'), 20);
      },
    });
    // One extra line for a service that has no URLs configured.
    const routes: RouteEntry[] = [...ROUTES, { prefix: '/api/orders', service: 'orders', strip: '/api', routes: { 'GET /orders': 'token' } }];
    const started = await startGateway({ IDENTITY_URLS: identity.url, CATALOG_URLS: catalog.url }, { jwks: keys.jwks, routes });
    url = started.url;
    close = () => started.gateway.close();
  });

  afterAll(async () => {
    await close();
    await identity.close();
    await catalog.close();
  });

  it.each([
    ['POST', '/api/users/login', 'identity', '/login'],
    ['POST', '/api/users/register', 'identity', '/register'],
    ['GET', '/api/users/.well-known/jwks.json', 'identity', '/.well-known/jwks.json'],
    ['GET', '/api/products', 'catalog', '/products'],
    ['GET', '/api/products/42?fields=name', 'catalog', '/products/42?fields=name'],
    ['GET', '/api/categories', 'catalog', '/categories'],
    ['GET', '/api/laptops/7', 'catalog', '/laptops/7'],
    ['GET', '/api/spare-parts?page=2', 'catalog', '/spare-parts?page=2'],
  ])('%s %s without a token reaches %s as %s', async (method, path, upstream, upstreamPath) => {
    const reply = await send(url, method, path, method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {});
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ upstream, method, url: upstreamPath });
  });

  it('rewrites /api/users itself to identity /', async () => {
    const reply = await send(url, 'GET', '/api/users?page=1', { headers: bearer(token) });
    expect(reply.json).toMatchObject({ upstream: 'identity', url: '/?page=1' });
  });

  it('does not route look-alike prefixes', async () => {
    const reply = await send(url, 'GET', '/api/productsX');
    expect(reply.status).toBe(404);
    expect(reply.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses a protected route without a token with a 401 problem', async () => {
    for (const [method, path] of [['GET', '/api/users/me'], ['POST', '/api/products'], ['DELETE', '/api/products/1']] as const) {
      const reply = await send(url, method, path);
      expect(reply.status).toBe(401);
      expect(reply.headers['content-type']).toBe('application/problem+json');
      expect(reply.headers['www-authenticate']).toBe('Bearer');
      expect(reply.json).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
  });

  it('forwards a protected request with its Authorization header unchanged', async () => {
    const reply = await send(url, 'GET', '/api/users/me', { headers: bearer(token) });
    expect(reply.status).toBe(200);
    expect(identity.seen.at(-1)!.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('generates a request id, echoes it and sends it upstream', async () => {
    const reply = await send(url, 'GET', '/api/products');
    const id = reply.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(catalog.seen.at(-1)!.headers['x-request-id']).toBe(id);
  });

  it('keeps a request id the client sent, and forwards trace and forwarding headers', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const reply = await send(url, 'GET', '/api/products', { headers: { 'x-request-id': 'client-id-123', traceparent, 'x-forwarded-for': '203.0.113.9' } });
    expect(reply.headers['x-request-id']).toBe('client-id-123');
    const seen = catalog.seen.at(-1)!.headers;
    expect(seen['x-request-id']).toBe('client-id-123');
    expect(seen.traceparent).toBe(traceparent);
    // The client's own X-Forwarded-For is not believed: services see the address the gateway saw.
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-forwarded-host']).toBe(new URL(url).host);
  });

  it('answers 503 for a routed service that has no URLs configured', async () => {
    const reply = await send(url, 'GET', '/api/orders', { headers: bearer(token) });
    expect(reply.status).toBe(503);
    expect(reply.json.detail).toBe('The service orders is not configured');
  });

  it('streams a chunked request body to the upstream', async () => {
    const chunks = Array.from({ length: 20 }, (_, i) => `{"part":${i}}\n`);
    const reply = await send(url, 'POST', '/api/products', { headers: { ...bearer(token), 'content-type': 'application/x-ndjson' }, chunks });
    expect(reply.status).toBe(200);
    expect(catalog.seen.at(-1)!.body).toBe(chunks.join(''));
  });

  it('streams a chunked response to the client', async () => {
    const reply = await send(url, 'GET', '/api/products/stream');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('first,second');
  });

  it('answers HEAD with the headers and no body', async () => {
    const reply = await send(url, 'HEAD', '/api/products');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('');
    expect(Number(reply.headers['content-length'])).toBeGreaterThan(0);
  });

  it('answers its own routes through Fastify', async () => {
    expect((await send(url, 'GET', '/healthz')).json).toEqual({ status: 'ok', service: 'gateway' });
  });
});
