import { fileURLToPath } from 'node:url';
import { createServiceCore, requireRole, type App, type ServiceAppOptions } from '@storefleet/kit';
import { createCardProcessor } from './card-processor.js';
import type { PaymentsConfig } from './config.js';
import { PAYMENTS_SOURCE } from './events.js';
import { adminPaymentRoutes } from './routes/admin-payments.js';
import { internalPaymentRoutes } from './routes/internal-payments.js';
import { paymentRoutes } from './routes/payments.js';
import { createPaymentsStore } from './store/payments-store.js';

export type { PaymentsConfig } from './config.js';
export { PaymentsConfigSchema, loadPaymentsConfig } from './config.js';

/** This service's numbered .sql files (a restore applies them before it loads data). */
export const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

export type PaymentsAppOptions = ServiceAppOptions<PaymentsConfig>;

/**
 * Builds payments: migrates its database, registers the internal processor routes (used by orders),
 * the signed-in reads and the admin refund, and relays its outbox to the bus until the app closes.
 * @example const app = await createPaymentsApp({ config, db, bus: createInProcessBus() })
 */
export async function createPaymentsApp(options: PaymentsAppOptions): Promise<App> {
  const { config, db } = options;
  const { app, outbox, auth } = await createServiceCore(options, {
    name: PAYMENTS_SOURCE,
    description: 'Payment intents of a simulated card processor: authorize, capture, void, refund',
    migrations: MIGRATIONS,
  });
  const payments = createPaymentsStore(db, { outbox });
  const processor = createCardProcessor({ payments, slowCardMs: config.PAYMENTS_SLOW_CARD_MS });
  app.addHook('onClose', async () => processor.stop());

  await app.register(async (scope) => {
    internalPaymentRoutes(scope, { processor });
  });
  await app.register(async (scope) => {
    scope.addHook('onRequest', auth.required);
    paymentRoutes(scope, { payments });
    await scope.register(async (admin) => {
      admin.addHook('onRequest', requireRole('admin'));
      adminPaymentRoutes(admin, { processor, payments });
    });
  });
  return app;
}
