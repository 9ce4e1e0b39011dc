import type { Analytics, AnalyticsFigures, AnalyticsQuery } from '@storefleet/contracts';
import { analyticsPeriod } from '../domain/analytics-period.js';
import type { AnalyticsStore, PeriodFigures } from '../store/analytics-store.js';

export type OrderAnalytics = ReturnType<typeof createOrderAnalytics>;

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

const EMPTY: Omit<AnalyticsFigures, 'by_day'> = {
  revenue: 0, orders: 0, average_order_value: 0, cancelled: { orders: 0, amount: 0 }, refunds: { count: 0, amount: 0 },
  by_status: [], by_channel: [], top_products_by_revenue: [], top_products_by_units: [],
};

/** One currency's figures with every day of the period listed, days without orders as zeros. */
function figuresOf(period: PeriodFigures, currency: string, days: string[]): AnalyticsFigures {
  const found = period.get(currency);
  const byDay = days.map((date) => found?.by_day.get(date) ?? { date, revenue: 0, orders: 0, cancelled_orders: 0, cancelled_amount: 0 });
  return { ...EMPTY, ...found, by_day: byDay };
}

/** `GET /orders/analytics`: the period's figures per currency, beside the previous period's. */
export function createOrderAnalytics(deps: { analytics: AnalyticsStore }) {
  return {
    async report(query: AnalyticsQuery): Promise<Analytics> {
      const period = analyticsPeriod(query);
      const scope = (from: string, to: string) => ({ from, until: nextDay(to), tz: period.tz, channel: query.channel });
      const [current, previous] = await deps.analytics.periods([scope(period.from, period.to), scope(period.previous.from, period.previous.to)]);
      const currencies = [...new Set([...current!.keys(), ...previous!.keys()])].sort();
      return {
        from: period.from,
        to: period.to,
        tz: period.tz,
        channel: query.channel ?? null,
        previous: { from: period.previous.from, to: period.previous.to },
        currencies: currencies.map((currency) => ({
          currency,
          ...figuresOf(current!, currency, period.days),
          previous: figuresOf(previous!, currency, period.previous.days),
        })),
      };
    },
  };
}
