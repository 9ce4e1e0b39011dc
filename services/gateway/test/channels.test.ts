import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { channelsFromIdentity, createChannelDirectory } from '../src/app.js';
import { bearer, closeAfterEach, createKeys, fixedChannels, send, startGateway, startUpstream, type FakeUpstream } from './support.js';

const keys = await createKeys();
const OUTLET_KEY = 'pk_outlet0000000000000000000000000';
const OUTLET_ORIGIN = 'https://outlet.example.com';
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

describe('gateway channels', () => {
  const cleanups = closeAfterEach();

  async function setup(env: Record<string, string> = {}, channels = fixedChannels([{ id: 'outlet', keys: [OUTLET_KEY], allowed_origins: [OUTLET_ORIGIN] }])) {
    const catalog = await startUpstream('catalog');
    const { gateway, url } = await startGateway({ CATALOG_URLS: catalog.url, CORS_ORIGINS: 'https://shop.example.com', ...env }, { jwks: keys.jwks, channels });
    cleanups.push(() => catalog.close(), () => gateway.close());
    return { url, catalog };
  }
  const lastSeen = (upstream: FakeUpstream) => upstream.seen.at(-1)!.headers;

  it('stamps web on a request without a key and drops the X-Channel a client sent', async () => {
    const { url, catalog } = await setup();
    expect((await send(url, 'GET', '/api/products', { headers: { 'x-channel': 'outlet' } })).status).toBe(200);
    expect(lastSeen(catalog)['x-channel']).toBe('web');
  });

  it("stamps the key's channel, whatever X-Channel says, and does not pass the key on", async () => {
    const { url, catalog } = await setup();
    expect((await send(url, 'GET', '/api/products', { headers: { 'x-api-key': OUTLET_KEY, 'x-channel': 'web' } })).status).toBe(200);
    expect(lastSeen(catalog)['x-channel']).toBe('outlet');
    expect(lastSeen(catalog)['x-api-key']).toBeUndefined();
  });

  it('refuses an unknown key with a 401 problem before the service sees it', async () => {
    const { url, catalog } = await setup();
    const reply = await send(url, 'GET', '/api/products', { headers: { 'x-api-key': 'pk_nobody000000000000000000000000' } });
    expect(reply.status).toBe(401);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(reply.json.detail).toMatch(/API key/);
    expect(catalog.seen).toHaveLength(0);
  });

  it('refuses a key once its revocation is loaded', async () => {
    let hashes = [createHash('sha256').update(OUTLET_KEY).digest('hex')];
    const channels = createChannelDirectory({ load: async () => ({ items: [{ id: 'outlet', name: 'Outlet', theme_color: '#1f6feb', allowed_origins: [], key_hashes: hashes }] }), log: quiet });
    const { url } = await setup({}, channels);
    expect((await send(url, 'GET', '/api/products', { headers: { 'x-api-key': OUTLET_KEY } })).status).toBe(200);
    hashes = [];
    // Until the reload, the gateway still knows the key: what makes it refuse is the reload a channel.* event asks for.
    expect((await send(url, 'GET', '/api/products', { headers: { 'x-api-key': OUTLET_KEY } })).status).toBe(200);
    channels.refresh();
    await channels.loaded();
    let status = 200;
    for (let i = 0; i < 100 && status === 200; i++) status = (await send(url, 'GET', '/api/products', { headers: { 'x-api-key': OUTLET_KEY } })).status;
    expect(status).toBe(401);
  });

  it('with REQUIRE_STOREFRONT_KEY, refuses storefront routes without a key, but not token routes', async () => {
    const { url, catalog } = await setup({ REQUIRE_STOREFRONT_KEY: 'true' });
    const refused = await send(url, 'GET', '/api/products');
    expect(refused.status).toBe(401);
    expect(refused.json.detail).toMatch(/publishable key/);
    expect((await send(url, 'GET', '/api/products', { headers: { 'x-api-key': OUTLET_KEY } })).status).toBe(200);
    expect((await send(url, 'POST', '/api/products', { headers: bearer(await keys.sign({ role: 'admin' })), body: '{}' })).status).toBe(200);
    expect(catalog.seen).toHaveLength(2);
  });

  it("allows a channel's origin in CORS besides CORS_ORIGINS, and no other", async () => {
    const { url } = await setup();
    const preflight = (origin: string) => send(url, 'OPTIONS', '/api/products', { headers: { origin, 'access-control-request-method': 'GET' } });
    expect((await preflight(OUTLET_ORIGIN)).headers['access-control-allow-origin']).toBe(OUTLET_ORIGIN);
    expect((await preflight('https://shop.example.com')).headers['access-control-allow-origin']).toBe('https://shop.example.com');
    expect((await preflight('https://evil.example.com')).headers['access-control-allow-origin']).toBeUndefined();
    const proxied = await send(url, 'GET', '/api/products', { headers: { origin: OUTLET_ORIGIN } });
    expect(proxied.headers['access-control-allow-origin']).toBe(OUTLET_ORIGIN);
  });

  it("reads identity's directory only when the answer is one, else from its next URL", async () => {
    const directory = { items: [{ id: 'outlet', name: 'Outlet', theme_color: '#1f6feb', allowed_origins: [OUTLET_ORIGIN], key_hashes: [] }] };
    const answering = (body: object) => ({ '/internal/channels': (_req: unknown, res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)) });
    const malformed = await startUpstream('identity', answering({ items: [{ id: 'outlet', allowed_origins: 'all' }] }));
    const sound = await startUpstream('identity', answering(directory));
    cleanups.push(() => malformed.close(), () => sound.close());
    await expect(channelsFromIdentity([malformed.url])()).rejects.toThrow(/not a channel directory/);
    expect(await channelsFromIdentity([malformed.url, sound.url])()).toEqual(directory);
  });
});
