import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TokenPair, User } from '@storefleet/contracts';
import { ADMIN, bearer, login, newCustomer, register, signedInCustomer, startIdentity, type Identity } from './helpers.js';

let identity: Identity;
let admin: TokenPair;
let adminId: string;
const people: User[] = [];

beforeAll(async () => {
  identity = await startIdentity();
  admin = await login(identity.app, ADMIN.email, ADMIN.password);
  adminId = (await identity.app.inject({ url: '/me', headers: bearer(admin.access_token) })).json().id;
  for (const [first, last] of [['Zoë', 'Quartz'], ['Quentin', 'Blake'], ['Mia', 'Quartz'], ['Leo', 'Stone'], ['Ivy', 'Quartz']]) {
    people.push(await register(identity.app, newCustomer({ first_name: first!, last_name: last!, email: `${first!.toLowerCase().normalize("NFD").replace(/[^a-z]/g, "")}.${last!.toLowerCase()}@shop.test` })));
  }
});
afterAll(async () => identity?.close());

const asAdmin = (method: 'GET' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  identity.app.inject({ method, url, headers: bearer(admin.access_token), ...(payload ? { payload } : {}) });

describe('admin user list', () => {
  it('pages through every account, newest first', async () => {
    const first = (await asAdmin('GET', '/?limit=2')).json();
    expect(first).toMatchObject({ page: 1, limit: 2, total: 6 });
    expect(first.items.map((u: User) => u.id)).toEqual([people[4]!.id, people[3]!.id]);
    const last = (await asAdmin('GET', '/?limit=2&page=3')).json();
    expect(last.items.map((u: User) => u.email)).toEqual([people[0]!.email, ADMIN.email]);
    expect((await asAdmin('GET', '/?limit=2&page=9')).json()).toMatchObject({ items: [], total: 6 });
    expect(JSON.stringify(first)).not.toMatch(/password|argon2/);
  });

  it('searches email and names, case-insensitively, and filters by role and state', async () => {
    const quartz = (await asAdmin('GET', '/?q=QUARTZ')).json();
    expect(quartz.total).toBe(3);
    expect((await asAdmin('GET', '/?q=quentin')).json().items.map((u: User) => u.first_name)).toEqual(['Quentin']);
    expect((await asAdmin('GET', '/?q=mia%20quartz')).json().total).toBe(1);
    expect((await asAdmin('GET', '/?q=%25')).json().total).toBe(0);
    expect((await asAdmin('GET', '/?role=admin')).json().items.map((u: User) => u.email)).toEqual([ADMIN.email]);
    expect((await asAdmin('GET', '/?active=false')).json().total).toBe(0);
  });

  it('names an invalid query parameter', async () => {
    const res = await asAdmin('GET', '/?limit=1000&role=root');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['limit', 'role']));
  });
});

