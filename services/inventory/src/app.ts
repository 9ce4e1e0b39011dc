import { fileURLToPath } from 'node:url';
import {
  KIT_MIGRATIONS,
  createAuthHooks,
  createInbox,
  createOutbox,
  createRelay,
  createService,
  createTokenVerifier,
  jwksUrlOf,
  requireRole,
  type App,
  type Db,
  type EventBus,
  type TokenVerifier,
} from '@storefleet/kit';
import type { InventoryConfig } from './config.js';
import { parseDuration } from './domain/duration.js';
import { INVENTORY_CONSUMER, INVENTORY_HANDLES, INVENTORY_SOURCE, productSkuOf } from './events.js';
import { createReservationSweeper } from './reservation-sweeper.js';
import { inventoryRoutes } from './routes/inventory.js';
import { reservationRoutes } from './routes/reservations.js';
import { DEMO_STOCK } from './seed/demo-stock.js';
import { createReservationsStore } from './store/reservations-store.js';
import { createStockStore } from './store/stock-store.js';

export type { InventoryConfig } from './config.js';
export { InventoryConfigSchema, loadInventoryConfig } from './config.js';

const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

export interface InventoryAppOptions {
  config: InventoryConfig;
  db: Db;
  bus: EventBus;
  /** Verifies admin tokens; defaults to identity's JWKS at the first IDENTITY_URLS entry. */
  verifier?: TokenVerifier;
  logLevel?: string;
}

/**
 * Builds inventory: migrates its database, seeds demo stock on first start (SEED_DEMO_DATA), gives
 * every new catalog SKU a stock row, registers admin stock routes and the internal reservation API,
 * and runs its outbox relay and the expired-reservation sweeper until the app closes.
 * @example const app = await createInventoryApp({ config, db, bus: createInProcessBus() })
 */
export async function createInventoryApp(options: InventoryAppOptions): Promise<App> {
  const { config, db, bus } = options;
  const app = await createService({
    name: 'inventory',
    description: 'Stock per SKU, reservations for orders, low-stock alerts',
    ready: () => db.ready(),
    logLevel: options.logLevel,
  });
  const log = app.log;
  await db.migrate([KIT_MIGRATIONS, MIGRATIONS], log);
  const relay = createRelay({ db, bus, log });
  const outbox = createOutbox(INVENTORY_SOURCE, relay.kick);
  const stock = createStockStore(db, { kick: relay.kick });
  const reservations = createReservationsStore(db, { outbox, kick: relay.kick, ttlSeconds: parseDuration(config.RESERVATION_TTL) });
  const sweeper = createReservationSweeper({ reservations, intervalMs: config.RESERVATION_SWEEP_MS, log });
  app.addHook('onClose', async () => {
    await sweeper.stop();
    await relay.stop();
  });

  const handleOnce = createInbox(db, INVENTORY_CONSUMER);
  bus.subscribe(INVENTORY_CONSUMER, [...INVENTORY_HANDLES], async (event) => {
    const sku = productSkuOf(event.data);
    if (!sku) return void log.warn({ event_id: event.id, type: event.type }, 'product event without a usable sku; skipped');
    await handleOnce(event, (tx) => stock.ensureSku(tx, sku));
  });

  if (config.SEED_DEMO_DATA) {
    const seeded = await stock.seedOnce('demo-stock', DEMO_STOCK);
    if (seeded) log.info({ skus: seeded }, 'demo stock seeded');
  }

  const hooks = createAuthHooks(options.verifier ?? createTokenVerifier({ jwksUrl: jwksUrlOf(config.IDENTITY_URLS) }));
  await app.register(async (scope) => {
    scope.addHook('onRequest', hooks.required);
    scope.addHook('onRequest', requireRole('admin'));
    inventoryRoutes(scope, { stock });
  });
  await app.register(async (scope) => {
    reservationRoutes(scope, { reservations });
  });
  return app;
}
