import { createAuthHooks, createTokenVerifier, jwksUrlOf, type AuthHooks, type TokenVerifier } from './auth.js';
import { KIT_MIGRATIONS, type Db } from './db.js';
import { createOutbox, createRelay, type EventBus, type EventBatchHandler, type EventHandler, type Outbox, type Relay } from './events.js';
import { parseUrls } from './http-client.js';
import { createService, type App } from './service.js';
import { createSessionRevocations, followSessionRevocations, revocationGroupOf, revocationsFromIdentity } from './session-revocations.js';

/** What every service's `create<Name>App` takes: its config, its database, the bus. */
export interface ServiceAppOptions<C extends { IDENTITY_URLS: string } = { IDENTITY_URLS: string }> {
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
}

/** What every service with a database is built on. */
export interface ServiceCore {
  app: App;
  log: App['log'];
  /** Publishes the outbox; stops when the app closes. */
  relay: Relay;
  /** Events added here (inside a transaction) reach the bus once it commits. */
  outbox: Outbox;
  auth: AuthHooks;
  /** Subscribes to the bus for as long as the app runs. */
  subscribe(group: string, types: string[], handler: EventHandler): void;
  /** Subscribes a handler of many events at once (see EventBus.subscribeBatch) for as long as the app runs. */
  subscribeBatch(group: string, types: string[], handler: EventBatchHandler): void;
}

/**
 * The part every service's app shares: the Fastify app (ready when its database is migrated), its
 * migrations applied, an outbox relayed to the bus, auth hooks, and bus subscriptions ended on close.
 * @example const { app, outbox, auth } = await createServiceCore(options, { name: 'payments', description, migrations: MIGRATIONS })
 */
export async function createServiceCore(options: ServiceAppOptions, service: ServiceIdentity): Promise<ServiceCore> {
  const { db, bus } = options;
  const app = await createService({ name: service.name, description: service.description, ready: () => db.ready(), logLevel: options.logLevel });
  const log = app.log;
  await db.migrate([KIT_MIGRATIONS, service.migrations], log);
  const relay = createRelay({ db, bus, log });
  const unsubscribes: (() => void)[] = [];
  app.addHook('onClose', async () => {
    for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
    await relay.stop();
  });
  let verifier = options.verifier;
  if (!verifier) {
    const revocations = createSessionRevocations();
    verifier = createTokenVerifier({ jwksUrl: jwksUrlOf(options.config.IDENTITY_URLS), revocations });
    const load = revocationsFromIdentity(parseUrls(options.config.IDENTITY_URLS));
    unsubscribes.push(followSessionRevocations({ revocations, bus: { bus, group: revocationGroupOf(service.name) }, load, log }));
  }
  return {
    app,
    log,
    relay,
    outbox: createOutbox(service.name, relay),
    auth: createAuthHooks(verifier),
    subscribeBatch(group, types, handler) {
      unsubscribes.push(bus.subscribeBatch(group, types, handler));
    },
    subscribe(group, types, handler) {
      unsubscribes.push(bus.subscribe(group, types, handler));
    },
  };
}
