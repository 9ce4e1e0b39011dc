import { SignJWT, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@storefleet/kit';
import { useTestSystem } from '../support/system.js';
import { signWithIdentityKey } from '../support/tokens.js';

const ctx = useTestSystem();

describe('the system through the gateway', () => {
  it('reports every service ready and serves the seeded catalog', async () => {
    const health = await ctx.api.get('/api/health');
    expect(health.status).toBe(200);
    expect(Object.keys(health.body.services).sort()).toEqual(['catalog', 'identity', 'inventory', 'notifications', 'orders', 'payments', 'warranties']);
    expect(Object.values(health.body.services).every((s: any) => s.status === 'ready')).toBe(true);

    const laptops = await ctx.api.get('/api/laptops?limit=100');
    expect(laptops.status).toBe(200);
    expect(laptops.body.total).toBeGreaterThanOrEqual(12);
    const parts = await ctx.api.get('/api/spare-parts?limit=100');
    expect(parts.body.total).toBeGreaterThanOrEqual(12);
    const products = await ctx.api.get('/api/products?limit=5');
    expect(products.body.total).toBe(laptops.body.total + parts.body.total);
    expect(products.body.items).toHaveLength(5);
  });

  it('registers, logs in and shows the customer their profile', async () => {
    const email = `grace-${Date.now()}@example.com`;
    const registered = await ctx.api.post('/api/users/register', { email, password: 'a long passphrase', first_name: 'Grace', last_name: 'Hopper', role: 'admin' });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ email, role: 'customer', first_name: 'Grace' });
    expect(JSON.stringify(registered.body)).not.toMatch(/password|argon2/);

    const login = await ctx.api.post('/api/users/login', { email, password: 'a long passphrase' });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ token_type: 'bearer', expires_in: 900 });

    const me = await ctx.api.get('/api/users/me', login.body.access_token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email, role: 'customer', last_name: 'Hopper' });

    const duplicate = await ctx.api.post('/api/users/register', { email, password: 'another passphrase', first_name: 'G', last_name: 'H' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.headers.get('content-type')).toContain('application/problem+json');
  });

  it('lets an admin create a product that a customer then finds by search', async () => {
    const created = await ctx.api.post(
      '/api/products',
      { sku: 'LAP-TEST-QUOKKA', name: 'Quokka Ultrabook 14', description: 'A featherweight test laptop', brand: 'Quokka', category: 'laptops', price: 1299.5, currency: 'EUR', attributes: { cpu: 'Test CPU', ram_gb: 16 } },
      ctx.adminToken,
    );
    expect(created.status).toBe(201);

    const customer = await ctx.api.registerAndLogin();
    const found = await ctx.api.get('/api/products?q=quokka', customer.token);
    expect(found.status).toBe(200);
    expect(found.body.items.map((p: any) => p.sku)).toContain('LAP-TEST-QUOKKA');

    const forbidden = await ctx.api.post('/api/products', { sku: 'LAP-NOPE', name: 'Nope', brand: 'X', category: 'laptops', price: 1 }, customer.token);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.title).toBe('Forbidden');
  });

  it('refuses missing, expired, tampered, unsigned and foreign tokens with 401', async () => {
    const customer = await ctx.api.registerAndLogin();
    const [header, payload, signature] = customer.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')}.${signature}`;
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const { privateKey: foreignKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const foreign = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'EdDSA', kid: JSON.parse(Buffer.from(header!, 'base64url').toString()).kid })
      .setSubject(customer.id).setIssuer(TOKEN_ISSUER).setAudience(TOKEN_AUDIENCE).setExpirationTime('10m').sign(foreignKey);
    const expired = await signWithIdentityKey(ctx.system.databases.identity!, { sub: customer.id, role: 'customer', exp: Math.floor(Date.now() / 1000) - 30 });

    for (const [name, token] of Object.entries({ none: undefined, expired, tampered, unsigned, foreign })) {
      for (const [method, path] of [['GET', '/api/users/me'], ['POST', '/api/products']] as const) {
        const response = await ctx.api.request(method, path, { token, body: method === 'POST' ? { sku: 'X' } : undefined });
        expect(response.status, `${name} token on ${method} ${path}`).toBe(401);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
      }
    }
  });

  it('answers malformed JSON and invalid fields with 400 problems naming the fields', async () => {
    const malformed = await ctx.api.request('POST', '/api/users/register', { raw: '{"email": "a@b.c",', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');

    const invalid = await ctx.api.post('/api/users/register', { email: 'not-an-email', password: 'short' });
    expect(invalid.status).toBe(400);
    const fields = invalid.body.errors.map((e: any) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password', 'first_name', 'last_name']));

    const badProduct = await ctx.api.post('/api/products', { sku: '', name: 'X', brand: 'Y', category: 'laptops', price: -5 }, ctx.adminToken);
    expect(badProduct.status).toBe(400);
    expect(badProduct.body.errors.map((e: any) => e.field)).toEqual(expect.arrayContaining(['sku', 'price']));

    const badId = await ctx.api.get('/api/products/not-a-uuid');
    expect(badId.status).toBe(400);
  });

  it('answers every kind of bad input with a clear 4xx problem, never a 500', async () => {
    const customer = await ctx.api.registerAndLogin();
    const cases: [string, Promise<{ status: number; headers: Headers; body: any }>, number][] = [
      ['text body to a JSON endpoint', ctx.api.request('POST', '/api/users/login', { raw: 'email=a', headers: { 'content-type': 'text/plain' } }), 415],
      ['body beyond the limit', ctx.api.request('POST', '/api/users/register', { raw: JSON.stringify({ email: 'x'.repeat(2 * 1024 * 1024) }), headers: { 'content-type': 'application/json' } }), 413],
      ['limit above 100', ctx.api.get('/api/products?limit=1000'), 400],
      ['price that is not a number', ctx.api.get('/api/products?min_price=cheap'), 400],
      ['unknown sort', ctx.api.get('/api/products?sort=sideways'), 400],
      ['forged cursor', ctx.api.get('/api/products?cursor=not-a-cursor'), 400],
      ['a NUL character in a search', ctx.api.get('/api/products?q=%00'), 400],
      ['a NUL character in a filter', ctx.api.get('/api/products?brand=%00'), 400],
      ['a page number beyond any database', ctx.api.get('/api/products?page=99999999999999999999'), 400],
      ['wrong field types', ctx.api.patch('/api/users/me', { first_name: 42, last_name: ['x'] }, customer.token), 400],
      ['unknown product', ctx.api.get('/api/products/00000000-0000-4000-8000-000000000000'), 404],
      ['unknown route', ctx.api.get('/api/nowhere'), 404],
      ['a non-bearer Authorization header', ctx.api.request('GET', '/api/users/me', { headers: { authorization: 'Basic YTpi' } }), 401],
      ['a customer on an admin route', ctx.api.get('/api/users', customer.token), 403],
    ];
    for (const [name, pending, status] of cases) {
      const response = await pending;
      expect(response.status, name).toBe(status);
      expect(response.headers.get('content-type'), name).toContain('application/problem+json');
      expect(response.body.status, name).toBe(status);
    }
  });

  it('revokes the session when a refresh token is used twice', async () => {
    const customer = await ctx.api.registerAndLogin();
    const login = await ctx.api.post('/api/users/login', { email: customer.email, password: customer.password });
    const first = login.body.refresh_token;
    const rotated = await ctx.api.post('/api/users/refresh', { refresh_token: first });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh_token).not.toBe(first);

    const reused = await ctx.api.post('/api/users/refresh', { refresh_token: first });
    expect(reused.status).toBe(401);
    const afterTheft = await ctx.api.post('/api/users/refresh', { refresh_token: rotated.body.refresh_token });
    expect(afterTheft.status).toBe(401);
  });

  it('carries a request id end to end and publishes every service in one OpenAPI document', async () => {
    const response = await ctx.api.request('GET', '/api/products?limit=1', { headers: { 'x-request-id': 'trace-me-123' } });
    expect(response.headers.get('x-request-id')).toBe('trace-me-123');

    const docs = await ctx.api.get('/api/docs/json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/users/login', '/api/products', '/api/laptops']));
  });
});
