import { createAuthHooks, createTokenVerifier, jwksUrlOf, type AuthHooks, type TokenVerifier } from './auth.js';
import { KIT_MIGRATIONS, type Db } from './db.js';
import { createOutbox, createRelay, type EventBus, type EventHandler, type Outbox, type Relay } from './events.js';
import { createService, type App } from './service.js';

export interface ServiceCoreOptions {
  /** The service's name: its logs, metrics and the `source` of its events. */
  name: string;
  description: string;
  db: Db;
  bus: EventBus;
  /** The service's own numbered .sql files, applied after the kit's. */
  migrations: string;
  /** Verifies tokens; by default against identity's key set at `identityUrls`. */
  verifier?: TokenVerifier;
  identityUrls?: string;
  logLevel?: string;
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
}

/**
 * The part every service's app shares: the Fastify app (ready when its database is migrated), its
 * migrations applied, an outbox relayed to the bus, auth hooks, and bus subscriptions ended on close.
 * @example const { app, outbox, auth } = await createServiceCore({ name: 'payments', description, db, bus, migrations: MIGRATIONS, identityUrls: config.IDENTITY_URLS })
 */
export async function createServiceCore(options: ServiceCoreOptions): Promise<ServiceCore> {
  const { db, bus } = options;
  const app = await createService({ name: options.name, description: options.description, ready: () => db.ready(), logLevel: options.logLevel });
  const log = app.log;
  await db.migrate([KIT_MIGRATIONS, options.migrations], log);
  const relay = createRelay({ db, bus, log });
  const unsubscribes: (() => void)[] = [];
  app.addHook('onClose', async () => {
    for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
    await relay.stop();
  });
  const verifier = options.verifier ?? createTokenVerifier({ jwksUrl: jwksUrlOf(options.identityUrls ?? '') });
  return {
    app,
    log,
    relay,
    outbox: createOutbox(options.name, relay.kick),
    auth: createAuthHooks(verifier),
    subscribe(group, types, handler) {
      unsubscribes.push(bus.subscribe(group, types, handler));
    },
  };
}
