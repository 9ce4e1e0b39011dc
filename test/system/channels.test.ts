import { describe, expect, it } from 'vitest';
import { createStockedProduct, eventually, guestCheckout } from '../support/commerce.js';
import { useTestSystem } from '../support/system.js';

const WEB_KEY = 'pk_webtestkey000000000000000000000000';
const ctx = useTestSystem({ WEB_CHANNEL_KEY: WEB_KEY });

const withKey = (key: string, headers: Record<string, string> = {}) => ({ 'x-api-key': key, ...headers });

/** Makes a channel and a key for it, and waits until the gateway has heard of the key. */
async function channelWithKey(id: string, allowedOrigins: string[] = []) {
  const created = await ctx.api.post('/api/channels', { id, name: `Channel ${id}`, theme_color: '#ff6600', default_currency: 'EUR', allowed_origins: allowedOrigins }, ctx.adminToken);
  expect(created.status).toBe(201);
  const key = await ctx.api.post(`/api/channels/${id}/keys`, undefined, ctx.adminToken);
  expect(key.status).toBe(201);
  const known = await eventually(() => ctx.api.request('GET', '/api/categories', { headers: withKey(key.body.key) }), (r) => r.status === 200);
  expect(known.status).toBe(200);
  return { channel: created.body, key: key.body as { id: string; key: string; prefix: string } };
}

describe('storefront channels', () => {
  it('records an order placed with a channel key in that channel, whatever X-Channel the client sends', async () => {
    const { key } = await channelWithKey('outlet');
    const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 5 });

    const keyed = await guestCheckout(ctx.api, [{ sku, quantity: 1 }], { headers: withKey(key.key, { 'x-channel': 'web' }) });
    expect(keyed.status).toBe(201);
    expect(keyed.body.channel).toBe('outlet');
    const forged = await guestCheckout(ctx.api, [{ sku, quantity: 1 }], { headers: { 'x-channel': 'outlet' } });
    expect(forged.status).toBe(201);
    expect(forged.body.channel).toBe('web');

    const listed = await ctx.api.get('/api/orders?channel=outlet&limit=100', ctx.adminToken);
    expect(listed.body.items.map((o: { id: string }) => o.id)).toEqual([keyed.body.id]);
    expect((await ctx.api.get(`/api/orders/${keyed.body.id}`, ctx.adminToken)).body.channel).toBe('outlet');
  });

  it('shows a key in full only when it is made, and lists its prefix', async () => {
    const { key } = await channelWithKey('kiosk');
    expect(key.key).toMatch(/^pk_[A-Za-z0-9_-]{32}$/);
    expect(key.key.startsWith(key.prefix)).toBe(true);
    const listed = await ctx.api.get('/api/channels', ctx.adminToken);
    expect(listed.status).toBe(200);
    const kiosk = listed.body.items.find((c: { id: string }) => c.id === 'kiosk');
    expect(kiosk).toMatchObject({ name: 'Channel kiosk', theme_color: '#ff6600', keys: [{ id: key.id, prefix: key.prefix }] });
    expect(JSON.stringify(listed.body)).not.toContain(key.key);
  });

  it('refuses a revoked key with 401 once the gateway has heard', async () => {
    const { key } = await channelWithKey('popup');
    expect((await ctx.api.delete(`/api/channels/popup/keys/${key.id}`, ctx.adminToken)).status).toBe(204);
    const refused = await eventually(() => ctx.api.request('GET', '/api/categories', { headers: withKey(key.key) }), (r) => r.status !== 200);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect((await ctx.api.request('GET', '/api/categories', { headers: withKey('pk_neverissued00000000000000000000') })).status).toBe(401);
    expect((await ctx.api.get('/api/channels/popup', ctx.adminToken)).body.keys).toEqual([]);
  });

  it("lets a channel's origin pass CORS, and not another origin", async () => {
    await channelWithKey('mall', ['https://mall.example.com']);
    const preflight = (origin: string) =>
      ctx.api.request('OPTIONS', '/api/products', { headers: { origin, 'access-control-request-method': 'GET' } });
    expect((await preflight('https://mall.example.com')).headers.get('access-control-allow-origin')).toBe('https://mall.example.com');
    expect((await preflight('https://elsewhere.example.com')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves the web channel with the key npm start gives it, and without a key', async () => {
    const web = (await ctx.api.get('/api/channels/web', ctx.adminToken)).body;
    expect(web.keys.map((k: { prefix: string }) => k.prefix)).toEqual([WEB_KEY.slice(0, web.keys[0].prefix.length)]);
    const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 5 });
    const placed = await guestCheckout(ctx.api, [{ sku, quantity: 1 }], { headers: withKey(WEB_KEY) });
    expect(placed.body.channel).toBe('web');
    expect((await ctx.api.delete('/api/channels/web', ctx.adminToken)).status).toBe(409);
  });

  it.each([
    ['a slug with capitals', { id: 'Big Shop', name: 'x' }, 'id'],
    ['a colour that is not #rrggbb', { id: 'colour', name: 'x', theme_color: 'red' }, 'theme_color'],
    ['a currency that is not a code', { id: 'money', name: 'x', default_currency: 'euro' }, 'default_currency'],
    ['an origin with a path', { id: 'pathy', name: 'x', allowed_origins: ['https://shop.example.com/store'] }, 'allowed_origins.0'],
    ['an origin with credentials', { id: 'creds', name: 'x', allowed_origins: ['https://ok.example.com', 'https://me@shop.example.com'] }, 'allowed_origins.1'],
  ])('refuses %s with a 400 naming the field', async (_name, body, field) => {
    const response = await ctx.api.post('/api/channels', body, ctx.adminToken);
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('refuses a second channel with the same slug, and channels to a customer', async () => {
    expect((await ctx.api.post('/api/channels', { id: 'web', name: 'Again' }, ctx.adminToken)).status).toBe(409);
    const customer = await ctx.api.registerAndLogin();
    expect((await ctx.api.get('/api/channels', customer.token)).status).toBe(403);
    expect((await ctx.api.get('/api/channels')).status).toBe(401);
  });

  it('changes a channel and deletes it', async () => {
    await channelWithKey('season');
    const patched = await ctx.api.patch('/api/channels/season', { name: 'Summer', allowed_origins: ['https://Summer.Example.com:443'] }, ctx.adminToken);
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: 'season', name: 'Summer', allowed_origins: ['https://summer.example.com'] });
    expect((await ctx.api.delete('/api/channels/season', ctx.adminToken)).status).toBe(204);
    expect((await ctx.api.get('/api/channels/season', ctx.adminToken)).status).toBe(404);
  });
});
