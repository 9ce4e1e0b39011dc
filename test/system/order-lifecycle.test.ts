import { describe, expect, it } from 'vitest';
import { useTestSystem } from '../support/system.js';
import { createStockedProduct, eventually, guestCheckout, stockOf } from '../support/commerce.js';

const ctx = useTestSystem();

const STATUSES = ['pending', 'processing', 'shipped', 'delivered', 'cancelled'] as const;
const LEGAL: Record<string, string[]> = {
  pending: ['processing', 'cancelled'],
  processing: ['shipped', 'cancelled'],
  shipped: ['delivered', 'cancelled'],
  delivered: [],
  cancelled: ['pending'],
};

const setStatus = (id: string, status: string, token = ctx.adminToken) => ctx.api.patch(`/api/orders/${id}/status`, { status, reason: 'test' }, token);
const paymentStatus = async (orderId: string) => (await ctx.api.get(`/api/payments?order_id=${orderId}`, ctx.adminToken)).body.items.map((p: any) => p.status);

/** A placed order (processing) of `quantity` units of a fresh SKU with 10 in stock. */
async function placedOrder(quantity = 2) {
  const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 10 });
  const placed = await guestCheckout(ctx.api, [{ sku, quantity }]);
  expect(placed.status).toBe(201);
  return { sku, id: placed.body.id as string };
}

/** Walks a fresh order to `status` along legal transitions. */
async function orderIn(status: string) {
  const order = await placedOrder();
  const path: Record<string, string[]> = {
    processing: [],
    pending: ['cancelled', 'pending'],
    shipped: ['shipped'],
    delivered: ['shipped', 'delivered'],
    cancelled: ['cancelled'],
  };
  for (const step of path[status]!) expect((await setStatus(order.id, step)).status).toBe(200);
  return order;
}

describe('the order status machine', () => {
  const cases = STATUSES.flatMap((from) => STATUSES.filter((to) => to !== from).map((to) => [from, to, LEGAL[from]!.includes(to)] as const));

  it.each(cases)('%s → %s (legal: %s)', async (from, to, legal) => {
    const order = await orderIn(from);
    const response = await setStatus(order.id, to);
    if (legal) {
      expect(response.status).toBe(200);
      expect(response.body.status).toBe(to);
    } else {
      expect(response.status).toBe(409);
      expect(response.body.allowed).toEqual(expect.arrayContaining(LEGAL[from]!));
      expect(response.body.allowed).toHaveLength(LEGAL[from]!.length);
      expect((await ctx.api.get(`/api/orders/${order.id}`, ctx.adminToken)).body.status).toBe(from);
    }
  });

  it('restores stock on cancel, re-reserves on reactivation, and moves the money with the goods', async () => {
    const { sku, id } = await placedOrder(3);
    expect(await stockOf(ctx.api, ctx.adminToken, sku)).toMatchObject({ on_hand: 7, reserved: 0 });
    expect(await paymentStatus(id)).toEqual(['authorized']);

    await setStatus(id, 'cancelled');
    expect(await stockOf(ctx.api, ctx.adminToken, sku)).toMatchObject({ on_hand: 10, reserved: 0, available: 10 });
    expect(await paymentStatus(id)).toEqual(['voided']);

    await setStatus(id, 'pending');
    expect(await stockOf(ctx.api, ctx.adminToken, sku)).toMatchObject({ on_hand: 10, reserved: 3, available: 7 });
    await setStatus(id, 'processing');
    expect(await stockOf(ctx.api, ctx.adminToken, sku)).toMatchObject({ on_hand: 7, reserved: 0, available: 7 });

    const shipped = await placedOrder(1);
    await setStatus(shipped.id, 'shipped');
    expect(await paymentStatus(shipped.id)).toEqual(['captured']);
    await setStatus(shipped.id, 'cancelled');
    expect(await stockOf(ctx.api, ctx.adminToken, shipped.sku)).toMatchObject({ on_hand: 10, reserved: 0 });
    expect(await paymentStatus(shipped.id)).toEqual(['refunded']);

    const timeline = await ctx.api.get(`/api/orders/${shipped.id}/timeline`, ctx.adminToken);
    const changes = timeline.body.items.filter((e: any) => e.type === 'status_changed').map((e: any) => [e.from, e.to]);
    expect(changes).toEqual([['pending', 'processing'], ['processing', 'shipped'], ['shipped', 'cancelled']]);
  });

  it('refuses reactivation when the stock has gone, and leaves the order cancelled', async () => {
    const { sku, id } = await placedOrder(2);
    await setStatus(id, 'cancelled');
    await ctx.api.request('PUT', `/api/inventory/${sku}`, { token: ctx.adminToken, body: { on_hand: 1, reason: 'shrinkage' } });
    const response = await setStatus(id, 'pending');
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('out_of_stock');
    expect((await ctx.api.get(`/api/orders/${id}`, ctx.adminToken)).body.status).toBe('cancelled');
  });

  it('lets a customer cancel their own processing order but not ship it, and hides a deleted order', async () => {
    const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 5 });
    const customer = await ctx.api.registerAndLogin();
    const placed = await ctx.api.post('/api/orders', { items: [{ sku, quantity: 1 }], payment: { card_number: '4242424242424242' } }, customer.token);
    expect(placed.status).toBe(201);
    expect((await setStatus(placed.body.id, 'shipped', customer.token)).status).toBe(403);
    const cancelled = await setStatus(placed.body.id, 'cancelled', customer.token);
    expect(cancelled.status).toBe(200);
    expect(await stockOf(ctx.api, ctx.adminToken, sku)).toMatchObject({ on_hand: 5, reserved: 0 });

    expect((await ctx.api.delete(`/api/orders/${placed.body.id}`, customer.token)).status).toBe(403);
    expect((await ctx.api.delete(`/api/orders/${placed.body.id}`, ctx.adminToken)).status).toBe(204);
    expect((await ctx.api.get(`/api/orders/${placed.body.id}`, customer.token)).status).toBe(404);
    expect((await ctx.api.get('/api/orders', customer.token)).body.items).toEqual([]);
  });
});

