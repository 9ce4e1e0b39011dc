import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSessionRevocations, loadConfig, revocationsFromIdentity } from '@storefleet/kit';
import { GatewayConfigSchema, createGateway } from '../src/app.js';
import { bearer, createKeys, deadUrl, send, startGateway, startUpstream, type FakeUpstream } from './support.js';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('gateway token checks', () => {
  let identity: FakeUpstream;
  let catalog: FakeUpstream;
  let url: string;
  let close: () => Promise<void>;
  let keys: Awaited<ReturnType<typeof createKeys>>;

  beforeAll(async () => {
    keys = await createKeys();
    identity = await startUpstream('identity');
    catalog = await startUpstream('catalog');
    const started = await startGateway({ IDENTITY_URLS: identity.url, CATALOG_URLS: catalog.url }, { jwks: keys.jwks });
    url = started.url;
    close = () => started.gateway.close();
  });

  afterAll(async () => {
    await close();
    await identity.close();
    await catalog.close();
  });

  async function expectRefused(authorization: string, detail: RegExp) {
    const before = identity.seen.length;
    const reply = await send(url, 'GET', '/api/users/me', { headers: { authorization } });
    expect(reply.status).toBe(401);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(reply.json.detail).toMatch(detail);
    expect(identity.seen.length).toBe(before); // never reached the service
  }

  it('lets a valid token through, again and again', async () => {
    const token = await keys.sign({ email: 'ada@example.com' });
    for (let i = 0; i < 3; i++) {
      const reply = await send(url, 'GET', '/api/users/me', { headers: bearer(token) });
      expect(reply.status).toBe(200);
    }
  });

  it('refuses an expired token', async () => {
    const token = await keys.sign({}, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    await expectRefused(`Bearer ${token}`, /expired/);
  });

  it('refuses a token whose payload was changed', async () => {
    const [header, , signature] = (await keys.sign()).split('.');
    const payload = base64url({ sub: 'someone-else', role: 'admin', iss: 'storefleet-identity', aud: 'storefleet', exp: Math.floor(Date.now() / 1000) + 600 });
    await expectRefused(`Bearer ${header}.${payload}.${signature}`, /invalid/);
  });

  it('refuses an unsigned token (alg none)', async () => {
    const header = base64url({ alg: 'none', typ: 'JWT' });
    const payload = base64url({ sub: 'x', role: 'admin', iss: 'storefleet-identity', aud: 'storefleet', exp: Math.floor(Date.now() / 1000) + 600 });
    await expectRefused(`Bearer ${header}.${payload}.`, /invalid/);
  });

  it('refuses a token signed by another key with the same key id', async () => {
    const impostor = await createKeys();
    await expectRefused(`Bearer ${await impostor.sign({ role: 'admin' })}`, /invalid/);
  });

  it('refuses a malformed Authorization header', async () => {
    await expectRefused('Basic dXNlcjpwYXNz', /Bearer/);
  });

  it('checks a token sent to a public route too', async () => {
    const bad = await send(url, 'GET', '/api/products', { headers: { authorization: 'Bearer not.a.token' } });
    expect(bad.status).toBe(401);
    const good = await send(url, 'GET', '/api/products', { headers: bearer(await keys.sign()) });
    expect(good.status).toBe(200);
    const anonymous = await send(url, 'GET', '/api/products');
    expect(anonymous.status).toBe(200);
  });
});

describe('gateway revocation checks', () => {
  const REVOKED_USER = 'b0b0b0b0-0000-4000-8000-00000000000a';
  const OTHER_USER = 'b0b0b0b0-0000-4000-8000-00000000000b';

  it('refuses at once a cached token whose user is revoked, and no other', async () => {
    const keys = await createKeys();
    const catalog = await startUpstream('catalog');
    const revocations = createSessionRevocations();
    const { gateway, url } = await startGateway({ IDENTITY_URLS: await deadUrl(), CATALOG_URLS: catalog.url }, { jwks: keys.jwks, revocations });
    try {
      const token = await keys.sign({}, { subject: REVOKED_USER });
      const other = await keys.sign({}, { subject: OTHER_USER });
      expect((await send(url, 'GET', '/api/products', { headers: bearer(token) })).status).toBe(200);
      expect((await send(url, 'GET', '/api/products', { headers: bearer(other) })).status).toBe(200);

      revocations.revoke(REVOKED_USER, Date.now() + 1);

      const refused = await send(url, 'GET', '/api/products', { headers: bearer(token) });
      expect(refused.status).toBe(401);
      expect(refused.headers['content-type']).toBe('application/problem+json');
      expect(refused.json.detail).toMatch(/revoked/);
      expect((await send(url, 'GET', '/api/products', { headers: bearer(other) })).status).toBe(200);
    } finally {
      await gateway.close();
      await catalog.close();
    }
  });

  it('loads the revocations made before it started from identity', async () => {
    const keys = await createKeys();
    const token = await keys.sign({}, { subject: REVOKED_USER });
    const other = await keys.sign({}, { subject: OTHER_USER });
    const json = (body: object) => (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const identity = await startUpstream('identity', {
      '/.well-known/jwks.json': json(keys.jwks),
      '/internal/sessions/revocations': json({ items: [{ user_id: REVOKED_USER, not_before: new Date(Date.now() + 1).toISOString() }] }),
    });
    const catalog = await startUpstream('catalog');
    // The gateway's own verifier, as `main` builds it: keys and revocations from identity.
    const gateway = await createGateway({ config: loadConfig(GatewayConfigSchema, { PORT: '0', IDENTITY_URLS: identity.url, CATALOG_URLS: catalog.url }), logLevel: 'silent' });
    const url = await gateway.listen(0, '127.0.0.1');
    try {
      await vi.waitFor(async () => expect((await send(url, 'GET', '/api/products', { headers: bearer(token) })).status).toBe(401));
      expect((await send(url, 'GET', '/api/products', { headers: bearer(other) })).status).toBe(200);
    } finally {
      await gateway.close();
      await identity.close();
      await catalog.close();
    }
  });

  it("takes identity's revocation list only when the answer is one, else from its next URL", async () => {
    const revocations = { items: [{ user_id: REVOKED_USER, not_before: new Date().toISOString() }] };
    const answering = (body: object) => ({ '/internal/sessions/revocations': (_req: IncomingMessage, res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)) });
    const malformed = await startUpstream('identity', answering({ items: [{ user_id: REVOKED_USER }] }));
    const sound = await startUpstream('identity', answering(revocations));
    try {
      await expect(revocationsFromIdentity([malformed.url])()).rejects.toThrow(/not a revocation list/);
      expect(await revocationsFromIdentity([malformed.url, sound.url])()).toEqual(revocations.items);
    } finally {
      await malformed.close();
      await sound.close();
    }
  });
});
