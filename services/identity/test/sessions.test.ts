import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createInProcessBus } from '@storefleet/kit';
import { createIdentityApp } from '../src/app.js';
import { bearer, login, newCustomer, register, signedInCustomer, startIdentity, ADMIN, type Identity } from './helpers.js';

let identity: Identity;
beforeAll(async () => {
  identity = await startIdentity({ LOGIN_MAX_FAILURES_PER_EMAIL: '3', LOGIN_MAX_FAILURES_PER_IP: '5' });
});
afterAll(async () => identity?.close());

const attempt = (email: string, password: string, ip: string) =>
  identity.app.inject({ method: 'POST', url: '/login', payload: { email, password }, headers: { 'x-forwarded-for': ip } });
const refresh = (token: string) => identity.app.inject({ method: 'POST', url: '/refresh', payload: { refresh_token: token } });

describe('sign-in', () => {
  it('answers a wrong password and an unknown email alike', async () => {
    const body = newCustomer();
    await register(identity.app, body);
    const wrong = await attempt(body.email, 'not the password', '198.51.100.1');
    const unknown = await attempt('nobody@example.com', 'not the password', '198.51.100.1');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
  });

  it('locks an email for a while after repeated failures, even with the right password', async () => {
    const body = newCustomer();
    await register(identity.app, body);
    for (let i = 0; i < 3; i++) expect((await attempt(body.email, 'wrong password', `198.51.100.${10 + i}`)).statusCode).toBe(401);
    const locked = await attempt(body.email, body.password, '198.51.100.20');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.json()).toMatchObject({ status: 429, title: 'Too many requests' });
    // Someone else is not affected.
    const other = await signedInCustomer(identity.app);
    expect(other.tokens.access_token).toBeTruthy();
  });

  it('limits one address trying many emails', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt(`spray${i}@example.com`, 'guess password', '192.0.2.50')).statusCode).toBe(401);
    const body = newCustomer();
    await register(identity.app, body);
    expect((await attempt(body.email, body.password, '192.0.2.50')).statusCode).toBe(429);
    expect((await attempt(body.email, body.password, '192.0.2.51')).statusCode).toBe(200);
  });
});

describe('refresh tokens', () => {
  it('rotate: each refresh answers a new pair and the new access token works', async () => {
    const { tokens } = await signedInCustomer(identity.app);
    const res = await refresh(tokens.refresh_token);
    expect(res.statusCode).toBe(200);
    const next = res.json();
    expect(next).toMatchObject({ token_type: 'bearer', expires_in: 900 });
    expect(next.refresh_token).not.toBe(tokens.refresh_token);
    expect((await identity.app.inject({ url: '/me', headers: bearer(next.access_token) })).statusCode).toBe(200);
    expect((await refresh(next.refresh_token)).statusCode).toBe(200);
  });

  it('are stored only as hashes', async () => {
    const { tokens } = await signedInCustomer(identity.app);
    const { rows } = await identity.db.query("SELECT count(*)::int AS n FROM refresh_tokens WHERE encode(token_hash, 'escape') LIKE '%' || $1 || '%'", [tokens.refresh_token]);
    expect(rows[0]?.n).toBe(0);
    const { rows: hashed } = await identity.db.query("SELECT count(*)::int AS n FROM refresh_tokens WHERE token_hash = sha256(convert_to($1, 'UTF8'))", [tokens.refresh_token]);
    expect(hashed[0]?.n).toBe(1);
  });

  it('reused after rotation, revoke the whole sign-in, including the newest token', async () => {
    const { tokens } = await signedInCustomer(identity.app);
    const second = (await refresh(tokens.refresh_token)).json();
    const third = (await refresh(second.refresh_token)).json();
    const replay = await refresh(tokens.refresh_token);
    expect(replay.statusCode).toBe(401);
    expect((await refresh(third.refresh_token)).statusCode).toBe(401);
  });

  it('leave other sign-ins of the same user alone when one family is revoked', async () => {
    const body = newCustomer();
    await register(identity.app, body);
    const phone = await login(identity.app, body.email, body.password);
    const laptop = await login(identity.app, body.email, body.password);
    await refresh(phone.refresh_token);
    await refresh(phone.refresh_token); // reuse ends the phone's family
    expect((await refresh(laptop.refresh_token)).statusCode).toBe(200);
  });

  it('refuse a made-up token', async () => {
    const res = await refresh('not-a-real-token');
    expect(res.statusCode).toBe(401);
    expect((await identity.app.inject({ method: 'POST', url: '/refresh', payload: {} })).statusCode).toBe(400);
  });
});

