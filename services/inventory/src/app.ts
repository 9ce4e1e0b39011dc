import { fileURLToPath } from 'node:url';
import { InventoryListQuerySchema } from '@storefleet/contracts';
import { createCsvImports, createInbox, createServiceCore, csvRoutes, requireRole, type App, type ServiceAppOptions } from '@storefleet/kit';
import type { InventoryConfig } from './config.js';
import { parseDuration } from './domain/duration.js';
import { INVENTORY_CONSUMER, INVENTORY_HANDLES, INVENTORY_SOURCE, productSkuOf } from './events.js';
import { createReservationSweeper } from './reservation-sweeper.js';
import { inventoryRoutes } from './routes/inventory.js';
import { reservationRoutes } from './routes/reservations.js';
import { DEMO_STOCK } from './seed/demo-stock.js';
import { createReservationsStore } from './store/reservations-store.js';
import { createStockCsv } from './store/stock-csv.js';
import { createStockStore } from './store/stock-store.js';

export type { InventoryConfig } from './config.js';
export { InventoryConfigSchema, loadInventoryConfig } from './config.js';
export { bulkLoadStock } from './seed/bulk-stock.js';

/** This service's numbered .sql files (a restore applies them before it loads data). */
export const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));
/** The stock and reservation functions, one file each: the rules of reserve, commit, release and low stock. */
const FUNCTIONS = fileURLToPath(new URL('../sql', import.meta.url));

export type InventoryAppOptions = ServiceAppOptions<InventoryConfig>;

/**
 * Builds inventory: migrates its database, seeds demo stock on first start (SEED_DEMO_DATA), gives
 * every new catalog SKU a stock row, registers admin stock routes and the internal reservation API,
 * and runs its outbox relay and the expired-reservation sweeper until the app closes.
 * @example const app = await createInventoryApp({ config, db, bus: createInProcessBus() })
 */
export async function createInventoryApp(options: InventoryAppOptions): Promise<App> {
  const { config, db } = options;
  const { app, log, relay, outbox, auth, subscribe } = await createServiceCore(options, {
    name: INVENTORY_SOURCE,
    description: 'Stock per SKU, reservations for orders, low-stock alerts',
    migrations: MIGRATIONS,
    functions: FUNCTIONS,
  });
  const stock = createStockStore(db, { kick: relay.kick });
  const reservations = createReservationsStore(db, { outbox, kick: relay.kick, ttlSeconds: parseDuration(config.RESERVATION_TTL) });
  const sweeper = createReservationSweeper({ reservations, intervalMs: config.RESERVATION_SWEEP_MS, log });
  app.addHook('onClose', async () => sweeper.stop());

  const handleOnce = createInbox(db, INVENTORY_CONSUMER);
  subscribe(INVENTORY_CONSUMER, [...INVENTORY_HANDLES], async (event) => {
    const sku = productSkuOf(event.data);
    if (!sku) return void log.warn({ event_id: event.id, type: event.type }, 'product event without a usable sku; skipped');
    await handleOnce(event, (tx) => stock.ensureSku(tx, sku));
  });

  if (config.SEED_DEMO_DATA) {
    const seeded = await stock.seedOnce('demo-stock', DEMO_STOCK);
    if (seeded) log.info({ skus: seeded }, 'demo stock seeded');
  }

  await app.register(async (scope) => {
    scope.addHook('onRequest', auth.required);
    scope.addHook('onRequest', requireRole('admin'));
    inventoryRoutes(scope, { stock });
    csvRoutes(scope, {
      db,
      imports: createCsvImports(db, log),
      resource: createStockCsv(stock),
      path: '/inventory',
      tag: 'inventory',
      maxBytes: config.CSV_IMPORT_MAX_BYTES,
      filters: InventoryListQuerySchema,
      exportQuery: (query) => stock.exportQuery(query),
    });
  });
  await app.register(async (scope) => {
    reservationRoutes(scope, { reservations });
  });
  return app;
}
