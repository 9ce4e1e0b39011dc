import { describe, expect, it } from 'vitest';
import { SUCCESS_CARD, createStockedProduct, eventually } from '../support/commerce.js';
import { useTestSystem } from '../support/system.js';

const ctx = useTestSystem({ SEND_POLL_MS: '100' });

async function orderAs(token: string) {
  const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 10 });
  const placed = await ctx.api.request('POST', '/api/orders', { token, body: { items: [{ sku, quantity: 1 }], payment: SUCCESS_CARD } });
  expect(placed.status).toBe(201);
  return placed.body.id as string;
}

const mine = async (token: string) => (await ctx.api.get('/api/notifications', token)).body as { items: { id: string; kind: string; title: string; order_id: string; read_at: string | null }[]; unread: number };

describe('in-app notifications', () => {
  it('tell a customer about their own orders, newest first, with the unread count', async () => {
    const ada = await ctx.api.registerAndLogin();
    const orderId = await orderAs(ada.token);
    expect((await ctx.api.patch(`/api/orders/${orderId}/status`, { status: 'shipped' }, ctx.adminToken)).status).toBe(200);

    const list = await eventually(() => mine(ada.token), (body) => body.items.length === 2);
    expect(list.items.map((n) => [n.kind, n.order_id])).toEqual([['order.shipped', orderId], ['order.created', orderId]]);
    expect(list.unread).toBe(2);

    const read = await ctx.api.post(`/api/notifications/${list.items[1]!.id}/read`, undefined, ada.token);
    expect(read.status).toBe(200);
    expect(read.body.read_at).not.toBeNull();
    expect((await mine(ada.token)).unread).toBe(1);
    expect((await ctx.api.post('/api/notifications/read-all', undefined, ada.token)).body).toEqual({ marked: 1 });
    expect((await mine(ada.token)).unread).toBe(0);
  });

  it('shows a customer none of another customer\'s notifications: theirs answer 404', async () => {
    const ada = await ctx.api.registerAndLogin();
    const bob = await ctx.api.registerAndLogin();
    await orderAs(ada.token);
    const adas = await eventually(() => mine(ada.token), (body) => body.items.length === 1);
    expect((await mine(bob.token)).items).toEqual([]);
    expect((await ctx.api.post(`/api/notifications/${adas.items[0]!.id}/read`, undefined, bob.token)).status).toBe(404);
    expect((await mine(ada.token)).unread).toBe(1);
    expect((await ctx.api.get('/api/notifications')).status).toBe(401);
  });
});