describe('sign-out', () => {
  it('revokes the sign-in: neither the token nor its successors refresh', async () => {
    const { tokens } = await signedInCustomer(identity.app);
    const next = (await refresh(tokens.refresh_token)).json();
    const out = await identity.app.inject({ method: 'POST', url: '/logout', payload: { refresh_token: next.refresh_token } });
    expect(out.statusCode).toBe(204);
    expect(out.body).toBe('');
    expect((await refresh(next.refresh_token)).statusCode).toBe(401);
  });

  it('refuses the access tokens issued before it, announces it once, and lists it for verifiers that start later', async () => {
    const { user, tokens } = await signedInCustomer(identity.app);
    expect((await identity.app.inject({ url: '/me', headers: bearer(tokens.access_token) })).statusCode).toBe(200);
    expect((await identity.app.inject({ method: 'POST', url: '/logout', payload: { refresh_token: tokens.refresh_token } })).statusCode).toBe(204);
    await vi.waitFor(async () => expect((await identity.app.inject({ url: '/me', headers: bearer(tokens.access_token) })).statusCode).toBe(401), { timeout: 10_000 });

    const announced = identity.events.filter((e) => e.type === 'user.sessions_revoked' && e.subject === user.id);
    expect(announced).toHaveLength(1);
    const notBefore = (announced[0]!.data as { not_before: string }).not_before;
    const listed = await identity.app.inject({ url: '/internal/sessions/revocations' });
    expect(listed.json().items).toContainEqual({ user_id: user.id, not_before: notBefore });

    // Signing out again changes nothing: a later sign-in keeps working.
    const again = await login(identity.app, user.email, 'a decent password');
    await identity.app.inject({ method: 'POST', url: '/logout', payload: { refresh_token: tokens.refresh_token } });
    expect((await identity.app.inject({ url: '/me', headers: bearer(again.access_token) })).statusCode).toBe(200);
    expect(identity.events.filter((e) => e.type === 'user.sessions_revoked' && e.subject === user.id)).toHaveLength(1);

    // A replica starting now learns the revocation from the database, with no event to hear.
    const replica = await createIdentityApp({ config: identity.config, db: identity.db, bus: createInProcessBus(), logLevel: 'silent' });
    try {
      await vi.waitFor(async () => expect((await replica.inject({ url: '/me', headers: bearer(tokens.access_token) })).statusCode).toBe(401), { timeout: 10_000 });
      expect((await replica.inject({ url: '/me', headers: bearer(again.access_token) })).statusCode).toBe(200);
    } finally {
      await replica.close();
    }
  });

  it('answers 204 for an unknown token, revealing nothing', async () => {
    const out = await identity.app.inject({ method: 'POST', url: '/logout', payload: { refresh_token: 'whatever' } });
    expect(out.statusCode).toBe(204);
  });
});

describe('deactivated accounts', () => {
  it('cannot sign in or refresh', async () => {
    const { user, password, tokens } = await signedInCustomer(identity.app);
    const admin = await login(identity.app, ADMIN.email, ADMIN.password, '192.0.2.200');
    const off = await identity.app.inject({ method: 'PATCH', url: `/${user.id}`, headers: bearer(admin.access_token), payload: { active: false } });
    expect(off.statusCode).toBe(200);
    const res = await attempt(user.email, password, '192.0.2.201');
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toMatch(/deactivated/);
    expect((await refresh(tokens.refresh_token)).statusCode).toBe(401);
    expect((await identity.app.inject({ url: '/me', headers: bearer(tokens.access_token) })).statusCode).toBe(401);
  });
});
