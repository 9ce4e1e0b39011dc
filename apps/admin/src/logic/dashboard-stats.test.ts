import { describe, expect, it } from 'vitest';
import type { Order } from '@storefleet/contracts';
import { daysOf, lastDays, rangeQuery, statsFromOrders } from './dashboard-stats.js';

function order(part: Partial<Order> & Pick<Order, 'status' | 'created_at' | 'total'>, lines: [sku: string, quantity: number][] = []): Order {
  return {
    id: crypto.randomUUID(),
    user_id: null,
    email: 'a@example.com',
    phone: null,
    channel: 'web',
    currency: 'EUR',
    subtotal: part.total,
    payment: { id: null, status: null, brand: null, last4: null },
    cancel_reason: null,
    saga: { state: 'done', pending: [] },
    updated_at: part.created_at,
    items: lines.map(([sku, quantity]) => ({ sku, product_id: crypto.randomUUID(), name: `Part ${sku}`, quantity, unit_price: 1, line_total: quantity, warranty_months: 0, serials: [] })),
    ...part,
  };
}

describe('dashboard figures from orders', () => {
  const range = { from: '2026-12-01', to: '2026-12-03' };

  it('gives every day of the range a bar, zero when nothing was sold, and leaves cancelled orders out of revenue', () => {
    const stats = statsFromOrders(
      [
        order({ status: 'processing', created_at: '2026-12-01T10:00:00Z', total: 10.1 }),
        order({ status: 'shipped', created_at: '2026-12-01T23:59:59Z', total: 5.2 }),
        order({ status: 'cancelled', created_at: '2026-12-03T08:00:00Z', total: 99 }),
      ],
      range,
    );
    expect(stats.revenueByDay).toEqual([
      { label: '2026-12-01', value: 15.3 },
      { label: '2026-12-02', value: 0 },
      { label: '2026-12-03', value: 0 },
    ]);
    expect(stats.revenue).toBe(15.3);
    expect(stats.orders).toBe(3);
    // Cancelled orders still count by status.
    expect(stats.ordersByStatus).toEqual([
      { label: 'cancelled', value: 1 },
      { label: 'processing', value: 1 },
      { label: 'shipped', value: 1 },
    ]);
  });

  it('ranks channels by revenue and products by units sold, ties by SKU, keeping the top ones', () => {
    const stats = statsFromOrders(
      [
        order({ status: 'processing', created_at: '2026-12-02T10:00:00Z', total: 30, channel: 'nyc' }, [['B', 2], ['A', 1]]),
        order({ status: 'delivered', created_at: '2026-12-02T11:00:00Z', total: 20 }, [['A', 1], ['C', 5]]),
        order({ status: 'cancelled', created_at: '2026-12-02T12:00:00Z', total: 50 }, [['D', 50]]),
      ],
      range,
      2,
    );
    expect(stats.revenueByChannel).toEqual([{ label: 'nyc', value: 30 }, { label: 'web', value: 20 }]);
    expect(stats.topProducts).toEqual([
      { sku: 'C', label: 'Part C', value: 5 },
      { sku: 'A', label: 'Part A', value: 2 },
    ]);
  });

  it('turns a range of days into the API\'s from (inclusive) and to (exclusive) instants', () => {
    expect(rangeQuery(range)).toEqual({ from: '2026-12-01T00:00:00.000Z', to: '2026-12-04T00:00:00.000Z' });
    expect(daysOf({ from: '2026-02-27', to: '2026-03-01' })).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(lastDays(7, new Date('2026-12-07T15:00:00Z'))).toEqual({ from: '2026-12-01', to: '2026-12-07' });
  });
});
