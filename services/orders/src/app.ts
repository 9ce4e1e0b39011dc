import { fileURLToPath } from 'node:url';
import { createCsvImports, createHttpClient, createInProcessClient, createServiceCore, csvRoutes, parseUrls, requireRole, type App, type CallPolicy, type HttpClient, type InjectTarget, type KitLogger, type ServiceAppOptions } from '@storefleet/kit';
import { createCartService } from './carts/cart-service.js';
import { createCatalogClient, type CatalogClient } from './clients/catalog-client.js';
import { createInventoryClient, type InventoryClient } from './clients/inventory-client.js';
import { createPaymentsClient, type PaymentsClient } from './clients/payments-client.js';
import { OrderListQuerySchema } from '@storefleet/contracts';
import type { OrdersConfig, SagaStep } from './config.js';
import { ORDERS_CONSUMER, ORDERS_HANDLES, ORDERS_SOURCE, refundOf } from './events.js';
import { createOrderAnalytics } from './orders/analytics.js';
import { createOrderQueries } from './orders/order-queries.js';
import { cartRoutes } from './routes/carts.js';
import { checkoutRoutes } from './routes/checkout.js';
import { adminOrderRoutes, guestOrderRoutes, orderRoutes } from './routes/orders.js';
import { createCheckout } from './saga/checkout.js';
import { createCheckoutSaga } from './saga/checkout-saga.js';
import { createCompensations } from './saga/compensations.js';
import { createLeaseKeeper } from './saga/lease-keeper.js';
import { createSagaResumer } from './saga/resumer.js';
import { createStatusChanges } from './saga/status-changes.js';
import { createAnalyticsStore } from './store/analytics-store.js';
import { createCartsStore } from './store/carts-store.js';
import { createIdempotencyStore } from './store/idempotency-store.js';
import { createOrdersCsv, ordersExportQuery } from './store/orders-csv.js';
import { createOrdersStore } from './store/orders-store.js';
import { createSagaStore } from './store/saga-store.js';

export type { OrdersConfig, SagaStep } from './config.js';
export { OrdersConfigSchema, SAGA_STEPS, loadOrdersConfig } from './config.js';
export type { CatalogClient } from './clients/catalog-client.js';
export type { InventoryClient, ReserveOutcome, Shortage } from './clients/inventory-client.js';
export type { PaymentChange, PaymentResult, PaymentsClient } from './clients/payments-client.js';
export type { CatalogProduct } from './domain/checkout-request.js';
/** The analytics queries alone, for bench:analytics' bare-SQL reference. */
export { createAnalyticsStore, type AnalyticsScope } from './store/analytics-store.js';

/** This service's numbered .sql files (a restore applies them before it loads data). */
export const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

/** The services orders calls; tests pass in-memory ones. */
export interface OrdersClients {
  catalog: CatalogClient;
  inventory: InventoryClient;
  payments: PaymentsClient;
}

/** How orders reaches the services it calls. */
export interface OrdersUpstreams {
  catalog: HttpClient;
  inventory: HttpClient;
  payments: HttpClient;
}

export interface OrdersAppOptions extends ServiceAppOptions<OrdersConfig> {
  /** The services orders calls; tests pass in-memory ones. Defaults to clients over HTTP, or in-process with `appOf`. */
  clients?: OrdersClients;
  /**
   * Embedded mode: the running app of a service of this process (undefined while it is stopped), called
   * in-process instead of over HTTP at CATALOG_URLS, INVENTORY_URLS and PAYMENTS_URLS.
   */
  appOf?: (name: 'catalog' | 'inventory' | 'payments') => InjectTarget | undefined;
  /** Called when the saga reaches SAGA_CRASH_AFTER; defaults to killing the process (SIGKILL). */
  onCrash?: (step: SagaStep) => unknown;
}

/** Over HTTP or in-process, calls fail the same way: one timeout, retry and breaker policy for both. */
function createUpstreams(config: OrdersConfig, appOf: OrdersAppOptions['appOf']): OrdersUpstreams {
  const policy: CallPolicy = {
    timeoutMs: config.CALL_TIMEOUT_MS,
    retries: 1,
    breaker: { threshold: config.CALL_BREAKER_THRESHOLD, resetMs: config.CALL_BREAKER_RESET_MS },
  };
  const client = (name: 'catalog' | 'inventory' | 'payments', urls: string): HttpClient =>
    appOf ? createInProcessClient({ name, app: () => appOf(name), ...policy }) : createHttpClient({ name, urls: parseUrls(urls), ...policy });
  return { catalog: client('catalog', config.CATALOG_URLS), inventory: client('inventory', config.INVENTORY_URLS), payments: client('payments', config.PAYMENTS_URLS) };
}

