import { describe, expect, it } from 'vitest';
import type { Analytics, AnalyticsFigures } from '@storefleet/contracts';
import { compare, lastDays, rangeQuery, statsFromAnalytics } from './dashboard-stats.js';

function figures(part: Partial<AnalyticsFigures>): AnalyticsFigures {
  return {
    revenue: 0, orders: 0, average_order_value: 0, cancelled: { orders: 0, amount: 0 }, refunds: { count: 0, amount: 0 },
    by_day: [], by_status: [], by_channel: [], top_products_by_revenue: [], top_products_by_units: [],
    ...part,
  };
}

function analytics(currencies: Analytics['currencies']): Analytics {
  return { from: '2026-12-01', to: '2026-12-02', tz: 'UTC', channel: null, previous: { from: '2026-11-29', to: '2026-11-30' }, currencies };
}

describe('dashboard figures from the analytics endpoint', () => {
  it('compares each figure with the previous period, in percent, and says nothing when there was nothing before', () => {
    expect(compare(150, 100)).toEqual({ value: 150, previous: 100, change: 50 });
    expect(compare(50, 200).change).toBe(-75);
    expect(compare(10, 0).change).toBeUndefined();
  });

  it('charts every day, the statuses that have orders, channels and the best sellers by units, the richest currency first', () => {
    const eur = figures({
      revenue: 30, orders: 2, average_order_value: 15,
      by_day: [{ date: '2026-12-01', revenue: 30, orders: 2, cancelled_orders: 0, cancelled_amount: 0 }, { date: '2026-12-02', revenue: 0, orders: 0, cancelled_orders: 0, cancelled_amount: 0 }],
      by_status: [{ status: 'processing', orders: 2, amount: 30 }, { status: 'shipped', orders: 0, amount: 0 }],
      by_channel: [{ channel: 'web', revenue: 30, orders: 2 }],
      top_products_by_units: [{ sku: 'A', product_id: 'p', name: 'Part A', revenue: 30, units: 3 }],
    });
    const [first, second] = statsFromAnalytics(analytics([
      { currency: 'USD', ...figures({ revenue: 5, orders: 1 }), previous: figures({}) },
      { currency: 'EUR', ...eur, previous: figures({ revenue: 20, orders: 4 }) },
    ]));
    expect(first!.currency).toBe('EUR');
    expect(first!.revenue).toEqual({ value: 30, previous: 20, change: 50 });
    expect(first!.orders.change).toBe(-50);
    expect(first!.revenueByDay).toEqual([{ label: '2026-12-01', value: 30 }, { label: '2026-12-02', value: 0 }]);
    expect(first!.ordersByStatus).toEqual([{ label: 'processing', value: 2 }]);
    expect(first!.revenueByChannel).toEqual([{ label: 'web', value: 30 }]);
    expect(first!.topProducts).toEqual([{ sku: 'A', label: 'Part A', value: 3 }]);
    expect(second!.currency).toBe('USD');
  });

  it('reads date ranges as whole days', () => {
    expect(rangeQuery({ from: '2026-12-01', to: '2026-12-31' })).toEqual({ from: '2026-12-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
    expect(lastDays(7, new Date('2026-12-07T15:00:00Z'))).toEqual({ from: '2026-12-01', to: '2026-12-07' });
  });
});
