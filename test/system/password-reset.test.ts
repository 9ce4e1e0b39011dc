import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, eventDataErrors, type Db } from '@storefleet/kit';
import type { PasswordResetRequestedEventData } from '@storefleet/contracts';
import { eventually } from '../support/commerce.js';
import { useTestSystem } from '../support/system.js';

const ctx = useTestSystem();

// The test reads what notifications would mail from identity's outbox: the event, as published.
let identityDb: Db;
beforeAll(() => {
  identityDb = createDb({ url: ctx.system.databases.identity!, max: 2 });
});
afterAll(() => identityDb?.close());

/** The reset events identity wrote for `email`, oldest first. */
async function resetEvents(email: string): Promise<{ subject: string; data: PasswordResetRequestedEventData }[]> {
  const { rows } = await identityDb.query<{ subject: string; data: PasswordResetRequestedEventData }>(
    "SELECT subject, data FROM outbox WHERE type = 'user.password_reset_requested' AND data->>'email' = $1 ORDER BY position",
    [email],
  );
  return rows;
}

/** Asks for a reset link and answers the token the event carries. */
async function forgot(email: string): Promise<string> {
  const before = (await resetEvents(email)).length;
  expect((await ctx.api.post('/api/users/password/forgot', { email })).status).toBe(202);
  const events = await resetEvents(email);
  expect(events).toHaveLength(before + 1);
  return events.at(-1)!.data.token;
}

describe('password reset through the gateway', () => {
  it('answers forgot-password alike for an unknown and a known email, and mails (publishes) a token only for the known one', async () => {
    const customer = await ctx.api.registerAndLogin();
    const unknown = await ctx.api.post('/api/users/password/forgot', { email: 'nobody-here@example.com' });
    const known = await ctx.api.post('/api/users/password/forgot', { email: customer.email.toUpperCase() });

    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    expect(known.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
    expect(await resetEvents('nobody-here@example.com')).toEqual([]);

    const [event] = await resetEvents(customer.email);
    expect(event!.subject).toBe(customer.id);
    expect(event!.data).toEqual({ user_id: customer.id, email: customer.email, first_name: 'Ada', token: expect.any(String), expires_at: expect.any(String) });
    expect(eventDataErrors('user.password_reset_requested', event!.data)).toEqual([]);
    const validFor = Date.parse(event!.data.expires_at) - Date.now();
    expect(validFor).toBeGreaterThan(25 * 60_000);
    expect(validFor).toBeLessThanOrEqual(30 * 60_000);
    // Identity keeps the token's sha256 only.
    const { rows } = await identityDb.query<{ token_hash: Buffer }>('SELECT token_hash FROM password_resets WHERE user_id = $1', [customer.id]);
    expect(rows.map((r) => r.token_hash.toString('hex'))).toEqual([createHash('sha256').update(event!.data.token).digest('hex')]);
  });

  it('resets the password once with the token, ends every sign-in, and lets the new password sign in', async () => {
    const customer = await ctx.api.registerAndLogin();
    const signIn = await ctx.api.post('/api/users/login', { email: customer.email, password: customer.password });
    expect(signIn.status).toBe(200);
    const token = await forgot(customer.email);

    expect((await ctx.api.post('/api/users/password/reset', { token, password: 'a fresh passphrase' })).status).toBe(204);

    const again = await ctx.api.post('/api/users/password/reset', { token, password: 'another passphrase' });
    expect(again.status).toBe(400);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body.errors).toEqual([expect.objectContaining({ field: 'token' })]);

    expect((await ctx.api.post('/api/users/refresh', { refresh_token: signIn.body.refresh_token })).status).toBe(401);
    expect(await eventually(async () => (await ctx.api.get('/api/orders', signIn.body.access_token)).status, (s) => s !== 200)).toBe(401);
    expect((await ctx.api.post('/api/users/login', { email: customer.email, password: customer.password })).status).toBe(401);
    const newToken = await ctx.api.login(customer.email, 'a fresh passphrase');
    expect((await ctx.api.get('/api/users/me', newToken)).body).toMatchObject({ id: customer.id });
  });

  it('refuses an unknown or expired token, and a new password that breaks the rules of sign-up, naming the field', async () => {
    const customer = await ctx.api.registerAndLogin();
    const unknown = await ctx.api.post('/api/users/password/reset', { token: 'not-a-token-we-sent', password: 'a fresh passphrase' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'token' })]);

    const token = await forgot(customer.email);
    const short = await ctx.api.post('/api/users/password/reset', { token, password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
    const theEmail = await ctx.api.post('/api/users/password/reset', { token, password: customer.email });
    expect(theEmail.status).toBe(400);
    expect(theEmail.body.errors).toEqual([expect.objectContaining({ field: 'password', message: 'must not be the email address' })]);

    // Its 30 minutes are up (as if they had passed): the token no longer works, and the password is unchanged.
    await identityDb.query("UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE user_id = $1", [customer.id]);
    const expired = await ctx.api.post('/api/users/password/reset', { token, password: 'a fresh passphrase' });
    expect(expired.status).toBe(400);
    expect(expired.body.errors).toEqual([expect.objectContaining({ field: 'token' })]);
    expect((await ctx.api.post('/api/users/login', { email: customer.email, password: customer.password })).status).toBe(200);

    const badEmail = await ctx.api.post('/api/users/password/forgot', { email: 'not an email' });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.errors).toEqual([expect.objectContaining({ field: 'email' })]);
  });

  it('publishes no token for a deactivated account', async () => {
    const customer = await ctx.api.registerAndLogin();
    expect((await ctx.api.patch(`/api/users/${customer.id}`, { active: false }, ctx.adminToken)).status).toBe(200);
    expect((await ctx.api.post('/api/users/password/forgot', { email: customer.email })).status).toBe(202);
    expect(await resetEvents(customer.email)).toEqual([]);
  });
});
