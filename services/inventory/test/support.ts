import type { App, Db, EventBus, EventEnvelope } from '@storefleet/kit';
import { serviceUnderTest } from '../../../test/support/service-under-test.js';
import type { StockLevel } from '@storefleet/contracts';
import { createInventoryApp, loadInventoryConfig } from '../src/app.js';

export interface TestInventory {
  app: App;
  db: Db;
  bus: EventBus;
  /** Every event delivered on the bus, oldest first. */
  published: EventEnvelope[];
  /** Authorization headers of a signed-in admin and customer. */
  admin: Record<string, string>;
  customer: Record<string, string>;
  /** Builds another inventory app on the same database and bus, as a second replica would. */
  replica(): Promise<App>;
  close(): Promise<void>;
}

/** An inventory on a fresh database, trusting a key pair made here to sign test tokens. */
export async function startInventory(options: { seed?: boolean; env?: Record<string, string> } = {}): Promise<TestInventory> {
  const service = await serviceUnderTest({ database: 'inventory_test', record: ['inventory.*'], maxConnections: 20 });
  const { db, bus, url } = service;
  const config = loadInventoryConfig({ DATABASE_URL: url, SEED_DEMO_DATA: String(options.seed ?? false), ...options.env });
  const build = () => service.own(createInventoryApp({ config, db, bus, verifier: service.keys.verifier, logLevel: 'silent' }));
  return {
    app: await build(),
    db,
    bus,
    published: service.events,
    admin: (await service.keys.user('admin')).headers,
    customer: (await service.keys.user('customer')).headers,
    replica: build,
    close: service.close,
  };
}

/** Sets a SKU's stock through the admin API and answers the new level. */
export async function setStock(inventory: TestInventory, sku: string, onHand: number, threshold?: number): Promise<StockLevel> {
  const response = await inventory.app.inject({
    method: 'PUT',
    url: `/inventory/${sku}`,
    headers: inventory.admin,
    payload: { on_hand: onHand, reason: 'test setup', ...(threshold === undefined ? {} : { low_stock_threshold: threshold }) },
  });
  if (response.statusCode !== 200) throw new Error(`setting stock of ${sku} failed: ${response.statusCode} ${response.body}`);
  return response.json<StockLevel>();
}

/** A SKU's level read straight from the admin API. */
export async function levelOf(inventory: TestInventory, sku: string): Promise<StockLevel> {
  const response = await inventory.app.inject({ method: 'GET', url: `/inventory/${sku}`, headers: inventory.admin });
  if (response.statusCode !== 200) throw new Error(`reading ${sku} failed: ${response.statusCode} ${response.body}`);
  return response.json<StockLevel>();
}

/** The outbox rows written about one subject (a SKU or an order id), oldest first. */
export async function outboxFor(db: Db, subject: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const { rows } = await db.query<{ type: string; data: Record<string, unknown> }>(
    'SELECT type, data FROM outbox WHERE subject = $1 ORDER BY position',
    [subject],
  );
  return rows;
}
