import { loadConfig, type App, type Db, type EventBus, type EventEnvelope } from '@storefleet/kit';
import type { TokenPair, User } from '@storefleet/contracts';
import { serviceUnderTest } from '../../../test/support/service-under-test.js';
import { createIdentityApp, IdentityConfigSchema, type IdentityConfig } from '../src/app.js';

export const ADMIN = { email: 'admin@storefleet.test', password: 'admin password 1' };

export interface Identity {
  app: App;
  db: Db;
  bus: EventBus;
  config: IdentityConfig;
  /** Every event the service published, in order. */
  events: EventEnvelope[];
  close(): Promise<void>;
}

/** The identity service on a fresh database, driven through app.inject. */
export async function startIdentity(env: Record<string, string> = {}): Promise<Identity> {
  const service = await serviceUnderTest({ database: 'identity', record: ['user.*'], maxConnections: 5 });
  const { db, bus, url, events } = service;
  const config = loadConfig(IdentityConfigSchema, { DATABASE_URL: url, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...env });
  return {
    app: await service.own(createIdentityApp({ config, db, bus, logLevel: 'silent' })),
    db, bus, config, events,
    close: service.close,
  };
}

let counter = 0;
/** A unique, valid sign-up. */
export function newCustomer(overrides: Partial<{ email: string; password: string; first_name: string; last_name: string }> = {}) {
  counter++;
  return { email: `customer${counter}-${Date.now()}@example.com`, password: 'a decent password', first_name: 'Ann', last_name: `Lee${counter}`, ...overrides };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function register(app: App, body: ReturnType<typeof newCustomer>): Promise<User> {
  const res = await app.inject({ method: 'POST', url: '/register', payload: body });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function login(app: App, email: string, password: string, ip = '203.0.113.1'): Promise<TokenPair> {
  const res = await app.inject({ method: 'POST', url: '/login', payload: { email, password }, headers: { 'x-forwarded-for': ip } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Registers a customer and signs them in. */
export async function signedInCustomer(app: App, overrides: Parameters<typeof newCustomer>[0] = {}) {
  const body = newCustomer(overrides);
  const user = await register(app, body);
  const tokens = await login(app, body.email, body.password);
  return { user, password: body.password, tokens };
}
