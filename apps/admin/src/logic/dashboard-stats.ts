import type { Analytics, AnalyticsFigures } from '@storefleet/contracts';

/** A date range of whole days, `YYYY-MM-DD`, both ends included. */
export interface DayRange {
  from: string;
  to: string;
}

export interface Point {
  label: string;
  value: number;
}

/** A figure of the period beside the same figure of the period just before, and how much it moved. */
export interface Compared {
  value: number;
  previous: number;
  /** The change in percent, rounded; undefined when the previous period had nothing to compare with. */
  change: number | undefined;
}

/** What the dashboard charts for one currency: the orders service's analytics, shaped for the charts. */
export interface DashboardStats {
  currency: string;
  revenue: Compared;
  orders: Compared;
  averageOrderValue: Compared;
  cancelled: AnalyticsFigures['cancelled'];
  refunds: AnalyticsFigures['refunds'];
  revenueByDay: Point[];
  ordersByStatus: Point[];
  revenueByChannel: Point[];
  /** Best sellers by units sold. */
  topProducts: (Point & { sku: string })[];
}

/** The range's bounds as the orders list takes them: `from` inclusive, `to` exclusive (the day after the last). */
export function rangeQuery(range: DayRange): { from: string; to: string } {
  const to = new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000);
  return { from: `${range.from}T00:00:00.000Z`, to: to.toISOString() };
}

/** The last `days` days up to `today` (the browser's calendar day, as the analytics count days in its time zone), both included. */
export function lastDays(days: number, today = new Date()): DayRange {
  const to = new Date(today.getTime() - today.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

export function compare(value: number, previous: number): Compared {
  return { value, previous, change: previous === 0 ? undefined : Math.round(((value - previous) / previous) * 100) };
}

/** One entry per currency the analytics answered, the currency with most revenue first. */
export function statsFromAnalytics(analytics: Analytics, top = 5): DashboardStats[] {
  return analytics.currencies
    .map((figures) => ({
      currency: figures.currency,
      revenue: compare(figures.revenue, figures.previous.revenue),
      orders: compare(figures.orders, figures.previous.orders),
      averageOrderValue: compare(figures.average_order_value, figures.previous.average_order_value),
      cancelled: figures.cancelled,
      refunds: figures.refunds,
      revenueByDay: figures.by_day.map((day) => ({ label: day.date, value: day.revenue })),
      ordersByStatus: figures.by_status.filter((s) => s.orders > 0).map((s) => ({ label: s.status, value: s.orders })),
      revenueByChannel: figures.by_channel.map((c) => ({ label: c.channel, value: c.revenue })),
      topProducts: figures.top_products_by_units.slice(0, top).map((p) => ({ sku: p.sku, label: p.name, value: p.units })),
    }))
    .sort((a, b) => b.revenue.value - a.revenue.value || a.currency.localeCompare(b.currency));
}
