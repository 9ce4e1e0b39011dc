import { fileURLToPath } from 'node:url';
import { createCheck, createInbox, createServiceCore, requireRole, type App, type ServiceAppOptions } from '@storefleet/kit';
import { OrderStatusChangedEventDataSchema } from '@storefleet/contracts';
import type { WarrantiesConfig } from './config.js';
import { warrantyUnitsOf } from './domain/warranty.js';
import { WARRANTIES_CONSUMER, WARRANTIES_HANDLES, WARRANTIES_SOURCE } from './events.js';
import { adminWarrantyRoutes } from './routes/admin-warranties.js';
import { claimRoutes, guestWarrantyRoutes, warrantyRoutes } from './routes/warranties.js';
import { createClaimsStore } from './store/claims-store.js';
import { createWarrantiesStore } from './store/warranties-store.js';

export type { WarrantiesConfig } from './config.js';
export { WarrantiesConfigSchema, loadWarrantiesConfig } from './config.js';

/** This service's numbered .sql files (a restore applies them before it loads data). */
export const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

export type WarrantiesAppOptions = ServiceAppOptions<WarrantiesConfig>;

const isStatusChange = createCheck(OrderStatusChangedEventDataSchema);

/**
 * Builds warranties: migrates its database, makes a warranty for every unit of each shipped order
 * (from order.status_changed, once per event and once per order and serial), and registers the guest
 * lookup, claims, the signed-in reads and the admin changes.
 * @example const app = await createWarrantiesApp({ config, db, bus: createInProcessBus() })
 */
export async function createWarrantiesApp(options: WarrantiesAppOptions): Promise<App> {
  const { db } = options;
  const { app, log, outbox, auth, subscribe } = await createServiceCore(options, {
    name: WARRANTIES_SOURCE,
    description: 'Warranties of shipped units by serial number, their history and claims',
    migrations: MIGRATIONS,
  });
  const warranties = createWarrantiesStore(db, { outbox });
  const claims = createClaimsStore(db, { outbox });

  const handleOnce = createInbox(db, WARRANTIES_CONSUMER);
  subscribe(WARRANTIES_CONSUMER, [...WARRANTIES_HANDLES], async (event) => {
    if (!isStatusChange(event.data)) return void log.warn({ event_id: event.id, type: event.type }, 'order.status_changed that does not match its schema; skipped');
    const { order_id, to, shipment } = event.data;
    if (to !== 'shipped' || !shipment) return;
    await handleOnce(event, async (tx) => {
      const created = await warranties.createFromShipment(tx, order_id, shipment, warrantyUnitsOf(shipment));
      if (created.length) log.info({ order_id, warranties: created.length }, 'warranties created');
    });
  });

  await app.register(async (scope) => {
    guestWarrantyRoutes(scope, { warranties });
  });
  await app.register(async (scope) => {
    scope.addHook('onRequest', auth.optional);
    claimRoutes(scope, { claims });
  });
  await app.register(async (scope) => {
    scope.addHook('onRequest', auth.required);
    warrantyRoutes(scope, { warranties });
    await scope.register(async (admin) => {
      admin.addHook('onRequest', requireRole('admin'));
      adminWarrantyRoutes(admin, { warranties, claims });
    });
  });
  return app;
}
