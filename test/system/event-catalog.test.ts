import { afterAll, describe, expect, it } from 'vitest';
import { createDb, eventDataErrors, type Db } from '@storefleet/kit';
import { isEventType } from '@storefleet/contracts';
import { DECLINED_CARD, createStockedProduct, eventually, guestCheckout } from '../support/commerce.js';
import { useTestSystem } from '../support/system.js';

const ctx = useTestSystem();
const databases = new Map<string, Db>();
afterAll(async () => {
  for (const db of databases.values()) await db.close();
});

/** Every outbox row of every service's database: what each one published (or is about to). */
async function everyOutboxRow(): Promise<{ service: string; type: string; data: unknown }[]> {
  const rows: { service: string; type: string; data: unknown }[] = [];
  for (const [service, url] of Object.entries(ctx.system.databases)) {
    if (!databases.has(service)) databases.set(service, createDb({ url, max: 1 }));
    const result = await databases.get(service)!.query<{ type: string; data: unknown }>('SELECT type, data FROM outbox ORDER BY position');
    rows.push(...result.rows.map((row) => ({ service, ...row })));
  }
  return rows;
}

describe('every event the services write', () => {
  it('is an event of the catalog whose data is exactly what its schema declares, across a shop day', async () => {
    const customer = await ctx.api.registerAndLogin();
    expect((await ctx.api.patch('/api/users/me', { first_name: 'Grace' }, customer.token)).status).toBe(200);
    expect((await ctx.api.post('/api/users/password/forgot', { email: customer.email })).status).toBe(202);
    const { sku, id: productId } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 3, threshold: 1 });
    expect((await ctx.api.patch(`/api/products/${productId}`, { name: 'Renamed' }, ctx.adminToken)).status).toBe(200);

    const shipped = await guestCheckout(ctx.api, [{ sku, quantity: 2 }]);
    expect(shipped.status).toBe(201);
    for (const status of ['shipped', 'cancelled']) {
      expect((await ctx.api.patch(`/api/orders/${shipped.body.id}/status`, { status, reason: 'test' }, ctx.adminToken)).status).toBe(200);
    }
    expect((await guestCheckout(ctx.api, [{ sku, quantity: 1 }], { card: DECLINED_CARD })).status).toBe(402);
    expect((await ctx.api.delete(`/api/products/${productId}`, ctx.adminToken)).status).toBe(204);
    expect((await ctx.api.delete(`/api/users/${customer.id}`, ctx.adminToken)).status).toBe(204);

    // The refund of the cancelled shipped order may settle after the answer: read until every kind is there.
    const expected = ['user.registered', 'user.updated', 'user.password_reset_requested', 'user.sessions_revoked', 'user.deleted',
      'product.created', 'product.updated', 'product.deleted', 'inventory.adjusted', 'inventory.stock_changed', 'inventory.low_stock',
      'payment.authorized', 'payment.captured', 'payment.refunded', 'payment.declined', 'order.created', 'order.status_changed'];
    const rows = await eventually(everyOutboxRow, (found) => expected.every((type) => found.some((r) => r.type === type)));
    expect(expected.filter((type) => !rows.some((r) => r.type === type))).toEqual([]);
    const errors = rows.flatMap((row) => (isEventType(row.type) ? eventDataErrors(row.type, row.data) : [`${row.type} is not in EVENT_CATALOG`]).map((e) => `${row.service}: ${e}`));
    expect(errors).toEqual([]);
  });
});
