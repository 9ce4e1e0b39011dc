import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import type { ChannelList, StockLevelList } from '@storefleet/contracts';
import { useApi } from '../session.js';
import { BarList, ColumnChart } from '../components/charts.js';
import { QueryState } from '../components/status.js';
import { StockBadge } from '../components/stock-badge.js';
import { lastDays, statsFromAnalytics, type Compared, type DayRange } from '../logic/dashboard-stats.js';
import { browserTimeZone, fetchDashboardStats } from '../logic/dashboard-source.js';
import { money } from '../logic/format.js';

const PRESETS = [7, 30, 90] as const;

/** A figure with its move against the previous period (▲ 12%), or "new" when there was nothing before. */
function Kpi({ label, figure, format = String }: { label: string; figure: Compared; format?: (value: number) => string }) {
  const change = figure.change;
  const trend = change === undefined ? (figure.value ? 'new' : '–') : `${change > 0 ? '▲' : change < 0 ? '▼' : '='} ${Math.abs(change)}%`;
  return (
    <p>
      <span className="kpi">{format(figure.value)}</span> {label}
      <span className={`trend ${change && change < 0 ? 'down' : 'up'}`} title={`previous period: ${format(figure.previous)}`}>
        {trend} <span className="muted">vs {format(figure.previous)}</span>
      </span>
    </p>
  );
}

export function Dashboard() {
  const api = useApi();
  const [range, setRange] = useState<DayRange>(() => lastDays(30));
  const [channel, setChannel] = useState('');
  const tz = browserTimeZone();
  const analytics = useQuery({ queryKey: ['dashboard', range, channel, tz], queryFn: () => fetchDashboardStats(api, range, channel, tz) });
  const channels = useQuery({ queryKey: ['channels'], queryFn: () => api.get<ChannelList>('/api/channels') });
  const alerts = useQuery({ queryKey: ['inventory', 'alerts'], queryFn: () => api.get<StockLevelList>('/api/inventory/alerts', { limit: 20 }) });

  return (
    <section>
      <h1>Dashboard</h1>
      <form className="filters" aria-label="Date range and channel" onSubmit={(e) => e.preventDefault()}>
        {PRESETS.map((days) => (
          <button key={days} type="button" onClick={() => setRange(lastDays(days))}>
            Last {days} days
          </button>
        ))}
        <label>
          From <input type="date" value={range.from} max={range.to} onChange={(e) => e.target.value && setRange({ ...range, from: e.target.value })} />
        </label>
        <label>
          To <input type="date" value={range.to} min={range.from} onChange={(e) => e.target.value && setRange({ ...range, to: e.target.value })} />
        </label>
        <label>
          Channel
          <select aria-label="Channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
            <option value="">All channels</option>
            {channels.data?.items.map((c) => (
              <option key={c.id} value={c.id}>{c.name} ({c.id})</option>
            ))}
          </select>
        </label>
      </form>
      <QueryState query={analytics} what="the figures">
        {(data) => {
          const currencies = statsFromAnalytics(data);
          if (currencies.length === 0) return <p className="muted">No orders from {data.from} to {data.to}, nor in the period before.</p>;
          return currencies.map((stats) => {
            const inCurrency = (value: number) => money(value, stats.currency);
            return (
              <div key={stats.currency} className="currency" data-testid={`figures-${stats.currency}`}>
                {currencies.length > 1 ? <h2>{stats.currency}</h2> : null}
                <div className="kpis">
                  <Kpi label="revenue" figure={stats.revenue} format={inCurrency} />
                  <Kpi label="orders" figure={stats.orders} />
                  <Kpi label="average order" figure={stats.averageOrderValue} format={inCurrency} />
                  <p>
                    <span className="kpi">{inCurrency(stats.refunds.amount)}</span> refunded ({stats.refunds.count}); {stats.cancelled.orders} cancelled ({inCurrency(stats.cancelled.amount)})
                  </p>
                </div>
                <p className="muted">
                  {data.from} to {data.to} ({data.tz}), compared with {data.previous.from} to {data.previous.to}.
                </p>
                <div className="charts">
                  <ColumnChart title="Revenue by day" points={stats.revenueByDay} format={inCurrency} />
                  <BarList title="Orders by status" points={stats.ordersByStatus} />
                  <BarList title="Revenue by channel" points={stats.revenueByChannel} format={inCurrency} />
                  <BarList title="Top products (units)" points={stats.topProducts} />
                </div>
              </div>
            );
          });
        }}
      </QueryState>
      <h2>Low stock</h2>
      <QueryState query={alerts} what="low-stock alerts">
        {(data) =>
          data.items.length === 0 ? (
            <p className="ok">Nothing is low on stock.</p>
          ) : (
            <ul className="alerts">
              {data.items.map((level) => (
                <li key={level.sku}>
                  <StockBadge level={level} /> <Link to={`/inventory?sku=${encodeURIComponent(level.sku)}`}>{level.sku}</Link>: {level.available} available (low at {level.low_stock_threshold})
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}
