import type { App, Db, EventBus } from '@storefleet/kit';
import { serviceUnderTest } from '../../../test/support/service-under-test.js';
import { createCatalogApp, loadCatalogConfig } from '../src/app.js';

export interface TestCatalog {
  app: App;
  db: Db;
  bus: EventBus;
  url: string;
  /** Authorization headers of a signed-in admin and customer. */
  admin: Record<string, string>;
  customer: Record<string, string>;
  /** Builds another catalog app on the same database, as a restart or a second replica would. */
  restart(): Promise<App>;
  close(): Promise<void>;
}

/** A catalog on a fresh database, trusting a key pair made here to sign test tokens. */
export async function startCatalog(options: { seed: boolean }): Promise<TestCatalog> {
  const service = await serviceUnderTest({ database: 'catalog_test' });
  const { db, bus, url } = service;
  const config = loadCatalogConfig({ DATABASE_URL: url, SEED_DEMO_DATA: String(options.seed) });
  const build = () => service.own(createCatalogApp({ config, db, bus, verifier: service.keys.verifier, logLevel: 'silent' }));
  return {
    app: await build(),
    db,
    bus,
    url,
    admin: (await service.keys.user('admin')).headers,
    customer: (await service.keys.user('customer')).headers,
    restart: build,
    close: service.close,
  };
}

/** The outbox rows written for one product, oldest first. */
export async function outboxFor(db: Db, productId: string): Promise<{ type: string; source: string; data: Record<string, unknown> }[]> {
  const { rows } = await db.query<{ type: string; source: string; data: Record<string, unknown> }>(
    'SELECT type, source, data FROM outbox WHERE subject = $1 ORDER BY position',
    [productId],
  );
  return rows;
}
