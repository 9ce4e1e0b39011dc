import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@storefleet/kit';
import type { RunningSystem } from '@storefleet/system';
import { eventually } from '../support/commerce.js';
import { ADMIN, apiClient, startTestSystem } from '../support/system.js';

let system: RunningSystem;
let api: ReturnType<typeof apiClient>;
let adminToken: string;
let catalogDb: Db;

beforeAll(async () => {
  system = await startTestSystem({ EVENT_MAX_ATTEMPTS: '3', EVENT_RETRY_MS: '20' });
  api = apiClient(system.gatewayUrl);
  adminToken = await api.login(ADMIN.email, ADMIN.password);
  catalogDb = createDb({ url: system.databases.catalog! });
});
afterAll(async () => {
  await catalogDb?.close();
  await system?.stop();
});

const productBySku = async (sku: string) => (await api.get('/api/products?limit=100')).body.items.find((p: { sku: string }) => p.sku === sku);

describe('dead letters through the gateway', () => {
  it("lists an event catalog failed EVENT_MAX_ATTEMPTS times among every service's, and replays it once catalog is fixed", async () => {
    const sku = (await api.get('/api/inventory?limit=1', adminToken)).body.items[0].sku as string;
    const before = await eventually(() => productBySku(sku), (p) => p?.available !== undefined);

    // Catalog's read model table is broken (as by a bad deploy), so catalog cannot record stock changes.
    await catalogDb.query('ALTER TABLE stock_levels RENAME TO stock_levels_away');
    let restored = false;
    try {
      expect((await api.request('PUT', `/api/inventory/${sku}`, { token: adminToken, body: { delta: 7, reason: 'delivery while catalog is broken' } })).status).toBe(200);
      const mine = (list: { dead_letters: { event: { subject?: string } }[] }) => list.dead_letters.filter((l) => l.event.subject === sku);
      const listed = await eventually(async () => (await api.get('/api/events/dead-letters', adminToken)).body, (body) => mine(body).length === 1);
      expect(mine(listed)).toEqual([
        expect.objectContaining({ service: 'catalog', group: 'catalog', attempts: 3, event: expect.objectContaining({ type: 'inventory.stock_changed', source: 'inventory' }) }),
      ]);
      expect(listed.services).toEqual({ identity: 'ok', catalog: 'ok', orders: 'ok', payments: 'ok', inventory: 'ok', notifications: 'ok', warranties: 'ok' });
      expect(JSON.stringify(listed)).not.toContain('http://'); // service names only, no internal URLs
      const letter = mine(listed)[0] as unknown as { id: string };

      // Admins only.
      const customer = await api.registerAndLogin();
      expect((await api.get('/api/events/dead-letters', customer.token)).status).toBe(403);
      expect((await api.get('/api/events/dead-letters')).status).toBe(401);
      expect((await api.post(`/api/events/dead-letters/catalog/${letter.id}/replay`, undefined, customer.token)).status).toBe(403);

      // Still broken: the replay fails, says why, and keeps the letter.
      const failed = await api.post(`/api/events/dead-letters/catalog/${letter.id}/replay`, undefined, adminToken);
      expect(failed.status).toBe(409);
      expect(failed.headers.get('content-type')).toContain('application/problem+json');
      expect(failed.body.detail).toContain('stock_levels');

      await catalogDb.query('ALTER TABLE stock_levels_away RENAME TO stock_levels');
      restored = true;
      expect((await api.post(`/api/events/dead-letters/catalog/${letter.id}/replay`, undefined, adminToken)).status).toBe(204);
      expect(mine((await api.get('/api/events/dead-letters', adminToken)).body)).toEqual([]);
      expect((await productBySku(sku)).available).toBe(before.available + 7);

      expect((await api.delete(`/api/events/dead-letters/catalog/${letter.id}`, adminToken)).status).toBe(404);
      expect((await api.delete(`/api/events/dead-letters/nowhere/${letter.id}`, adminToken)).status).toBe(404);
    } finally {
      if (!restored) await catalogDb.query('ALTER TABLE stock_levels_away RENAME TO stock_levels');
    }
  });
});