describe('admin user changes', () => {
  it('reads one account, 404 for an unknown id and 400 for a malformed one', async () => {
    expect((await asAdmin('GET', `/${people[1]!.id}`)).json()).toEqual(people[1]);
    expect((await asAdmin('GET', '/6f1c1f8e-2c55-4a53-9d1e-7f6a0b3b9e10')).statusCode).toBe(404);
    const bad = await asAdmin('GET', '/12345');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('id');
    expect((await asAdmin('PATCH', '/6f1c1f8e-2c55-4a53-9d1e-7f6a0b3b9e10', { first_name: 'X' })).statusCode).toBe(404);
    expect((await asAdmin('DELETE', '/6f1c1f8e-2c55-4a53-9d1e-7f6a0b3b9e10')).statusCode).toBe(404);
  });

  it('promotes a customer, who then reaches admin routes after refreshing', async () => {
    const { user, tokens } = await signedInCustomer(identity.app);
    const res = await asAdmin('PATCH', `/${user.id}`, { role: 'admin', first_name: 'Promoted' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'admin', first_name: 'Promoted' });
    const next = (await identity.app.inject({ method: 'POST', url: '/refresh', payload: { refresh_token: tokens.refresh_token } })).json();
    expect((await identity.app.inject({ url: '/', headers: bearer(next.access_token) })).statusCode).toBe(200);
    await vi.waitFor(() => expect(identity.events.find((e) => e.type === 'user.updated' && e.subject === user.id)).toMatchObject({
      data: { role: 'admin', changed: ['first_name', 'role'] },
    }), { timeout: 10_000 });
  });

  it('stops honouring an admin token as soon as the account is demoted, and then refuses it as revoked', async () => {
    const { user, tokens } = await signedInCustomer(identity.app);
    await asAdmin('PATCH', `/${user.id}`, { role: 'admin' });
    const promoted = (await identity.app.inject({ method: 'POST', url: '/refresh', payload: { refresh_token: tokens.refresh_token } })).json();
    await asAdmin('PATCH', `/${user.id}`, { role: 'customer' });
    // At once the account's role refuses it (403); once user.sessions_revoked is handled, the token itself (401).
    expect([401, 403]).toContain((await identity.app.inject({ url: '/', headers: bearer(promoted.access_token) })).statusCode);
    await vi.waitFor(async () => expect((await identity.app.inject({ url: '/', headers: bearer(promoted.access_token) })).statusCode).toBe(401), { timeout: 10_000 });
    expect(identity.events.find((e) => e.type === 'user.sessions_revoked' && e.subject === user.id)?.data).toMatchObject({ user_id: user.id });
  });

  it('deactivates an account: it cannot sign in, and reactivating lets it back', async () => {
    const body = newCustomer();
    const user = await register(identity.app, body);
    expect((await asAdmin('PATCH', `/${user.id}`, { active: false })).json().active).toBe(false);
    expect((await asAdmin('GET', '/?active=false')).json().items.map((u: User) => u.id)).toContain(user.id);
    await expect(login(identity.app, body.email, body.password)).rejects.toThrow(/403/);
    await asAdmin('PATCH', `/${user.id}`, { active: true });
    await login(identity.app, body.email, body.password);
  });

  it('soft-deletes an account: kept for history, signed out, unable to sign in', async () => {
    const { user, password, tokens } = await signedInCustomer(identity.app);
    const res = await asAdmin('DELETE', `/${user.id}`);
    expect(res.statusCode).toBe(204);
    const after = (await asAdmin('GET', `/${user.id}`)).json();
    expect(after.active).toBe(false);
    expect(after.deleted_at).toEqual(expect.any(String));
    expect((await identity.app.inject({ method: 'POST', url: '/refresh', payload: { refresh_token: tokens.refresh_token } })).statusCode).toBe(401);
    await expect(login(identity.app, user.email, password)).rejects.toThrow(/403/);
    expect((await asAdmin('DELETE', `/${user.id}`)).statusCode).toBe(204);
    await vi.waitFor(() => expect(identity.events.filter((e) => e.type === 'user.deleted' && e.subject === user.id)).toHaveLength(1), { timeout: 10_000 });
  });

  it('keeps an admin from demoting, deactivating or deleting themselves', async () => {
    expect((await asAdmin('PATCH', `/${adminId}`, { role: 'customer' })).statusCode).toBe(409);
    expect((await asAdmin('PATCH', `/${adminId}`, { active: false })).statusCode).toBe(409);
    expect((await asAdmin('DELETE', `/${adminId}`)).statusCode).toBe(409);
  });
});

describe('admin routes refuse', () => {
  it('customers with 403 and anonymous callers with 401', async () => {
    const { tokens } = await signedInCustomer(identity.app);
    for (const [method, url] of [['GET', '/'], ['GET', `/${people[0]!.id}`], ['PATCH', `/${people[0]!.id}`], ['DELETE', `/${people[0]!.id}`]] as const) {
      const payload = method === 'PATCH' ? { role: 'admin' } : undefined;
      expect((await identity.app.inject({ method, url, headers: bearer(tokens.access_token), ...(payload ? { payload } : {}) })).statusCode).toBe(403);
      expect((await identity.app.inject({ method, url, ...(payload ? { payload } : {}) })).statusCode).toBe(401);
    }
    expect((await asAdmin('GET', `/${people[0]!.id}`)).json().role).toBe('customer');
  });
});
