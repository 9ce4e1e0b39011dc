import type { Db, Queryable } from '@storefleet/kit';
import type { AnalyticsFigures } from '@storefleet/contracts';

/** Which orders a figure reads: created in [start, end) (the period's first and after-last midnight in tz), of one channel or all. */
export interface AnalyticsScope {
  from: string;
  /** The day after the last, YYYY-MM-DD. */
  until: string;
  tz: string;
  channel?: string;
}

type Numeric = string;
const money = (value: Numeric | null) => (value === null ? 0 : Number(value));

/** The figures of one period, per currency; days without orders are absent from by_day (the caller lists every day). */
export type PeriodFigures = Map<string, Omit<AnalyticsFigures, 'by_day'> & { by_day: Map<string, AnalyticsFigures['by_day'][number]> }>;

// $1 first day, $2 day after the last, $3 time zone, $4 channel or NULL. Midnight of a day in tz is `day::timestamp AT TIME ZONE tz`.
const PERIOD = `o.created_at >= ($1::date::timestamp AT TIME ZONE $3) AND o.created_at < ($2::date::timestamp AT TIME ZONE $3)
  AND o.deleted_at IS NULL AND ($4::text IS NULL OR o.channel = $4)`;

export type AnalyticsStore = ReturnType<typeof createAnalyticsStore>;

/**
 * Analytics in SQL over orders' own tables: each figure is one aggregate query, all of them in one
 * read-only snapshot so they agree with each other.
 */
