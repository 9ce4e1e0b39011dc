import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { bearer, closeAfterEach, createKeys, fixedChannels, send, startGateway, startUpstream } from './support.js';

const keys = await createKeys();
const OUTLET_KEY = 'pk_outlet0000000000000000000000000';

/** A catalog that answers its reads as the real one does: public, no-cache, with an ETag of the body. */
function publicRead(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'public, no-cache', etag: `"${Buffer.from(text).toString('base64url')}"` });
  res.end(text);
}

/** Polls until `done` holds (a few seconds at most). */
async function until(done: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500 && !(await done()); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(await done()).toBe(true);
}

describe('gateway micro-cache for public catalog reads', () => {
  const cleanups = closeAfterEach();

  async function setup(env: Record<string, string> = {}) {
    let text = 'v1';
    let hold: Promise<void> = Promise.resolve();
    const catalog = await startUpstream('catalog', {
      '/products': (_req, res) => void hold.then(() => publicRead(res, JSON.stringify({ items: [], text }))),
      '/products/private': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'private', etag: '"p"' });
        res.end('{}');
      },
    });
    const channels = fixedChannels([{ id: 'outlet', keys: [OUTLET_KEY] }]);
    const { gateway, url } = await startGateway({ CATALOG_URLS: catalog.url, ...env }, { jwks: keys.jwks, channels });
    cleanups.push(() => catalog.close(), () => gateway.close());
    const reads = () => catalog.seen.filter((r) => r.url.startsWith('/products')).length;
    return {
      url,
      catalog,
      gateway,
      reads,
      change: (next: string) => void (text = next),
      /** Holds the catalog's answers until the returned release is called. */
      holdAnswers() {
        let release!: () => void;
        hold = new Promise((resolve) => (release = resolve));
        return release;
      },
    };
  }

  it('answers a repeated anonymous read from memory, with the gateway’s headers, and 304 to its ETag', async () => {
    const { url, reads } = await setup();
    const first = await send(url, 'GET', '/api/products?limit=20&sort=price_asc');
    const second = await send(url, 'GET', '/api/products?sort=price_asc&limit=20');
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.text).toBe(first.text);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    expect(second.headers['x-content-type-options']).toBe('nosniff');
    expect(reads()).toBe(1);

    const notModified = await send(url, 'GET', '/api/products?limit=20&sort=price_asc', { headers: { 'if-none-match': first.headers.etag! } });
    expect([notModified.status, notModified.text, notModified.headers.etag]).toEqual([304, '', first.headers.etag]);
    expect(reads()).toBe(1);
  });

  it('never answers a request with Authorization from it, nor keeps what such a request got', async () => {
    const { url, reads } = await setup();
    const token = await keys.sign();
    await send(url, 'GET', '/api/products');
    expect(reads()).toBe(1);
    await send(url, 'GET', '/api/products', { headers: bearer(token) });
    await send(url, 'GET', '/api/products', { headers: bearer(token) });
    expect(reads()).toBe(3);
  });

  it('keeps each channel’s answer apart', async () => {
    const { url, catalog, reads } = await setup();
    await send(url, 'GET', '/api/products');
    await send(url, 'GET', '/api/products', { headers: { 'x-api-key': OUTLET_KEY } });
    await send(url, 'GET', '/api/products', { headers: { 'x-api-key': OUTLET_KEY } });
    expect(reads()).toBe(2);
    expect(catalog.seen.map((r) => r.headers['x-channel'])).toEqual(['web', 'outlet']);
  });

  it('sends 100 concurrent misses of one read upstream once', async () => {
    const { url, gateway, reads, holdAnswers } = await setup();
    const release = holdAnswers();
    const replies = Array.from({ length: 100 }, () => send(url, 'GET', '/api/products?q=k417'));
    // Every request has reached the gateway: one went upstream, 99 wait for its answer.
    await until(async () => /gateway_microcache_requests_total\{[^}]*result="wait"[^}]*\} 99/.test(await (await fetch(gateway.metricsUrl())).text()));
    release();
    const answered = await Promise.all(replies);
    expect(answered.map((r) => r.status)).toEqual(Array(100).fill(200));
    expect(new Set(answered.map((r) => r.text)).size).toBe(1);
    expect(reads()).toBe(1);
  });

  it('asks again once GATEWAY_MICROCACHE_MS has passed, so a change shows', async () => {
    const { url, change, reads } = await setup({ GATEWAY_MICROCACHE_MS: '50' });
    expect((await send(url, 'GET', '/api/products')).json.text).toBe('v1');
    change('v2');
    await until(async () => (await send(url, 'GET', '/api/products')).json.text === 'v2');
    expect(reads()).toBeGreaterThanOrEqual(2);
  });

  it('does not keep answers the service did not mark public, nor any with GATEWAY_MICROCACHE_MS=0', async () => {
    const { url, reads } = await setup();
    await send(url, 'GET', '/api/products/private');
    await send(url, 'GET', '/api/products/private');
    expect(reads()).toBe(2);
    const off = await setup({ GATEWAY_MICROCACHE_MS: '0' });
    await send(off.url, 'GET', '/api/products');
    const conditional = await send(off.url, 'GET', '/api/products', { headers: { 'if-none-match': '"x"' } });
    expect(off.reads()).toBe(2);
    expect(off.catalog.seen[1]!.headers['if-none-match']).toBe('"x"');
    expect(conditional.status).toBe(200);
  });
});
