import { inject } from 'vitest';
import { createDatabase, createDb, createInProcessBus, type App, type Db, type EventBus } from '@storefleet/kit';
import { createTestKeys } from '../../../test/support/test-keys.js';
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
  const url = await createDatabase(inject('postgresAdminUrl'), 'catalog_test');
  const db = createDb({ url });
  const bus = createInProcessBus();
  const { verifier, user } = await createTestKeys();
  const config = loadCatalogConfig({ DATABASE_URL: url, SEED_DEMO_DATA: String(options.seed) });
  const build = () => createCatalogApp({ config, db, bus, verifier, logLevel: 'silent' });
  const app = await build();
  const others: App[] = [];
  return {
    app,
    db,
    bus,
    url,
    admin: (await user('admin')).headers,
    customer: (await user('customer')).headers,
    async restart() {
      const other = await build();
      others.push(other);
      return other;
    },
    async close() {
      for (const other of others) await other.close();
      await app.close();
      await bus.close();
      await db.close();
    },
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
