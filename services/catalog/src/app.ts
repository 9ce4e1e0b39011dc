import { fileURLToPath } from 'node:url';
import { ProductListQuerySchema, type ProductRecord } from '@storefleet/contracts';
import { createCache, createCsvImports, createDb, databaseUrlFor, createPeriodic, createServiceCore, csvRoutes, requireRole, type App, type ServiceAppOptions } from '@storefleet/kit';
import type { CatalogConfig } from './config.js';
import { createAvailabilityView } from './cache/availability-view.js';
import type { CachedBody } from './cache/cached-body.js';
import { createResponseCache } from './cache/response-cache.js';
import { leavesAvailability, stockChangeOf } from './domain/availability.js';
import { planListing } from './domain/product-listing.js';
import { newProduct } from './domain/product.js';
import { CATALOG_CACHE_CONSUMER, CATALOG_CONSUMER, CATALOG_HANDLES, CATALOG_PUBLISHES, CATALOG_SOURCE } from './events.js';
import { adminProductRoutes } from './routes/admin-products.js';
import { categoryRoutes } from './routes/categories.js';
import { cachedReads } from './routes/http-cache.js';
import { internalCacheRoutes } from './routes/internal-cache.js';
import { internalProductRoutes } from './routes/internal-products.js';
import { productRoutes } from './routes/products.js';
import { storefrontRoutes } from './routes/storefront.js';
import { DEMO_PRODUCTS } from './seed/demo-products.js';
import { createCategoriesStore } from './store/categories-store.js';
import { buildExportQuery } from './store/product-query.js';
import { createProductsCsv } from './store/products-csv.js';
import { cacheKeysOf, createProductsStore, genericPlansUrl } from './store/products-store.js';
import { createStockLevelsStore, type StockLevel } from './store/stock-levels-store.js';

export type { CatalogConfig } from './config.js';
export { CatalogConfigSchema, loadCatalogConfig } from './config.js';
export { bulkLoadProducts } from './seed/bulk-load.js';
export { generateProducts, type GeneratedProduct } from './seed/generated-products.js';

/** This service's numbered .sql files (a restore applies them before it loads data). */
export const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

/** How long a cached product record or stock level may be served without a delete or newer version reaching it (see Cache). */
const CACHE_TTL_MS = 60_000;

/** How often each replica checks the catalog version without an event (freshness promised: 1 s). */
const VERSION_POLL_MS = 500;

export type CatalogAppOptions = ServiceAppOptions<CatalogConfig>;

/**
 * Builds catalog: migrates its database, seeds the demo catalog on first start (SEED_DEMO_DATA),
 * keeps product availability from inventory.stock_changed, registers public reads (through the response
 * cache), admin writes and the internal lookup (through the product cache: in memory, or on Redis shared
 * by the replicas when REDIS_URL is set), and relays its outbox to the bus until the app closes.
 * @example const app = await createCatalogApp({ config, db, bus: createInProcessBus() })
 */
export async function createCatalogApp(options: CatalogAppOptions): Promise<App> {
  const { config, db } = options;
  const { bus } = options;
  const { app, log, outbox, auth, subscribe, subscribeBatch } = await createServiceCore(options, {
    name: CATALOG_SOURCE,
    description: 'Products, categories, search and storefront views',
    migrations: MIGRATIONS,
  });
  const cache = createCache<ProductRecord>({ name: 'catalog:products', ttlMs: CACHE_TTL_MS, redisUrl: config.REDIS_URL, log });
  const stockCache = createCache<StockLevel>({ name: 'catalog:stock', ttlMs: CACHE_TTL_MS, redisUrl: config.REDIS_URL, log });
  // Public read bodies: in memory, and on Redis shared by the replicas (see Cache in the README).
  const sharedResponses = config.REDIS_URL && config.CATALOG_CACHE_BYTES > 0
    ? createCache<CachedBody>({ name: 'catalog:responses', ttlMs: CACHE_TTL_MS, redisUrl: config.REDIS_URL, log })
    : undefined;
  const responses = createResponseCache({ maxBytes: config.CATALOG_CACHE_BYTES, shared: sharedResponses });
  const availability = createAvailabilityView();
  app.addHook('onClose', () => Promise.all([cache.close(), stockCache.close(), sharedResponses?.close()]));
  // A version change that came without events (a bulk load, a restore) also moves the availability view.
  const refreshVersion = async () => {
    if (responses.setVersion(await products.version())) await availability.refresh(db);
  };
  // Text searches run on a pool of their own that plans them once per connection (see genericPlansUrl);
  // an app built on a given pool alone (no database variables) runs them on that pool.
  const searches = config.DATABASE_URL || config.POSTGRES_URL ? createDb({ url: genericPlansUrl(await databaseUrlFor(CATALOG_SOURCE, config)), log }) : db;
  if (searches !== db) app.addHook('onClose', () => searches.close());
  const products = createProductsStore(db, { outbox, cache, committed: refreshVersion, searches });
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
    const { id, sku } = event.data;
    // Checked still: a row written by hand or by an older release may lack them, and is then skipped.
    if (typeof id === 'string' && typeof sku === 'string') await cache.delete(cacheKeysOf({ id, sku }));
  });

  // Every replica hears every product.* and stock event (a broadcast, not a group), so each moves its
  // own response cache to the new catalog version and keeps its own availability view.
  const stopBroadcasts = [
    bus.broadcast(Object.values(CATALOG_PUBLISHES), refreshVersion),
    bus.broadcast([...CATALOG_HANDLES], async (event) => {
      const change = stockChangeOf(event.data);
      if (change) availability.apply(event.id, change.sku, { available: change.available, version: change.version });
    }),
  ];
  app.addHook('onClose', async () => stopBroadcasts.forEach((stop) => stop()));

  if (config.SEED_DEMO_DATA) {
    const seeded = await products.seedOnce('demo-products', DEMO_PRODUCTS.map(newProduct));
    if (seeded) log.info({ products: seeded }, 'demo catalog seeded');
  }

  // Loaded after the broadcasts started, so no change falls between the load and the events.
  await availability.refresh(db);
  await refreshVersion();
  // The events move every replica at once; polling the version bounds staleness even when a broadcast
  // is lost (it is never retried) or a bulk load publishes none.
  const versionPoll = createPeriodic({ intervalMs: VERSION_POLL_MS, log, failed: 'catalog version poll failed; will retry', idle: undefined, run: refreshVersion });
  versionPoll.start();
  app.addHook('onClose', () => versionPoll.stop());

  const send = cachedReads({ responses, availability });
  productRoutes(app, { products, responses, send });
  storefrontRoutes(app, { products, responses, send });
  categoryRoutes(app, { categories, send });
  internalProductRoutes(app, { db, products, stockLevels });
  internalCacheRoutes(app, { responses });
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
