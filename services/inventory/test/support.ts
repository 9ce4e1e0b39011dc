import { inject } from 'vitest';
import { createDatabase, createDb, createInProcessBus, type App, type Db, type EventBus, type EventEnvelope } from '@storefleet/kit';
import { createTestKeys } from '../../../test/support/test-keys.js';
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
  const url = await createDatabase(inject('postgresAdminUrl'), 'inventory_test');
  const db = createDb({ url, max: 20 });
  const bus = createInProcessBus();
  const published: EventEnvelope[] = [];
  bus.subscribe('inventory-test', ['inventory.*'], async (event) => {
    published.push(event);
  });
  const { verifier, user } = await createTestKeys();
  const config = loadInventoryConfig({ DATABASE_URL: url, SEED_DEMO_DATA: String(options.seed ?? false), ...options.env });
  const build = () => createInventoryApp({ config, db, bus, verifier, logLevel: 'silent' });
  const app = await build();
  const others: App[] = [];
  return {
    app,
    db,
    bus,
    published,
    admin: (await user('admin')).headers,
    customer: (await user('customer')).headers,
    async replica() {
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
