import { describe, expect, it } from 'vitest';
import { eventually } from '../support/commerce.js';
import { useTestSystem } from '../support/system.js';

const ctx = useTestSystem();

/** The status a request with `token` gets, once it is no longer `from` (what the revocation changes). */
const statusOnceNot = (from: number, request: () => Promise<{ status: number }>) =>
  eventually(async () => (await request()).status, (status) => status !== from);

/** A service's own answer, without the gateway in front: each service verifies tokens too. */
async function direct(service: string, path: string, token: string): Promise<number> {
  const response = await fetch(`${ctx.system.urls[service]}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return response.status;
}

describe('revoked access tokens', () => {
  it("refuses a demoted admin's old token on admin routes at the gateway and at the services; a refresh gives a customer token", async () => {
    const colleague = await ctx.api.registerAndLogin();
    expect((await ctx.api.patch(`/api/users/${colleague.id}`, { role: 'admin' }, ctx.adminToken)).status).toBe(200);
    const login = await ctx.api.post('/api/users/login', { email: colleague.email, password: colleague.password });
    const oldToken: string = login.body.access_token;
    expect((await ctx.api.get('/api/inventory?limit=1', oldToken)).status).toBe(200);
    expect((await ctx.api.get('/api/orders', oldToken)).status).toBe(200);
    expect(await direct('inventory', '/inventory?limit=1', oldToken)).toBe(200);

    expect((await ctx.api.patch(`/api/users/${colleague.id}`, { role: 'customer' }, ctx.adminToken)).status).toBe(200);

    expect(await statusOnceNot(200, () => ctx.api.get('/api/inventory?limit=1', oldToken))).toBe(401);
    const refused = await ctx.api.get('/api/orders', oldToken);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.detail).toMatch(/revoked/);
    expect(await direct('inventory', '/inventory?limit=1', oldToken)).toBe(401);
    expect(await direct('payments', '/payments', oldToken)).toBe(401);

    const refreshed = await ctx.api.post('/api/users/refresh', { refresh_token: login.body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect((await ctx.api.get('/api/inventory?limit=1', refreshed.body.access_token)).status).toBe(403);
    expect((await ctx.api.get('/api/users/me', refreshed.body.access_token)).body.role).toBe('customer');
  });

  it('refuses an access token after its sign-in logs out', async () => {
    const customer = await ctx.api.registerAndLogin();
    const login = await ctx.api.post('/api/users/login', { email: customer.email, password: customer.password });
    const token: string = login.body.access_token;
    expect((await ctx.api.get('/api/orders', token)).status).toBe(200);

    expect((await ctx.api.post('/api/users/logout', { refresh_token: login.body.refresh_token })).status).toBe(204);

    expect(await statusOnceNot(200, () => ctx.api.get('/api/orders', token))).toBe(401);
    expect((await ctx.api.get('/api/users/me', token)).status).toBe(401);
    expect(await direct('orders', '/orders', token)).toBe(401);
  });

  it("refuses a deactivated user's token, and a deleted user's", async () => {
    const deactivated = await ctx.api.registerAndLogin();
    const deleted = await ctx.api.registerAndLogin();
    expect((await ctx.api.get('/api/orders', deactivated.token)).status).toBe(200);
    expect((await ctx.api.get('/api/orders', deleted.token)).status).toBe(200);

    expect((await ctx.api.patch(`/api/users/${deactivated.id}`, { active: false }, ctx.adminToken)).status).toBe(200);
    expect((await ctx.api.delete(`/api/users/${deleted.id}`, ctx.adminToken)).status).toBe(204);

    expect(await statusOnceNot(200, () => ctx.api.get('/api/orders', deactivated.token))).toBe(401);
    expect(await statusOnceNot(200, () => ctx.api.get('/api/orders', deleted.token))).toBe(401);
    expect(await direct('orders', '/orders', deactivated.token)).toBe(401);
  });

  it('refuses the token from before a password change and accepts the one from the sign-in right after it', async () => {
    const customer = await ctx.api.registerAndLogin();
    expect((await ctx.api.get('/api/orders', customer.token)).status).toBe(200);

    const changed = await ctx.api.patch('/api/users/me', { password: 'a brand new passphrase', current_password: customer.password }, customer.token);
    expect(changed.status).toBe(200);
    // Within the same second as the change, most likely: `iat` alone could not tell the two tokens apart.
    const newToken = await ctx.api.login(customer.email, 'a brand new passphrase');

    expect(await statusOnceNot(200, () => ctx.api.get('/api/orders', customer.token))).toBe(401);
    expect((await ctx.api.get('/api/orders', newToken)).status).toBe(200);
    expect((await ctx.api.get('/api/users/me', newToken)).status).toBe(200);
    expect(await direct('orders', '/orders', newToken)).toBe(200);
  });

  it("leaves other users' tokens alone", async () => {
    const bystander = await ctx.api.registerAndLogin();
    const leaving = await ctx.api.registerAndLogin();
    const login = await ctx.api.post('/api/users/login', { email: leaving.email, password: leaving.password });
    await ctx.api.post('/api/users/logout', { refresh_token: login.body.refresh_token });
    expect(await statusOnceNot(200, () => ctx.api.get('/api/orders', leaving.token))).toBe(401);
    expect((await ctx.api.get('/api/orders', bystander.token)).status).toBe(200);
  });
});
