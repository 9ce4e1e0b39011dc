import { fileURLToPath } from 'node:url';
import { createServiceCore, requireRole, type App, type ServiceAppOptions } from '@storefleet/kit';
import type { CatalogConfig } from './config.js';
import { leavesAvailability, stockChangeOf } from './domain/availability.js';
import { newProduct } from './domain/product.js';
import { CATALOG_CONSUMER, CATALOG_HANDLES, CATALOG_SOURCE } from './events.js';
import { adminProductRoutes } from './routes/admin-products.js';
import { categoryRoutes } from './routes/categories.js';
import { installHttpCache } from './routes/http-cache.js';
import { internalProductRoutes } from './routes/internal-products.js';
import { productRoutes } from './routes/products.js';
import { storefrontRoutes } from './routes/storefront.js';
import { DEMO_PRODUCTS } from './seed/demo-products.js';
import { createCategoriesStore } from './store/categories-store.js';
import { createProductsStore } from './store/products-store.js';
import { createStockLevelsStore } from './store/stock-levels-store.js';

export type { CatalogConfig } from './config.js';
export { CatalogConfigSchema, loadCatalogConfig } from './config.js';

const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

export type CatalogAppOptions = ServiceAppOptions<CatalogConfig>;

/**
 * Builds catalog: migrates its database, seeds the demo catalog on first start (SEED_DEMO_DATA),
 * keeps product availability from inventory.stock_changed, registers public reads, admin writes and
 * the internal lookup, and relays its outbox to the bus until the app closes.
 * @example const app = await createCatalogApp({ config, db, bus: createInProcessBus() })
 */
export async function createCatalogApp(options: CatalogAppOptions): Promise<App> {
  const { config, db } = options;
  const { app, log, outbox, auth, subscribe } = await createServiceCore(options, {
    name: CATALOG_SOURCE,
    description: 'Products, categories, search and storefront views',
    migrations: MIGRATIONS,
  });
  const products = createProductsStore(db, { outbox });
  const categories = createCategoriesStore(db);
  const stockLevels = createStockLevelsStore();

  // Availability read model: product responses show inventory's latest reported level per SKU.
  subscribe(CATALOG_CONSUMER, [...CATALOG_HANDLES], async (event) => {
    const change = stockChangeOf(event.data);
    if (!change) return void log.warn({ event_id: event.id, type: event.type }, 'malformed stock event; skipped');
    if (leavesAvailability(change)) return;
    await stockLevels.recordOnce(db, event, CATALOG_CONSUMER, change);
  });

  if (config.SEED_DEMO_DATA) {
    const seeded = await products.seedOnce('demo-products', DEMO_PRODUCTS.map(newProduct));
    if (seeded) log.info({ products: seeded }, 'demo catalog seeded');
  }

  await app.register(async (scope) => {
    installHttpCache(scope);
    productRoutes(scope, { products });
    storefrontRoutes(scope, { products });
    categoryRoutes(scope, { categories });
  });
  await app.register(async (scope) => {
    internalProductRoutes(scope, { products });
  });
  await app.register(async (scope) => {
    scope.addHook('onRequest', auth.required);
    scope.addHook('onRequest', requireRole('admin'));
    adminProductRoutes(scope, { products });
  });
  return app;
}
