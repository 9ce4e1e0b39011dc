import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { backupDatabases, locateServiceDatabases, openBackup, restoreDatabases, type RunningSystem } from '@storefleet/system';
import { createStockedProduct, SUCCESS_CARD } from '../support/commerce.js';
import { ADMIN, apiClient, startTestSystem } from '../support/system.js';

type Api = ReturnType<typeof apiClient>;

/** What an admin and the customer see through the gateway: users, the product, its stock, the orders. */
async function whatUsersSee(api: Api, customer: { email: string; password: string }, sku: string, productId: string) {
  const adminToken = await api.login(ADMIN.email, ADMIN.password);
  const customerToken = await api.login(customer.email, customer.password);
  const users = await api.get('/api/users?limit=100', adminToken);
  const product = await api.get(`/api/products/${productId}`);
  const stock = await api.get(`/api/inventory/${sku}`, adminToken);
  const orders = await api.get('/api/orders', adminToken);
  const own = await api.get('/api/orders', customerToken);
  return {
    statuses: [users.status, product.status, stock.status, orders.status, own.status],
    users: users.body.items.map((u: { id: string; email: string; role: string }) => ({ id: u.id, email: u.email, role: u.role })),
    product: product.body,
    stock: { on_hand: stock.body.on_hand, reserved: stock.body.reserved, available: stock.body.available },
    orders: orders.body,
    own: own.body,
  };
}

describe('backup and restore', () => {
  let system: RunningSystem | undefined;
  let restored: RunningSystem | undefined;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storefleet-backup-test-'));
  });
  afterAll(async () => {
    await system?.stop();
    await restored?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  // Two whole-system starts and three restores of every service's database in one test: as long as two start hooks (120 s each).
  it('restores users, products, stock and orders into fresh databases, and refuses databases that hold data unless forced', async () => {
    system = await startTestSystem();
    const api = apiClient(system.gatewayUrl);
    const adminToken = await api.login(ADMIN.email, ADMIN.password);
    const customer = await api.registerAndLogin();
    const { sku, id } = await createStockedProduct(api, adminToken, { onHand: 7, price: 25 });
    const placed = await api.post('/api/orders', { items: [{ sku, quantity: 2 }], payment: SUCCESS_CARD }, customer.token);
    expect(placed.status).toBe(201);
    const before = await whatUsersSee(api, customer, sku, id);
    expect(before.stock).toEqual({ on_hand: 5, reserved: 0, available: 5 });
    expect(before.own.items.map((o: { id: string }) => o.id)).toEqual([placed.body.id]);

    const archive = join(dir, 'storefleet.tar.gz');
    const backup = await backupDatabases({ databases: system.databases, out: archive });
    expect(backup.databases.identity!.schema_versions).toContain('001_init');
    await system.stop();
    system = undefined;

    const prefix = `r${randomBytes(4).toString('hex')}`;
    const fresh = await locateServiceDatabases({ env: { POSTGRES_URL: inject('postgresAdminUrl') }, databasePrefix: prefix, create: true });
    const opened = await openBackup(archive);
    try {
      await restoreDatabases({ backup: opened, databases: fresh.urls });
      await expect(restoreDatabases({ backup: opened, databases: fresh.urls })).rejects.toThrow(
        new RegExp(`database ${prefix}_identity .*is not empty \\(table \\w+ has rows\\).*--force`),
      );
      // Told to, it replaces what is there (here: the same rows again).
      await restoreDatabases({ backup: opened, databases: fresh.urls, force: true });
    } finally {
      await opened.close();
    }

    restored = await startTestSystem({}, { databasePrefix: prefix });
    const after = await whatUsersSee(apiClient(restored.gatewayUrl), customer, sku, id);
    expect(after.statuses).toEqual([200, 200, 200, 200, 200]);
    expect(after).toEqual(before);

    // Sequences and identity columns go on from where they were: new rows (an order, its stock movement, events) fit beside the restored ones.
    const restoredApi = apiClient(restored.gatewayUrl);
    const again = await restoredApi.post('/api/orders', { items: [{ sku, quantity: 1 }], payment: SUCCESS_CARD }, await restoredApi.login(customer.email, customer.password));
    expect(again.status).toBe(201);
    expect((await whatUsersSee(restoredApi, customer, sku, id)).stock).toEqual({ on_hand: 4, reserved: 0, available: 4 });
  }, 240_000);

  it('names what is wrong with a file that is missing or not a backup', async () => {
    await expect(openBackup(join(dir, 'missing.tar.gz'))).rejects.toThrow(/missing\.tar\.gz does not exist/);
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'not an archive\n');
    await expect(openBackup(text)).rejects.toThrow(/notes\.txt is not a Storefleet backup/);
  });
});