/**
 * SAGA_CRASH_AFTER (tests only) as the saga's afterStep hook: after that step the process "dies", compensating
 * nothing; by default it is killed, in tests `onCrash` throws.
 */
function crashAfter(point: SagaStep | undefined, onCrash: OrdersAppOptions['onCrash'], log: KitLogger) {
  if (!point) return undefined;
  return async (step: SagaStep): Promise<void> => {
    if (step !== point) return;
    log.warn({ step }, 'SAGA_CRASH_AFTER reached: stopping as if the process died');
    await (onCrash ?? (() => process.kill(process.pid, 'SIGKILL')))(step);
  };
}

/**
 * Builds orders: migrates its database, registers carts, checkout and orders, relays its outbox, and
 * resumes unfinished checkouts at start-up and every SAGA_RESUME_INTERVAL_MS until the app closes.
 * @example const app = await createOrdersApp({ config, db, bus: createInProcessBus() })
 */
export async function createOrdersApp(options: OrdersAppOptions): Promise<App> {
  const { config, db } = options;
  const { app, log, outbox, auth, subscribe } = await createServiceCore(options, {
    name: ORDERS_SOURCE,
    description: 'Carts, the checkout saga and orders',
    migrations: MIGRATIONS,
  });
  const upstreams = options.clients ? undefined : createUpstreams(config, options.appOf);
  const { catalog, inventory, payments } = options.clients ?? {
    catalog: createCatalogClient(upstreams!.catalog),
    inventory: createInventoryClient(upstreams!.inventory),
    payments: createPaymentsClient(upstreams!.payments),
  };

  const leaseMs = config.SAGA_LEASE_MS;
  const orders = createOrdersStore(db, { outbox, leaseMs });
  const sagas = createSagaStore(db, { outbox, leaseMs });
  const keys = createIdempotencyStore(db, { staleMs: leaseMs });
  const carts = createCartService({ carts: createCartsStore(db), catalog });
  const compensations = createCompensations({ sagas, orders, inventory, payments, log });
  const saga = createCheckoutSaga({ sagas, orders, inventory, payments, compensations, log, afterStep: crashAfter(config.SAGA_CRASH_AFTER, options.onCrash, log) });
  const leases = createLeaseKeeper({ sagas, leaseMs, log });
  const checkout = createCheckout({ saga, leases, orders, keys, carts, catalog });
  const statusChanges = createStatusChanges({ sagas, inventory, payments, compensations, leases });
  const queries = createOrderQueries({ orders });
  const analyticsStore = createAnalyticsStore(db);
  const analytics = createOrderAnalytics({ analytics: analyticsStore });

  // Refunds for analytics, from payments' events: orders' own record, so a report calls no other service.
  subscribe(ORDERS_CONSUMER, [...ORDERS_HANDLES], async (event) => {
    const refund = refundOf(event);
    if (refund) await analyticsStore.recordRefund(refund);
    else log.warn({ event_id: event.id, type: event.type }, 'malformed payment.refunded event; skipped');
  });
  const resumer = createSagaResumer({ sagas, saga, leases, intervalMs: config.SAGA_RESUME_INTERVAL_MS, log });

  await app.register(async (scope) => {
    guestOrderRoutes(scope, { queries });
  });
  await app.register(async (scope) => {
    scope.addHook('onRequest', auth.optional);
    checkoutRoutes(scope, { checkout });
    cartRoutes(scope, { carts });
  });
  await app.register(async (scope) => {
    scope.addHook('onRequest', auth.required);
    orderRoutes(scope, { queries, statusChanges });
  });
  await app.register(async (scope) => {
    scope.addHook('onRequest', auth.required);
    scope.addHook('onRequest', requireRole('admin'));
    adminOrderRoutes(scope, { queries, analytics });
    csvRoutes(scope, {
      db,
      imports: createCsvImports(db, log),
      resource: createOrdersCsv(),
      path: '/orders',
      tag: 'orders',
      maxBytes: config.CSV_IMPORT_MAX_BYTES,
      filters: OrderListQuerySchema,
      exportQuery: ordersExportQuery,
    });
  });

  app.addHook('onReady', async () => {
    leases.start();
    resumer.start();
  });
  app.addHook('onClose', async () => {
    await resumer.stop();
    leases.stop();
    if (upstreams) await Promise.all([upstreams.catalog.close(), upstreams.inventory.close(), upstreams.payments.close()]);
  });
  return app;
}
