import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bearer, login, newCustomer, register, signedInCustomer, startIdentity, type Identity } from './helpers.js';

let identity: Identity;
beforeAll(async () => {
  identity = await startIdentity();
});
afterAll(async () => identity?.close());

describe('sign-up and own account', () => {
  it('registers, signs in and shows the account', async () => {
    const body = newCustomer({ email: 'Jane.Doe@Example.COM', first_name: ' Jane ' });
    const res = await identity.app.inject({ method: 'POST', url: '/register', payload: body });
    expect(res.statusCode).toBe(201);
    const user = res.json();
    expect(user).toMatchObject({ email: 'jane.doe@example.com', first_name: 'Jane', role: 'customer', active: true, deleted_at: null });
    expect(JSON.stringify(user)).not.toMatch(/password|argon2/);

    const tokens = await login(identity.app, 'JANE.DOE@example.com', body.password);
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 900 });
    const me = await identity.app.inject({ url: '/me', headers: bearer(tokens.access_token) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(user);
  });

  it('ignores a role sent with the sign-up', async () => {
    const body = { ...newCustomer(), role: 'admin' };
    const res = await identity.app.inject({ method: 'POST', url: '/register', payload: body });
    expect(res.statusCode).toBe(201);
    expect(res.json().role).toBe('customer');
    const tokens = await login(identity.app, body.email, body.password);
    const admin = await identity.app.inject({ url: '/', headers: bearer(tokens.access_token) });
    expect(admin.statusCode).toBe(403);
  });

  it('refuses a second account for the same email, whatever its case', async () => {
    const body = newCustomer();
    await register(identity.app, body);
    const res = await identity.app.inject({ method: 'POST', url: '/register', payload: { ...body, email: body.email.toUpperCase() } });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors).toEqual([{ field: 'email', message: 'is already registered' }]);
  });

  it('names the invalid fields of a sign-up', async () => {
    const res = await identity.app.inject({ method: 'POST', url: '/register', payload: { email: 'not-an-email', password: 'short', first_name: 'A' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'last_name', 'password']);

    const blank = await identity.app.inject({ method: 'POST', url: '/register', payload: newCustomer({ first_name: '   ', password: '        ' }) });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['first_name', 'password']);
  });

  it('announces a new account without any secret', async () => {
    const body = newCustomer();
    const user = await register(identity.app, body);
    await vi.waitFor(() => expect(identity.events.find((e) => e.subject === user.id)).toBeDefined(), { timeout: 10_000 });
    const event = identity.events.find((e) => e.subject === user.id)!;
    expect(event).toMatchObject({ type: 'user.registered', source: 'identity', data: { id: user.id, email: body.email, role: 'customer' } });
    expect(JSON.stringify(event)).not.toMatch(/password|argon2|hash/);
  });

  it('changes names, and the password only with the current one', async () => {
    const { tokens, password, user } = await signedInCustomer(identity.app);
    const auth = bearer(tokens.access_token);
    const renamed = await identity.app.inject({ method: 'PATCH', url: '/me', headers: auth, payload: { last_name: 'Smith' } });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ last_name: 'Smith', first_name: 'Ann' });

    const missing = await identity.app.inject({ method: 'PATCH', url: '/me', headers: auth, payload: { password: 'a brand new password' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('current_password');

    const wrong = await identity.app.inject({ method: 'PATCH', url: '/me', headers: auth, payload: { password: 'a brand new password', current_password: 'not it at all' } });
    expect(wrong.statusCode).toBe(403);

    const changed = await identity.app.inject({ method: 'PATCH', url: '/me', headers: auth, payload: { password: 'a brand new password', current_password: password } });
    expect(changed.statusCode).toBe(200);
    await expect(login(identity.app, user.email, password)).rejects.toThrow(/401/);
    await login(identity.app, user.email, 'a brand new password');
    // The sign-in made with the old password is over.
    const refresh = await identity.app.inject({ method: 'POST', url: '/refresh', payload: { refresh_token: tokens.refresh_token } });
    expect(refresh.statusCode).toBe(401);
  });

  it('refuses own-account routes without a token', async () => {
    expect((await identity.app.inject({ url: '/me' })).statusCode).toBe(401);
    expect((await identity.app.inject({ method: 'PATCH', url: '/me', payload: { first_name: 'X' } })).statusCode).toBe(401);
  });
});
