import { fileURLToPath } from 'node:url';
import { ProductListQuerySchema, type ProductRecord } from '@storefleet/contracts';
import { createCache, createCsvImports, createServiceCore, csvRoutes, requireRole, type App, type ServiceAppOptions } from '@storefleet/kit';
import type { CatalogConfig } from './config.js';
import { leavesAvailability, stockChangeOf } from './domain/availability.js';
import { planListing } from './domain/product-listing.js';
import { newProduct } from './domain/product.js';
import { CATALOG_CACHE_CONSUMER, CATALOG_CONSUMER, CATALOG_HANDLES, CATALOG_PUBLISHES, CATALOG_SOURCE } from './events.js';
import { adminProductRoutes } from './routes/admin-products.js';
import { categoryRoutes } from './routes/categories.js';
import { installHttpCache } from './routes/http-cache.js';
import { internalProductRoutes } from './routes/internal-products.js';
import { productRoutes } from './routes/products.js';
import { storefrontRoutes } from './routes/storefront.js';
import { DEMO_PRODUCTS } from './seed/demo-products.js';
import { createCategoriesStore } from './store/categories-store.js';
import { buildExportQuery } from './store/product-query.js';
import { createProductsCsv } from './store/products-csv.js';
import { cacheKeysOf, createProductsStore } from './store/products-store.js';
import { createStockLevelsStore, type StockLevel } from './store/stock-levels-store.js';

export type { CatalogConfig } from './config.js';
export { CatalogConfigSchema, loadCatalogConfig } from './config.js';

/** This service's numbered .sql files (a restore applies them before it loads data). */
export const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

/** How long a cached product record or stock level may be served without a delete or newer version reaching it (see Cache). */
const CACHE_TTL_MS = 60_000;

export type CatalogAppOptions = ServiceAppOptions<CatalogConfig>;

/**
 * Builds catalog: migrates its database, seeds the demo catalog on first start (SEED_DEMO_DATA),
 * keeps product availability from inventory.stock_changed, registers public reads, admin writes and
 * the internal lookup (through the product cache: in memory, or on Redis shared by the replicas when
 * REDIS_URL is set), and relays its outbox to the bus until the app closes.
 * @example const app = await createCatalogApp({ config, db, bus: createInProcessBus() })
 */
export async function createCatalogApp(options: CatalogAppOptions): Promise<App> {
  const { config, db } = options;
  const { app, log, outbox, auth, subscribe, subscribeBatch } = await createServiceCore(options, {
    name: CATALOG_SOURCE,
    description: 'Products, categories, search and storefront views',
    migrations: MIGRATIONS,
  });
  const cache = createCache<ProductRecord>({ name: 'catalog:products', ttlMs: CACHE_TTL_MS, redisUrl: config.REDIS_URL, log });
  const stockCache = createCache<StockLevel>({ name: 'catalog:stock', ttlMs: CACHE_TTL_MS, redisUrl: config.REDIS_URL, log });
  app.addHook('onClose', () => Promise.all([cache.close(), stockCache.close()]));
  const products = createProductsStore(db, { outbox, cache });
  const categories = createCategoriesStore(db);
  const stockLevels = createStockLevelsStore(stockCache);

  // Availability read model: product responses show inventory's latest reported level per SKU. The
  // events of one delivery are recorded together, in one statement.
  subscribeBatch(CATALOG_CONSUMER, [...CATALOG_HANDLES], async (events) => {
    const changes = [];
    for (const event of events) {
      const change = stockChangeOf(event.data);
      if (!change) log.warn({ event_id: event.id, type: event.type }, 'malformed stock event; skipped');
      else if (!leavesAvailability(change)) changes.push({ eventId: event.id, change });
    }
    await stockLevels.recordOnce(db, CATALOG_CONSUMER, changes);
  });

  // The product's write deleted its cache keys once it committed; the event deletes them again, after
  // any reader that read the product just before the write and cached it just after.
  subscribe(CATALOG_CACHE_CONSUMER, Object.values(CATALOG_PUBLISHES), async (event) => {
    const record = event.data as Partial<ProductRecord>;
    if (typeof record.id === 'string' && typeof record.sku === 'string') await cache.delete(cacheKeysOf({ id: record.id, sku: record.sku }));
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
    internalProductRoutes(scope, { db, products, stockLevels });
  });
  await app.register(async (scope) => {
    scope.addHook('onRequest', auth.required);
    scope.addHook('onRequest', requireRole('admin'));
    adminProductRoutes(scope, { products });
    csvRoutes(scope, {
      db,
      imports: createCsvImports(db, log),
      resource: createProductsCsv(products),
      path: '/products',
      tag: 'products',
      maxBytes: config.CSV_IMPORT_MAX_BYTES,
      filters: ProductListQuerySchema,
      exportQuery: (query) => buildExportQuery(planListing(query)),
    });
  });
  return app;
}
