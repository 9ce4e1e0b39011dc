import { createAuthHooks, createTokenVerifier, jwksUrlOf, type AuthHooks, type TokenVerifier } from './auth.js';
import { KIT_MIGRATIONS, type Db } from './db.js';
import type { EventBus } from './event-bus.js';
import { createOutbox, type Outbox } from './outbox.js';
import { createRelay, type Relay } from './relay.js';
import { parseUrls } from './http-client.js';
import { createService, type App } from './service.js';
import { createSessionRevocations, followSessionRevocations, revocationsFromIdentity } from './session-revocations.js';
import { createSubscriptions, type Subscriptions } from './subscriptions.js';

/** The settings the core reads from a service's config (DatabaseConfig and IdentityUrlsConfig give them). */
export interface ServiceCoreConfig {
  IDENTITY_URLS: string;
  /** Failures of one event in one subscriber group before it is parked as a dead letter (default 10). */
  EVENT_MAX_ATTEMPTS?: number;
  /** How long a subscriber group waits before it retries a failed event (default 30 s). */
  EVENT_RETRY_MS?: number;
}

/** What every service's `create<Name>App` takes: its config, its database, the bus. */
export interface ServiceAppOptions<C extends ServiceCoreConfig = ServiceCoreConfig> {
  config: C;
  db: Db;
  bus: EventBus;
  /**
   * Verifies tokens (embedded mode shares one per process, kept up to date by its launcher); by default
   * one of its own, against identity's JWKS at the first IDENTITY_URLS entry, refusing revoked tokens.
   */
  verifier?: TokenVerifier;
  logLevel?: string;
}

/** Who the service is. */
export interface ServiceIdentity {
  /** The service's name: its logs, metrics and the `source` of its events. */
  name: string;
  description: string;
  /** The service's own numbered .sql files, applied after the kit's. */
  migrations: string;
  /** The service's function files (see MigrateOptions.functions), applied after its migrations at every start. */
  functions?: string;
}

/** What every service with a database is built on. */
export interface ServiceCore extends Subscriptions {
  app: App;
  log: App['log'];
  /** Publishes the outbox; stops when the app closes. */
  relay: Relay;
  /** Events added here (inside a transaction) reach the bus once it commits. */
  outbox: Outbox;
  auth: AuthHooks;
}

/**
 * The part every service's app shares: the Fastify app (ready when its database is migrated), its
 * migrations applied, an outbox relayed to the bus, auth hooks, bus subscriptions ended on close, each
 * with its own retries and dead letters, and the admin routes of those (`/events/dead-letters`).
 * @example const { app, outbox, auth } = await createServiceCore(options, { name: 'payments', description, migrations: MIGRATIONS })
 */
export async function createServiceCore(options: ServiceAppOptions, service: ServiceIdentity): Promise<ServiceCore> {
  const { db, bus } = options;
  const app = await createService({ name: service.name, description: service.description, ready: () => db.ready(), logLevel: options.logLevel });
  const log = app.log;
  await db.migrate([KIT_MIGRATIONS, service.migrations], { functions: service.functions ? [service.functions] : [], log });
  const relay = createRelay({ db, bus, log });
  app.addHook('onClose', async () => relay.stop());
  let verifier = options.verifier;
  if (!verifier) {
    const revocations = createSessionRevocations();
    verifier = createTokenVerifier({ jwksUrl: jwksUrlOf(options.config.IDENTITY_URLS), revocations });
    const load = revocationsFromIdentity(parseUrls(options.config.IDENTITY_URLS));
    const stopFollowing = followSessionRevocations({ revocations, bus, load, log });
    app.addHook('onClose', async () => stopFollowing());
  }
  const auth = createAuthHooks(verifier);
  const subscriptions = await createSubscriptions({ app, db, bus, log, auth, config: options.config });
  return { app, log, relay, outbox: createOutbox(service.name, relay), auth, ...subscriptions };
}
