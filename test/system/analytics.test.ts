import { beforeAll, describe, expect, it } from 'vitest';
import { createStockedProduct, eventually, guestCheckout } from '../support/commerce.js';
import { useTestSystem } from '../support/system.js';

const ctx = useTestSystem();

interface Placed { id: string; payment: { id: string }; channel: string; status: string; total: number; created_at: string; items: { sku: string; product_id: string; name: string; quantity: number; line_total: number }[] }

const DAY_MS = 86_400_000;
const utcDate = (time: number) => new Date(time).toISOString().slice(0, 10);
/** The date of an instant in a time zone, as the report's days are. */
const dateIn = (iso: string, tz: string) => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
const cents = (amount: number) => Math.round(amount * 100);
const sum = (values: number[]) => values.reduce((a, b) => a + cents(b), 0) / 100;

describe('order analytics', () => {
  const orders: Placed[] = [];
  let from = '';
  let to = '';
  const report = async (query: string) => {
    const response = await ctx.api.get(`/api/orders/analytics?${query}`, ctx.adminToken);
    expect(response.status).toBe(200);
    return response.body;
  };

  // Five checkouts in two channels: one cancelled, one shipped and refunded in part.
  beforeAll(async () => {
    const created = await ctx.api.post('/api/channels', { id: 'outlet', name: 'Outlet' }, ctx.adminToken);
    const key = (await ctx.api.post('/api/channels/outlet/keys', undefined, ctx.adminToken)).body.key as string;
    expect(created.status).toBe(201);
    await eventually(() => ctx.api.request('GET', '/api/categories', { headers: { 'x-api-key': key } }), (r) => r.status === 200);
    const outlet = { 'x-api-key': key };

    const a = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 50, price: 100 });
    const b = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 50, price: 25.5 });
    const c = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 50, price: 7.25 });
    const checkouts: [unknown[], Record<string, string>][] = [
      [[{ sku: a.sku, quantity: 1 }, { sku: b.sku, quantity: 2 }], {}],
      [[{ sku: c.sku, quantity: 4 }], {}],
      [[{ sku: a.sku, quantity: 2 }], outlet],
      [[{ sku: b.sku, quantity: 1 }, { sku: c.sku, quantity: 1 }], outlet],
      [[{ sku: a.sku, quantity: 1 }], {}],
    ];
    for (const [items, headers] of checkouts) {
      const placed = await guestCheckout(ctx.api, items, { headers });
      expect(placed.status).toBe(201);
      orders.push(placed.body);
    }
    const cancelled = await ctx.api.patch(`/api/orders/${orders[4]!.id}/status`, { status: 'cancelled', reason: 'changed mind' }, ctx.adminToken);
    expect(cancelled.status).toBe(200);
    orders[4] = cancelled.body;
    const shipped = await ctx.api.patch(`/api/orders/${orders[2]!.id}/status`, { status: 'shipped' }, ctx.adminToken);
    expect(shipped.status).toBe(200);
    orders[2] = shipped.body;
    const refund = await ctx.api.post(`/api/payments/${orders[2]!.payment.id}/refund`, { amount: 50, reason: 'scratched lid' }, ctx.adminToken);
    expect(refund.status).toBe(200);

    const now = Date.now();
    from = utcDate(now - DAY_MS);
    to = utcDate(now + DAY_MS);
    // The refund reaches orders as an event.
    await eventually(() => report(`from=${from}&to=${to}`), (body) => body.currencies[0]?.refunds.count === 1);
  });

  /** The figures a report must show for these orders, worked out here from the orders themselves. */
  function expected(selected: Placed[], days: string[], tz: string, refunds: { count: number; amount: number }) {
    const placed = selected.filter((o) => o.status !== 'cancelled');
    const cancelled = selected.filter((o) => o.status === 'cancelled');
    const revenue = sum(placed.map((o) => o.total));
    const products = new Map<string, { sku: string; product_id: string; name: string; revenue: number; units: number }>();
    for (const line of placed.flatMap((o) => o.items)) {
      const entry = products.get(line.sku) ?? { sku: line.sku, product_id: line.product_id, name: line.name, revenue: 0, units: 0 };
      entry.revenue = sum([entry.revenue, line.line_total]);
      entry.units += line.quantity;
      products.set(line.sku, entry);
    }
    const bySku = (x: { sku: string }, y: { sku: string }) => (x.sku < y.sku ? -1 : 1);
    const statuses = [...new Set(selected.map((o) => o.status))].sort();
    const channels = [...new Set(placed.map((o) => o.channel))].map((channel) => {
      const of = placed.filter((o) => o.channel === channel);
      return { channel, revenue: sum(of.map((o) => o.total)), orders: of.length };
    });
    return {
      currency: 'EUR',
      revenue,
      orders: placed.length,
      average_order_value: placed.length ? Math.round(cents(revenue) / placed.length) / 100 : 0,
      cancelled: { orders: cancelled.length, amount: sum(cancelled.map((o) => o.total)) },
      refunds,
      by_day: days.map((date) => {
        const on = (list: Placed[]) => list.filter((o) => dateIn(o.created_at, tz) === date);
        return { date, revenue: sum(on(placed).map((o) => o.total)), orders: on(placed).length, cancelled_orders: on(cancelled).length, cancelled_amount: sum(on(cancelled).map((o) => o.total)) };
      }),
      by_status: statuses.map((status) => {
        const of = selected.filter((o) => o.status === status);
        return { status, orders: of.length, amount: sum(of.map((o) => o.total)) };
      }),
      by_channel: channels.sort((x, y) => y.revenue - x.revenue || (x.channel < y.channel ? -1 : 1)),
      top_products_by_revenue: [...products.values()].sort((x, y) => y.revenue - x.revenue || bySku(x, y)).slice(0, 10),
      top_products_by_units: [...products.values()].sort((x, y) => y.units - x.units || bySku(x, y)).slice(0, 10),
    };
  }

  const emptyDays = (days: string[]) => days.map((date) => ({ date, revenue: 0, orders: 0, cancelled_orders: 0, cancelled_amount: 0 }));
  const nothing = (days: string[]) => ({
    revenue: 0, orders: 0, average_order_value: 0, cancelled: { orders: 0, amount: 0 }, refunds: { count: 0, amount: 0 },
    by_day: emptyDays(days), by_status: [], by_channel: [], top_products_by_revenue: [], top_products_by_units: [],
  });
  const daysFrom = (first: string, count: number) => Array.from({ length: count }, (_, i) => utcDate(Date.parse(`${first}T00:00:00Z`) + i * DAY_MS));

  it('reports every figure of the period per currency, as worked out by hand, and the previous period', async () => {
    const body = await report(`from=${from}&to=${to}`);
    const previousFrom = utcDate(Date.parse(`${from}T00:00:00Z`) - 3 * DAY_MS);
    expect(body).toMatchObject({ from, to, tz: 'UTC', channel: null, previous: { from: previousFrom, to: utcDate(Date.parse(`${from}T00:00:00Z`) - DAY_MS) } });
    expect(body.currencies).toEqual([{ ...expected(orders, daysFrom(from, 3), 'UTC', { count: 1, amount: 50 }), previous: nothing(daysFrom(previousFrom, 3)) }]);
    // The same orders, worked out once more with the numbers written out.
    expect(body.currencies[0]).toMatchObject({ revenue: 412.75, orders: 4, average_order_value: 103.19, cancelled: { orders: 1, amount: 100 } });
    expect(body.currencies[0].by_channel).toEqual([{ channel: 'outlet', revenue: 232.75, orders: 2 }, { channel: 'web', revenue: 180, orders: 2 }]);
  });

  it("filters by channel: only that channel's orders and refunds", async () => {
    const body = await report(`from=${from}&to=${to}&channel=outlet`);
    const outlet = orders.filter((o) => o.channel === 'outlet');
    expect(body.channel).toBe('outlet');
    expect(body.currencies[0]).toMatchObject(expected(outlet, daysFrom(from, 3), 'UTC', { count: 1, amount: 50 }));
    const web = await report(`from=${from}&to=${to}&channel=web`);
    expect(web.currencies[0]).toMatchObject(expected(orders.filter((o) => o.channel === 'web'), daysFrom(from, 3), 'UTC', { count: 0, amount: 0 }));
  });

  it('counts days in the time zone asked for', async () => {
    const tz = 'Pacific/Kiritimati';
    const body = await report(`from=${from}&to=${to}&tz=${tz}`);
    expect(body.currencies[0].by_day).toEqual(expected(orders, daysFrom(from, 3), tz, { count: 1, amount: 50 }).by_day);
  });

  it.each([
    ['tz=Mars/Olympus', 'tz'],
    ['from=2026-13-01&to=2026-12-01', 'from'],
    ['from=2026-12-02&to=2026-12-01', 'from'],
    ['to=yesterday', 'to'],
    ['channel=Not%20a%20slug', 'channel'],
  ])('refuses %s with a 400 naming %s', async (query, field) => {
    const response = await ctx.api.get(`/api/orders/analytics?${query}`, ctx.adminToken);
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('is for admins only', async () => {
    const customer = await ctx.api.registerAndLogin();
    expect((await ctx.api.get('/api/orders/analytics', customer.token)).status).toBe(403);
    expect((await ctx.api.get('/api/orders/analytics')).status).toBe(401);
  });
});
