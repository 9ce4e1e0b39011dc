import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useTestSystem } from '../support/system.js';
import { createStockedProduct, guestCheckout } from '../support/commerce.js';
import { problemFields } from '../support/problems.js';

const ctx = useTestSystem();

/** Sends raw bytes to the gateway and reads the whole answer (the server closes, or the client stops at the first response). */
function rawExchange(bytes: string | Buffer): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const { hostname, port } = new URL(ctx.system.gatewayUrl);
  return new Promise((resolve, reject) => {
    // Written without ending our side: a half-closed socket makes Node's server drop the request unanswered.
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

function expectProblem(response: { status: number; headers: Record<string, string> | Headers; body: unknown }, status: number) {
  const type = response.headers instanceof Headers ? response.headers.get('content-type') : response.headers['content-type'];
  expect(response.status).toBe(status);
  expect(type).toContain('application/problem+json');
  const body = typeof response.body === 'string' ? JSON.parse(response.body) : response.body;
  expect(body).toMatchObject({ status, title: expect.any(String), type: expect.stringContaining('https://') });
  return body;
}

describe('bad input gets a clear 4xx naming what is wrong', () => {
  it('refuses a NUL byte or a blank sku in a cart line or an order line with a 400 naming the field', async () => {
    for (const sku of ['LAP\u0000X', '   ', '']) {
      const cart = await ctx.api.post('/api/cart/items', { sku, quantity: 1 });
      expect(problemFields(expectProblem(cart, 400))).toEqual(['sku']);

      const order = await guestCheckout(ctx.api, [{ sku, quantity: 1 }]);
      expect(problemFields(expectProblem(order, 400))).toEqual(['items.0.sku']);
    }
    const path = await ctx.api.request('PATCH', `/api/cart/items/${encodeURIComponent('A\u0000B')}`, { body: { quantity: 1 } });
    expect(problemFields(expectProblem(path, 400))).toEqual(['sku']);
  });

  it('refuses product attributes nested too deep or too large with a 400 naming the field', async () => {
    // Written by hand: JSON.stringify itself runs out of stack on a value this deep.
    const deep = `${'{"d":'.repeat(5_000)}"bottom"${'}'.repeat(5_000)}`;
    const product = { sku: 'LAP-DEEP-1', name: 'Deep', brand: 'X', category: 'laptops', price: 1 };
    const json = { 'content-type': 'application/json' };
    const tooDeep = await ctx.api.request('POST', '/api/products', { raw: `{${JSON.stringify(product).slice(1, -1)},"attributes":{"spec":${deep}}}`, headers: json, token: ctx.adminToken });
    expect(problemFields(expectProblem(tooDeep, 400))).toEqual(['attributes']);

    const tooLarge = await ctx.api.post('/api/products', { ...product, attributes: { notes: 'x'.repeat(100_000) } }, ctx.adminToken);
    expect(problemFields(expectProblem(tooLarge, 400))).toEqual(['attributes']);

    const { id } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 1 });
    const patched = await ctx.api.request('PATCH', `/api/products/${id}`, { raw: `{"attributes":{"spec":${deep}}}`, headers: json, token: ctx.adminToken });
    expect(problemFields(expectProblem(patched, 400))).toEqual(['attributes']);

    const fine = await ctx.api.patch(`/api/products/${id}`, { attributes: { ports: [{ kind: 'usb-c', count: 2 }], ram_gb: 16 } }, ctx.adminToken);
    expect(fine.status).toBe(200);
  });

  it('answers a chunked body over the limit with 413, not 502', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${ctx.system.gatewayUrl}/api/users/register`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
        response.resume();
        resolve(response.statusCode!);
      });
      request.on('error', reject);
      const chunk = 'x'.repeat(64 * 1024);
      // Sends a little more than the 1 MB limit, then waits without ending the body: the gateway must answer
      // while the body is still open. (Writing on after its answer would race its close and end in EPIPE.)
      let left = Math.ceil((1024 * 1024) / chunk.length) + 2;
      const pump = () => {
        while (left > 0 && !request.destroyed) {
          left -= 1;
          if (!request.write(chunk)) return request.once('drain', pump);
        }
      };
      pump();
    });
    expect(status).toBe(413);
  });

  it('answers a malformed URL, a URL over the limit and headers over 16 KB as problem+json', async () => {
    const badUrl = await rawExchange('GET /api/products/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expectProblem(badUrl, 400);
    const badOwnUrl = await rawExchange('GET /api/health/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expectProblem(badOwnUrl, 400);

    const longSegment = await rawExchange(`GET /api/products/${'a'.repeat(200)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expectProblem(longSegment, 414);

    const longUrl = await rawExchange(`GET /api/products?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expectProblem(longUrl, 431);

    const bigHeads = await rawExchange(`GET /api/products HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17_000)}\r\nConnection: close\r\n\r\n`);
    expectProblem(bigHeads, 431);

    const garbage = await rawExchange('NOT AN HTTP REQUEST\r\n\r\n');
    expectProblem(garbage, 400);
  });
});

describe('responses carrying tokens or personal data are never stored by caches', () => {
  it('sends Cache-Control: no-store on tokens, profiles, carts, orders and payments, but not on the public catalog', async () => {
    const user = await ctx.api.registerAndLogin();
    const register = await ctx.api.post('/api/users/register', { email: `nostore-${Date.now()}@example.com`, password: 'a long passphrase', first_name: 'A', last_name: 'B' });
    const login = await ctx.api.post('/api/users/login', { email: user.email, password: user.password });
    const refresh = await ctx.api.post('/api/users/refresh', { refresh_token: login.body.refresh_token });
    const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 5 });
    const cart = await ctx.api.request('POST', '/api/cart/items', { body: { sku, quantity: 1 }, token: user.token });
    const order = await ctx.api.request('POST', '/api/orders', { body: { items: [{ sku, quantity: 1 }], payment: { card_number: '4242 4242 4242 4242' } }, token: user.token });
    const personal = {
      register,
      login,
      refresh,
      me: await ctx.api.get('/api/users/me', user.token),
      users: await ctx.api.get('/api/users', ctx.adminToken),
      user: await ctx.api.get(`/api/users/${user.id}`, ctx.adminToken),
      cart,
      getCart: await ctx.api.get('/api/cart', user.token),
      order,
      orders: await ctx.api.get('/api/orders', user.token),
      orderById: await ctx.api.get(`/api/orders/${order.body.id}`, user.token),
      lookup: await ctx.api.get(`/api/orders/lookup?email=${encodeURIComponent(user.email)}&order_id=${order.body.id}`),
      payment: await ctx.api.get(`/api/payments/${order.body.payment.id}`, user.token),
      stock: await ctx.api.get(`/api/inventory/${sku}`, ctx.adminToken),
    };
    for (const [name, response] of Object.entries(personal)) {
      expect({ name, status: response.status < 400 }).toEqual({ name, status: true });
      expect({ name, cacheControl: response.headers.get('cache-control') }).toEqual({ name, cacheControl: 'no-store' });
    }
    const catalog = await ctx.api.get('/api/products?limit=1');
    expect(catalog.headers.get('cache-control')).not.toBe('no-store');
  });
});