export function createAnalyticsStore(db: Db, options: { /** bench:analytics --explain: each query's EXPLAIN ANALYZE, run before it */ explain?: (plan: string) => void } = {}) {
  async function period(tx: Queryable, scope: AnalyticsScope): Promise<PeriodFigures> {
    const explain = options.explain;
    const q: Queryable = explain
      ? { query: (async (text: string, values?: unknown[]) => {
          const plan = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
          explain(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
          return tx.query(text, values);
        }) as Queryable['query'] }
      : tx;
    const params = [scope.from, scope.until, scope.tz, scope.channel ?? null];
    const figures: PeriodFigures = new Map();
    const of = (currency: string) => {
      let entry = figures.get(currency);
      if (!entry) {
        entry = {
          revenue: 0, orders: 0, average_order_value: 0, cancelled: { orders: 0, amount: 0 }, refunds: { count: 0, amount: 0 },
          by_day: new Map(), by_status: [], by_channel: [], top_products_by_revenue: [], top_products_by_units: [],
        };
        figures.set(currency, entry);
      }
      return entry;
    };

    // Per day and, in the same pass, for the whole period (the grouping set without the day).
    const days = await q.query<{ currency: string; day: string | null; revenue: Numeric | null; orders: string; aov: Numeric | null; cancelled_orders: string; cancelled_amount: Numeric | null }>(
      `SELECT o.currency, to_char((o.created_at AT TIME ZONE $3)::date, 'YYYY-MM-DD') AS day,
              sum(o.total) FILTER (WHERE o.status <> 'cancelled') AS revenue,
              count(*) FILTER (WHERE o.status <> 'cancelled') AS orders,
              round(avg(o.total) FILTER (WHERE o.status <> 'cancelled'), 2) AS aov,
              count(*) FILTER (WHERE o.status = 'cancelled') AS cancelled_orders,
              sum(o.total) FILTER (WHERE o.status = 'cancelled') AS cancelled_amount
         FROM orders o WHERE ${PERIOD}
        GROUP BY GROUPING SETS ((o.currency, (o.created_at AT TIME ZONE $3)::date), (o.currency))`,
      params,
    );
    for (const row of days.rows) {
      const entry = of(row.currency);
      const revenue = money(row.revenue), orders = Number(row.orders), cancelledOrders = Number(row.cancelled_orders), cancelledAmount = money(row.cancelled_amount);
      if (row.day === null) {
        Object.assign(entry, { revenue, orders, average_order_value: money(row.aov), cancelled: { orders: cancelledOrders, amount: cancelledAmount } });
      } else {
        entry.by_day.set(row.day, { date: row.day, revenue, orders, cancelled_orders: cancelledOrders, cancelled_amount: cancelledAmount });
      }
    }

    const statuses = await q.query<{ currency: string; status: string; orders: string; amount: Numeric }>(
      `SELECT o.currency, o.status, count(*) AS orders, sum(o.total) AS amount FROM orders o WHERE ${PERIOD}
        GROUP BY o.currency, o.status ORDER BY o.currency, o.status`,
      params,
    );
    for (const row of statuses.rows) of(row.currency).by_status.push({ status: row.status, orders: Number(row.orders), amount: money(row.amount) });

    const channels = await q.query<{ currency: string; channel: string; revenue: Numeric; orders: string }>(
      `SELECT o.currency, o.channel, sum(o.total) AS revenue, count(*) AS orders FROM orders o WHERE ${PERIOD} AND o.status <> 'cancelled'
        GROUP BY o.currency, o.channel ORDER BY o.currency, revenue DESC, o.channel`,
      params,
    );
    for (const row of channels.rows) of(row.currency).by_channel.push({ channel: row.channel, revenue: money(row.revenue), orders: Number(row.orders) });

    // Each SKU's sales, ranked twice. Plain aggregates only (no array_agg), so groups stay narrow and hash in memory.
    const products = await q.query<{ currency: string; sku: string; product_id: string; name: string; revenue: Numeric; units: string; by_revenue: string; by_units: string }>(
      `SELECT * FROM (
         SELECT o.currency, l.sku, min(l.product_id::text) AS product_id, max(l.name) AS name, sum(l.line_total) AS revenue, sum(l.quantity) AS units,
                row_number() OVER (PARTITION BY o.currency ORDER BY sum(l.line_total) DESC, l.sku) AS by_revenue,
                row_number() OVER (PARTITION BY o.currency ORDER BY sum(l.quantity) DESC, l.sku) AS by_units
           FROM orders o JOIN order_lines l ON l.order_id = o.id
          WHERE ${PERIOD} AND o.status <> 'cancelled'
          GROUP BY o.currency, l.sku) ranked
        WHERE by_revenue <= 10 OR by_units <= 10`,
      params,
    );
    const ranked = products.rows.map((row) => ({ ...row, product: { sku: row.sku, product_id: row.product_id, name: row.name, revenue: money(row.revenue), units: Number(row.units) } }));
    for (const row of [...ranked].sort((a, b) => Number(a.by_revenue) - Number(b.by_revenue))) {
      if (Number(row.by_revenue) <= 10) of(row.currency).top_products_by_revenue.push(row.product);
    }
    for (const row of [...ranked].sort((a, b) => Number(a.by_units) - Number(b.by_units))) {
      if (Number(row.by_units) <= 10) of(row.currency).top_products_by_units.push(row.product);
    }

    // Refunds made in the period, by when they were made, of orders of the channel.
    const refunds = await q.query<{ currency: string; count: string; amount: Numeric }>(
      `SELECT o.currency, count(*) AS count, sum(r.amount) AS amount
         FROM order_refunds r JOIN orders o ON o.id = r.order_id
        WHERE r.refunded_at >= ($1::date::timestamp AT TIME ZONE $3) AND r.refunded_at < ($2::date::timestamp AT TIME ZONE $3)
          AND ($4::text IS NULL OR o.channel = $4)
        GROUP BY o.currency`,
      params,
    );
    for (const row of refunds.rows) of(row.currency).refunds = { count: Number(row.count), amount: money(row.amount) };
    return figures;
  }

  return {
    /** The figures of each scope (the period and the one before it), from one snapshot. */
    async periods(scopes: AnalyticsScope[]): Promise<PeriodFigures[]> {
      return db.tx(async (tx) => {
        await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        const results: PeriodFigures[] = [];
        for (const scope of scopes) results.push(await period(tx, scope));
        return results;
      });
    },

    /**
     * Records a refund announced by payment.refunded (`refundedTotal`: the payment's total refunded so
     * far): the increase over what the order has recorded, once per event. Events of one order take
     * turns on its row, so two refunds arriving together are both counted.
     */
    async recordRefund(input: { eventId: string; orderId: string; refundedTotal: number; at: string }): Promise<void> {
      await db.tx(async (tx) => {
        const order = await tx.query('SELECT 1 FROM orders WHERE id = $1 FOR UPDATE', [input.orderId]);
        if (!order.rowCount) return;
        await tx.query(
          `INSERT INTO order_refunds (event_id, order_id, amount, refunded_total, refunded_at)
           SELECT $1, $2, $3::numeric - p.total, $3, $4
             FROM (SELECT COALESCE(max(refunded_total), 0) AS total FROM order_refunds WHERE order_id = $2) p
            WHERE $3::numeric > p.total
           ON CONFLICT (event_id) DO NOTHING`,
          [input.eventId, input.orderId, input.refundedTotal, input.at],
        );
      });
    },
  };
}
