import { describe, expect, it } from 'vitest';
import { closeAfterEach, createKeys, send, startGateway, startUpstream } from './support.js';

const keys = await createKeys();

// Loopback is 127.0.0.0/8 here: each test client connects from an address of its own.
describe('the client address the gateway forwards and limits by', () => {
  const cleanups = closeAfterEach();

  async function gatewayWithCatalog(env: Record<string, string> = {}) {
    const catalog = await startUpstream('catalog');
    cleanups.push(() => catalog.close());
    const started = await startGateway({ IDENTITY_URLS: catalog.url, CATALOG_URLS: catalog.url, RATE_LIMIT_PER_IP: '2', ...env }, { jwks: keys.jwks });
    cleanups.push(() => started.gateway.close());
    return { url: started.url, catalog };
  }

  it('is the connection\'s address, whatever X-Forwarded-For a client sends', async () => {
    const { url, catalog } = await gatewayWithCatalog();
    const statuses: number[] = [];
    for (let i = 1; i <= 3; i++) {
      statuses.push((await send(url, 'GET', '/api/products', { from: '127.0.0.21', headers: { 'x-forwarded-for': `203.0.113.${i}` } })).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(catalog.seen.map((request) => request.headers['x-forwarded-for'])).toEqual(['127.0.0.21', '127.0.0.21']);
    // Another connection's address has its own count.
    expect((await send(url, 'GET', '/api/products', { from: '127.0.0.22' })).status).toBe(200);
  });

  it('is the client a trusted proxy in TRUSTED_PROXIES names, and only its', async () => {
    const { url, catalog } = await gatewayWithCatalog({ TRUSTED_PROXIES: '127.0.0.31' });
    // A load balancer at 127.0.0.31 appends the address it saw to what its client sent.
    const viaProxy = (client: string, sent?: string) =>
      send(url, 'GET', '/api/products', { from: '127.0.0.31', headers: { 'x-forwarded-for': sent ? `${sent}, ${client}` : client } });
    expect((await viaProxy('198.51.100.7', '10.9.9.9')).status).toBe(200);
    expect(catalog.seen.at(-1)!.headers['x-forwarded-for']).toBe('198.51.100.7');
    expect((await viaProxy('198.51.100.7', '10.9.9.8')).status).toBe(200);
    expect((await viaProxy('198.51.100.7')).status).toBe(429);
    expect((await viaProxy('198.51.100.8')).status).toBe(200);
    expect(catalog.seen.at(-1)!.headers['x-forwarded-for']).toBe('198.51.100.8');
    // A client that is not the trusted proxy cannot claim to be it, nor anyone else.
    expect((await send(url, 'GET', '/api/products', { from: '127.0.0.32', headers: { 'x-forwarded-for': '198.51.100.9' } })).status).toBe(200);
    expect(catalog.seen.at(-1)!.headers['x-forwarded-for']).toBe('127.0.0.32');
  });

  it('refuses a TRUSTED_PROXIES entry that is not an address or range, naming the variable', async () => {
    await expect(startGateway({ TRUSTED_PROXIES: '10.0.0.0/99' }, { jwks: keys.jwks })).rejects.toThrow(/TRUSTED_PROXIES/);
  });
});