describe('checkout validation', () => {
  const badItems: [string, () => Promise<unknown[]>, RegExp][] = [
    ['101 lines', async () => Array.from({ length: 101 }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1 })), /^items$/],
    ['a duplicate SKU', async () => [{ sku: 'LAP-X', quantity: 1 }, { sku: 'LAP-X', quantity: 2 }], /^items\.1\.sku$/],
    ['quantity 0', async () => [{ sku: 'LAP-X', quantity: 0 }], /^items\.0\.quantity$/],
    ['quantity 10,001', async () => [{ sku: 'LAP-X', quantity: 10_001 }], /^items\.0\.quantity$/],
    ['a negative price', async () => [{ sku: 'LAP-X', quantity: 1, price: -1 }], /^items\.0\.price$/],
    ['an unknown SKU', async () => [{ sku: 'NO-SUCH-SKU-123', quantity: 1 }], /^items\.0\.sku$/],
  ];

  it.each(badItems)('refuses %s with a problem naming the field', async (_name, items, field) => {
    const response = await guestCheckout(ctx.api, await items());
    expect([400, 422]).toContain(response.status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.errors.map((e: any) => e.field)).toEqual(expect.arrayContaining([expect.stringMatching(field)]));
  });

  it('asks a guest for an email and a valid card number', async () => {
    const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 5 });
    const noEmail = await ctx.api.post('/api/orders', { items: [{ sku, quantity: 1 }], payment: { card_number: '4242424242424242' } });
    expect(noEmail.status).toBe(400);
    expect(noEmail.body.errors.map((e: any) => e.field)).toContain('email');
    const badCard = await guestCheckout(ctx.api, [{ sku, quantity: 1 }], { card: { card_number: '4242 4242 4242 4241' } });
    expect(badCard.status).toBe(400);
    expect(badCard.body.errors.map((e: any) => e.field)).toContain('payment.card_number');
    expect(await eventually(() => stockOf(ctx.api, ctx.adminToken, sku), (s) => s.reserved === 0)).toMatchObject({ on_hand: 5, reserved: 0 });
  });
});
