import type { EventBus, Db, TokenVerifier, App } from '@storefleet/kit';
import { AppError, loadConfig } from '@storefleet/kit';
import { IdentityConfigSchema, createIdentityApp, MIGRATIONS_DIR as IDENTITY_MIGRATIONS } from '@storefleet/identity';
import { CatalogConfigSchema, createCatalogApp, MIGRATIONS as CATALOG_MIGRATIONS } from '@storefleet/catalog';
import { InventoryConfigSchema, createInventoryApp, MIGRATIONS as INVENTORY_MIGRATIONS } from '@storefleet/inventory';
import { OrdersConfigSchema, createOrdersApp, MIGRATIONS as ORDERS_MIGRATIONS } from '@storefleet/orders';
import { PaymentsConfigSchema, createPaymentsApp, MIGRATIONS as PAYMENTS_MIGRATIONS } from '@storefleet/payments';
import { NotificationsConfigSchema, createNotificationsApp, MIGRATIONS as NOTIFICATIONS_MIGRATIONS } from '@storefleet/notifications';
import { WarrantiesConfigSchema, createWarrantiesApp, MIGRATIONS as WARRANTIES_MIGRATIONS } from '@storefleet/warranties';

export interface ServiceDeps {
  /** The environment this service sees: the process's, plus its own PORT, HOST, DATABASE_URL and upstream URLs. */
  env: Record<string, string | undefined>;
  db: Db;
  bus: EventBus;
  verifier: TokenVerifier;
  logLevel?: string;
  /** The running app of another service of this process (undefined while it is stopped). */
  appOf(name: string): App | undefined;
}

export interface ServiceEntry {
  name: string;
  defaultPort: number;
  /** Its numbered .sql files (after the kit's): what a restore applies before loading data. */
  migrations: string;
  create(deps: ServiceDeps): Promise<App>;
}

/**
 * In one process a saga crash point (SAGA_CRASH_AFTER) cannot kill the process: the saga stops
 * where it is, uncompensated, exactly as a killed process would leave it, and the caller gets 503.
 */
function simulatedCrash(point: string): never {
  throw new AppError('unavailable', `orders stopped after the ${point} step (SAGA_CRASH_AFTER fault injection)`);
}

/**
 * Every back-office service, in start order (orders resumes sagas at start, so it comes last); the gateway
 * is started after them. Notifications comes first: on the in-process bus an event published before a
 * group subscribes never reaches it, and it must see every event (the admin identity creates at its start).
 */
export const SERVICES: ServiceEntry[] = [
  {
    name: 'notifications',
    migrations: NOTIFICATIONS_MIGRATIONS,
    defaultPort: 4006,
    create: ({ env, db, bus, verifier, logLevel }) => createNotificationsApp({ config: loadConfig(NotificationsConfigSchema, env), db, bus, verifier, logLevel }),
  },
  {
    name: 'identity',
    migrations: IDENTITY_MIGRATIONS,
    defaultPort: 4001,
    create: ({ env, db, bus, logLevel }) => createIdentityApp({ config: loadConfig(IdentityConfigSchema, env), db, bus, logLevel }),
  },
  {
    name: 'catalog',
    migrations: CATALOG_MIGRATIONS,
    defaultPort: 4002,
    create: ({ env, db, bus, verifier, logLevel }) => createCatalogApp({ config: loadConfig(CatalogConfigSchema, env), db, bus, verifier, logLevel }),
  },
  {
    name: 'inventory',
    migrations: INVENTORY_MIGRATIONS,
    defaultPort: 4005,
    create: ({ env, db, bus, verifier, logLevel }) => createInventoryApp({ config: loadConfig(InventoryConfigSchema, env), db, bus, verifier, logLevel }),
  },
  {
    name: 'payments',
    migrations: PAYMENTS_MIGRATIONS,
    defaultPort: 4004,
    create: ({ env, db, bus, verifier, logLevel }) => createPaymentsApp({ config: loadConfig(PaymentsConfigSchema, env), db, bus, verifier, logLevel }),
  },
  {
    name: 'warranties',
    migrations: WARRANTIES_MIGRATIONS,
    defaultPort: 4007,
    create: ({ env, db, bus, verifier, logLevel }) => createWarrantiesApp({ config: loadConfig(WarrantiesConfigSchema, env), db, bus, verifier, logLevel }),
  },
  {
    name: 'orders',
    migrations: ORDERS_MIGRATIONS,
    defaultPort: 4003,
    create: ({ env, db, bus, verifier, logLevel, appOf }) => {
      // Services of one process call each other through their apps, without sockets (same routes, answers and call policy).
      return createOrdersApp({ config: loadConfig(OrdersConfigSchema, env), db, bus, verifier, logLevel, appOf, onCrash: simulatedCrash });
    },
  },
];
