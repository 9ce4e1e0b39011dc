import { afterAll, describe, expect, it } from 'vitest';
import { KIT_MIGRATIONS, createDatabase, createDb, createInProcessBus, createOutbox, loadConfig, type App, type Db } from '@storefleet/kit';
import { inject } from 'vitest';
import { createIdentityApp, IdentityConfigSchema, MIGRATIONS_DIR } from '../src/app.js';
import { createPasswordHasher } from '../src/crypto/passwords.js';
import { bootstrapAdmin } from '../src/operations/bootstrap-admin.js';
import { createUsersStore } from '../src/store/users-store.js';
import { ADMIN, bearer, login } from './helpers.js';

const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const thing of opened.reverse()) await thing.close();
});

async function freshDb(): Promise<{ url: string; db: Db }> {
  const url = await createDatabase(inject('postgresAdminUrl'), 'identity_boot');
  const db = createDb({ url, max: 3 });
  opened.push(db);
  return { url, db };
}

async function replica(url: string, env: Record<string, string> = {}): Promise<App> {
  const db = createDb({ url, max: 3 });
  const config = loadConfig(IdentityConfigSchema, { DATABASE_URL: url, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...env });
  const app = await createIdentityApp({ config, db, bus: createInProcessBus(), logLevel: 'silent' });
  opened.push(db, app);
  return app;
}

const jwksOf = async (app: App) => (await app.inject({ url: '/.well-known/jwks.json' })).json();

describe('first start', () => {
  it('with two replicas at once makes one signing key and one admin, and each accepts the other\'s tokens', async () => {
    const { url, db } = await freshDb();
    const [a, b] = await Promise.all([replica(url), replica(url)]);
    expect((await db.query('SELECT count(*)::int AS n FROM signing_keys')).rows[0]?.n).toBe(1);
    expect((await db.query("SELECT count(*)::int AS n FROM users WHERE role = 'admin'")).rows[0]?.n).toBe(1);
    expect(await jwksOf(a)).toEqual(await jwksOf(b));
    const tokens = await login(a, ADMIN.email, ADMIN.password);
    expect((await b.inject({ url: '/', headers: bearer(tokens.access_token) })).statusCode).toBe(200);
  });

  it('is not repeated by a restart: same key, earlier tokens still valid', async () => {
    const { url } = await freshDb();
    const first = await replica(url);
    const tokens = await login(first, ADMIN.email, ADMIN.password);
    await first.close();
    const second = await replica(url, { ADMIN_PASSWORD: 'another password' });
    expect((await second.inject({ url: '/me', headers: bearer(tokens.access_token) })).statusCode).toBe(200);
    // The admin already exists, so a changed ADMIN_PASSWORD does not reset it.
    await expect(login(second, ADMIN.email, 'another password')).rejects.toThrow(/401/);
  });

  it('without ADMIN_PASSWORD generates one and shows it once, in a warning', async () => {
    const { url, db } = await freshDb();
    await db.migrate([KIT_MIGRATIONS, MIGRATIONS_DIR]);
    const warnings: string[] = [];
    const log = { warn: (_: object, msg: string) => void warnings.push(msg), info: () => undefined };
    const deps = { db, users: createUsersStore(db), hasher: createPasswordHasher(), outbox: createOutbox('identity'), log, email: 'Boss@Storefleet.local' };
    expect(await bootstrapAdmin(deps)).toEqual({ created: true });
    expect(await bootstrapAdmin(deps)).toEqual({ created: false });
    expect(warnings).toHaveLength(1);
    const password = /generated password (\S+)/.exec(warnings[0]!)?.[1];
    expect(password).toBeDefined();

    const app = await replica(url, { ADMIN_EMAIL: 'boss@storefleet.local', ADMIN_PASSWORD: '' });
    const tokens = await login(app, 'boss@storefleet.local', password!);
    const me = await app.inject({ url: '/me', headers: bearer(tokens.access_token) });
    expect(me.json()).toMatchObject({ email: 'boss@storefleet.local', role: 'admin' });
  });

  it('refuses to start when ADMIN_EMAIL belongs to a customer', async () => {
    const { url, db } = await freshDb();
    await db.migrate([KIT_MIGRATIONS, MIGRATIONS_DIR]);
    await createUsersStore(db).insert({ email: ADMIN.email, password_hash: 'x', first_name: 'A', last_name: 'B', role: 'customer' });
    await expect(replica(url)).rejects.toThrow(/ADMIN_EMAIL/);
  });
});

describe('configuration', () => {
  it('names the variable that is wrong', () => {
    expect(() => loadConfig(IdentityConfigSchema, { ADMIN_EMAIL: 'nobody' })).toThrow(/ADMIN_EMAIL="nobody" is invalid/);
    expect(() => loadConfig(IdentityConfigSchema, { DATABASE_URL: 'postgres://x/y', ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD/);
    expect(loadConfig(IdentityConfigSchema, { DATABASE_URL: 'postgres://x/y' })).toMatchObject({
      PORT: 4001, HOST: '127.0.0.1', ADMIN_EMAIL: 'admin@storefleet.local', ACCESS_TOKEN_TTL: 900, REFRESH_TOKEN_TTL: 2_592_000,
    });
  });
});
