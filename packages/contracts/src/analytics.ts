// Orders' analytics (`GET /orders/analytics`, admin): figures per currency over a period of days.
import { Type, type Static } from '@sinclair/typebox';
import { CHANNEL_PATTERN } from './channels.js';

/** The longest period one request may ask for, so the by-day list stays bounded. */
export const ANALYTICS_MAX_DAYS = 366;
const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

export const AnalyticsQuerySchema = Type.Object({
  from: Type.Optional(Type.String({ pattern: DATE_PATTERN, description: 'first day (YYYY-MM-DD, in tz), included; default 29 days before `to`' })),
  to: Type.Optional(Type.String({ pattern: DATE_PATTERN, description: 'last day (YYYY-MM-DD, in tz), included; default today in tz' })),
  channel: Type.Optional(Type.String({ pattern: CHANNEL_PATTERN, description: 'only the orders of this channel' })),
  tz: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone the days are counted in (default UTC)' })),
});
export type AnalyticsQuery = Static<typeof AnalyticsQuerySchema>;

const Money = Type.Number({ description: 'two decimals' });
const Count = Type.Integer({ minimum: 0 });

const TopProductSchema = Type.Object({ sku: Type.String(), product_id: Type.String(), name: Type.String(), revenue: Money, units: Count });

/** One currency's figures over one period. Placed orders are every order not cancelled; cancelled ones are counted apart. */
export const AnalyticsFiguresSchema = Type.Object({
  revenue: Money,
  orders: Count,
  average_order_value: Type.Number({ description: 'revenue / orders, two decimals; 0 without orders' }),
  cancelled: Type.Object({ orders: Count, amount: Money }),
  refunds: Type.Object({ count: Count, amount: Money }, { description: 'refunds made in the period (by the time of the refund) of this currency\'s orders' }),
  by_day: Type.Array(Type.Object({ date: Type.String(), revenue: Money, orders: Count, cancelled_orders: Count, cancelled_amount: Money }), {
    description: 'every day of the period in tz, days without orders included',
  }),
  by_status: Type.Array(Type.Object({ status: Type.String(), orders: Count, amount: Money }), { description: 'every order of the period, cancelled included' }),
  by_channel: Type.Array(Type.Object({ channel: Type.String(), revenue: Money, orders: Count }), { description: 'placed orders, by revenue' }),
  top_products_by_revenue: Type.Array(TopProductSchema, { maxItems: 10 }),
  top_products_by_units: Type.Array(TopProductSchema, { maxItems: 10 }),
});
export type AnalyticsFigures = Static<typeof AnalyticsFiguresSchema>;

export const AnalyticsSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  tz: Type.String(),
  channel: Type.Union([Type.String(), Type.Null()]),
  previous: Type.Object({ from: Type.String(), to: Type.String() }, { description: 'the period of the same length just before' }),
  currencies: Type.Array(
    Type.Composite([Type.Object({ currency: Type.String() }), AnalyticsFiguresSchema, Type.Object({ previous: AnalyticsFiguresSchema })]),
    { description: 'one entry per currency with orders in either period' },
  ),
});
export type Analytics = Static<typeof AnalyticsSchema>;
