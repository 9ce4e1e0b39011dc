import { inject } from 'vitest';
import { createDatabase, createDb, createInProcessBus, type App, type Db, type EventBus, type EventEnvelope, type EventPattern } from '@storefleet/kit';
import { createTestKeys } from './test-keys.js';

export interface ServiceUnderTest {
  /** The service's own fresh database. */
  url: string;
  db: Db;
  bus: EventBus;
  /** Every event the bus delivered whose type matches `record`, oldest first. */
  events: EventEnvelope[];
  /** Test token keys: the verifier the service trusts, and signed-in users. */
  keys: Awaited<ReturnType<typeof createTestKeys>>;
  /** Builds an app (the first one, a restart or a replica) that `close` closes, newest first. */
  own<T extends App>(app: Promise<T>): Promise<T>;
  /** Closes every app built, then the bus, then the database. */
  close(): Promise<void>;
}

/**
 * What a service's tests start it on: a fresh database, an in-process bus and test keys, with one close
 * for the apps built on them (the first one, restarts, replicas).
 * @example const service = await serviceUnderTest({ database: 'catalog_test' }); const app = await service.own(createCatalogApp({ ... }))
 */
export async function serviceUnderTest(options: { database: string; record?: EventPattern[]; maxConnections?: number }): Promise<ServiceUnderTest> {
  const url = await createDatabase(inject('postgresAdminUrl'), options.database);
  const db = createDb({ url, ...(options.maxConnections ? { max: options.maxConnections } : {}) });
  const bus = createInProcessBus();
  const events: EventEnvelope[] = [];
  if (options.record) {
    bus.subscribe('test-recorder', options.record, async (event) => {
      events.push(event);
    });
  }
  const apps: App[] = [];
  return {
    url, db, bus, events,
    keys: await createTestKeys(),
    async own(app) {
      apps.push(await app);
      return app;
    },
    async close() {
      for (const app of apps.reverse()) await app.close();
      await bus.close();
      await db.close();
    },
  };
}
