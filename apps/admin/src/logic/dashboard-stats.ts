import type { Order, OrderStatus } from '@storefleet/contracts';

/** A date range of whole days, `YYYY-MM-DD`, both ends included. */
export interface DayRange {
  from: string;
  to: string;
}

export interface Point {
  label: string;
  value: number;
}

/**
 * What the dashboard charts. It is computed here from the orders of the range (GET /api/orders); once the
 * orders service answers GET /api/orders/analytics, the dashboard reads this from there instead and only
 * the fetching function changes.
 */
export interface DashboardStats {
  revenueByDay: Point[];
  ordersByStatus: Point[];
  revenueByChannel: Point[];
  /** Best sellers by units sold. */
  topProducts: (Point & { sku: string })[];
  orders: number;
  revenue: number;
}

/** Orders whose money was lost count in the status chart but not in revenue. */
const NO_REVENUE: ReadonlySet<OrderStatus> = new Set(['cancelled']);

const round = (value: number) => Math.round(value * 100) / 100;

/** Every day of the range, in order, so a day without orders shows as a zero bar rather than missing. */
export function daysOf(range: DayRange): string[] {
  const days: string[] = [];
  const end = Date.parse(`${range.to}T00:00:00Z`);
  for (let t = Date.parse(`${range.from}T00:00:00Z`); t <= end && days.length < 366; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** The range's bounds as the orders API takes them: `from` inclusive, `to` exclusive (the day after the last). */
export function rangeQuery(range: DayRange): { from: string; to: string } {
  const to = new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000);
  return { from: `${range.from}T00:00:00.000Z`, to: to.toISOString() };
}

/** The last `days` days up to `today`, both included. */
export function lastDays(days: number, today = new Date()): DayRange {
  const to = today.toISOString().slice(0, 10);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

function sortedPoints(totals: Map<string, number>): Point[] {
  return [...totals].map(([label, value]) => ({ label, value: round(value) })).sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
}

/** The dashboard's figures from the orders created in the range (days in UTC). */
export function statsFromOrders(orders: readonly Order[], range: DayRange, top = 5): DashboardStats {
  const byDay = new Map(daysOf(range).map((day) => [day, 0]));
  const byStatus = new Map<string, number>();
  const byChannel = new Map<string, number>();
  const products = new Map<string, { label: string; value: number }>();
  let revenue = 0;
  for (const order of orders) {
    byStatus.set(order.status, (byStatus.get(order.status) ?? 0) + 1);
    if (NO_REVENUE.has(order.status)) continue;
    const day = order.created_at.slice(0, 10);
    if (byDay.has(day)) byDay.set(day, byDay.get(day)! + order.total);
    byChannel.set(order.channel, (byChannel.get(order.channel) ?? 0) + order.total);
    revenue += order.total;
    for (const line of order.items) {
      const product = products.get(line.sku) ?? { label: line.name, value: 0 };
      product.value += line.quantity;
      products.set(line.sku, product);
    }
  }
  return {
    revenueByDay: [...byDay].map(([label, value]) => ({ label, value: round(value) })),
    ordersByStatus: sortedPoints(byStatus),
    revenueByChannel: sortedPoints(byChannel),
    topProducts: [...products]
      .map(([sku, p]) => ({ sku, label: p.label, value: p.value }))
      .sort((a, b) => b.value - a.value || a.sku.localeCompare(b.sku))
      .slice(0, top),
    orders: orders.length,
    revenue: round(revenue),
  };
}
