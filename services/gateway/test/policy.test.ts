import { describe, expect, it } from 'vitest';
import type { RateLimitStore } from '../src/app.js';
import { bearer, closeAfterEach, createKeys, send, startGateway, startUpstream, type FakeUpstream } from './support.js';

const STOREFRONT = 'https://shop.example.com';

const keys = await createKeys();

describe('gateway edge policy', () => {
  const cleanups = closeAfterEach();

  async function setup(env: Record<string, string> = {}, rateLimitStore?: RateLimitStore): Promise<{ url: string; catalog: FakeUpstream }> {
    const catalog = await startUpstream('catalog');
    const identity = await startUpstream('identity');
    const { gateway, url } = await startGateway({ IDENTITY_URLS: identity.url, CATALOG_URLS: catalog.url, CORS_ORIGINS: STOREFRONT, ...env }, { jwks: keys.jwks, rateLimitStore });
    cleanups.push(() => catalog.close(), () => identity.close(), () => gateway.close());
    return { url, catalog };
  }

  describe('body limit', () => {
    it('refuses a declared body over BODY_LIMIT with 413 before the service sees it', async () => {
      const { url, catalog } = await setup({ BODY_LIMIT: '1024' });
      const reply = await send(url, 'POST', '/api/products', { headers: { ...bearer(await keys.sign()), 'content-type': 'application/json' }, body: 'x'.repeat(2048) });
      expect(reply.status).toBe(413);
      expect(reply.headers['content-type']).toBe('application/problem+json');
      expect(catalog.seen).toHaveLength(0);
    });

    it('refuses a chunked body once it passes BODY_LIMIT', async () => {
      const { url } = await setup({ BODY_LIMIT: '1024' });
      const chunks = Array.from({ length: 8 }, () => 'y'.repeat(512));
      const reply = await send(url, 'POST', '/api/products', { headers: bearer(await keys.sign()), chunks });
      expect(reply.status).toBe(413);
      expect(reply.json.detail).toBe('The body is larger than 1024 bytes');
    });

    it('lets a body within the limit through', async () => {
      const { url, catalog } = await setup({ BODY_LIMIT: '1024' });
      const reply = await send(url, 'POST', '/api/products', { headers: bearer(await keys.sign()), body: 'z'.repeat(1024) });
      expect(reply.status).toBe(200);
      expect(catalog.seen.at(-1)!.body).toHaveLength(1024);
    });
  });

  describe('CORS', () => {
    it('answers a preflight from an allowed origin', async () => {
      const { url } = await setup();
      const reply = await send(url, 'OPTIONS', '/api/products', {
        headers: { origin: STOREFRONT, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
      expect(reply.status).toBe(204);
      expect(reply.headers['access-control-allow-origin']).toBe(STOREFRONT);
      expect(reply.headers['access-control-allow-methods']).toContain('POST');
      expect(reply.headers['access-control-allow-headers']).toBe('authorization, content-type');
      expect(reply.headers['access-control-allow-credentials']).toBe('true');
    });

    it('adds CORS headers to responses for an allowed origin', async () => {
      const { url } = await setup();
      const proxied = await send(url, 'GET', '/api/products', { headers: { origin: STOREFRONT } });
      expect(proxied.headers['access-control-allow-origin']).toBe(STOREFRONT);
      expect(proxied.headers['access-control-expose-headers']).toContain('x-request-id');
      const own = await send(url, 'GET', '/healthz', { headers: { origin: STOREFRONT } });
      expect(own.headers['access-control-allow-origin']).toBe(STOREFRONT);
    });

    it('gives a disallowed origin no CORS headers at all', async () => {
      const { url } = await setup();
      const preflight = await send(url, 'OPTIONS', '/api/products', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      const actual = await send(url, 'GET', '/api/products', { headers: { origin: 'https://evil.example' } });
      for (const reply of [preflight, actual]) {
        expect(Object.keys(reply.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
      }
    });
  });

  it('sends security headers on proxied and own responses, and a strict CSP on its own JSON', async () => {
    const { url } = await setup({ HSTS: 'true' });
    const proxied = await send(url, 'GET', '/api/products');
    const own = await send(url, 'GET', '/api/health');
    const refused = await send(url, 'GET', '/api/users/me');
    for (const reply of [proxied, own, refused]) {
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['x-frame-options']).toBe('DENY');
      expect(reply.headers['referrer-policy']).toBe('no-referrer');
      expect(reply.headers['strict-transport-security']).toContain('max-age=');
    }
    expect(own.headers['content-security-policy']).toContain("default-src 'none'");
    expect(refused.headers['content-security-policy']).toContain("default-src 'none'");
  });

  describe('rate limits', () => {
    it('answers 429 with Retry-After and RateLimit headers past the per-address limit', async () => {
      const { url } = await setup({ RATE_LIMIT_PER_IP: '3', RATE_LIMIT_WINDOW_MS: '60000' });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await send(url, 'GET', '/api/products')).status);
      expect(statuses).toEqual([200, 200, 200]);
      const limited = await send(url, 'GET', '/api/products');
      expect(limited.status).toBe(429);
      expect(limited.headers['content-type']).toBe('application/problem+json');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.headers['ratelimit-limit']).toBe('3');
      expect(limited.headers['ratelimit-remaining']).toBe('0');
      expect(limited.headers['ratelimit-policy']).toBe('3;w=60');
      // The gateway's own /api routes count too.
      expect((await send(url, 'GET', '/api/health')).status).toBe(429);
    });

    it('counts each signed-in user separately from the address', async () => {
      const { url } = await setup({ RATE_LIMIT_PER_IP: '100', RATE_LIMIT_PER_USER: '2' });
      const ada = bearer(await keys.sign({}, { subject: 'ada' }));
      const bob = bearer(await keys.sign({}, { subject: 'bob' }));
      expect((await send(url, 'GET', '/api/products', { headers: ada })).status).toBe(200);
      expect((await send(url, 'GET', '/api/products', { headers: ada })).status).toBe(200);
      const limited = await send(url, 'GET', '/api/products', { headers: ada });
      expect(limited.status).toBe(429);
      expect(limited.json.detail).toMatch(/this account/);
      // Another user and anonymous requests from the same address are still served.
      expect((await send(url, 'GET', '/api/products', { headers: bob })).status).toBe(200);
      expect((await send(url, 'GET', '/api/products')).status).toBe(200);
    });

    it('works with any store behind the RateLimitStore interface, such as a shared one', async () => {
      const counts = new Map<string, number>();
      const keysSeen: string[] = [];
      const store: RateLimitStore = {
        async hit(key) {
          keysSeen.push(key);
          counts.set(key, (counts.get(key) ?? 0) + 1);
          return { count: counts.get(key)!, resetMs: 30_000 };
        },
      };
      const { url } = await setup({ RATE_LIMIT_PER_IP: '2' }, store);
      const token = bearer(await keys.sign({}, { subject: 'carol' }));
      expect((await send(url, 'GET', '/api/products', { headers: token })).status).toBe(200);
      expect((await send(url, 'GET', '/api/products')).status).toBe(200);
      const limited = await send(url, 'GET', '/api/products');
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBe('30');
      expect(keysSeen).toEqual(['ip:127.0.0.1', 'user:carol', 'ip:127.0.0.1', 'ip:127.0.0.1']);
    });

    it('lets requests through when the store fails', async () => {
      const store: RateLimitStore = { hit: async () => Promise.reject(new Error('connection refused')) };
      const { url } = await setup({ RATE_LIMIT_PER_IP: '1' }, store);
      for (let i = 0; i < 3; i++) expect((await send(url, 'GET', '/api/products')).status).toBe(200);
    });
  });
});
