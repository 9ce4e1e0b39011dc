import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import type { StockLevelList } from '@storefleet/contracts';
import { useApi } from '../session.js';
import { BarList, ColumnChart } from '../components/charts.js';
import { QueryState } from '../components/status.js';
import { lastDays, type DayRange } from '../logic/dashboard-stats.js';
import { fetchDashboardStats } from '../logic/dashboard-source.js';
import { money } from '../logic/format.js';
import { StockBadge } from './inventory.js';

const PRESETS = [7, 30, 90] as const;

export function Dashboard() {
  const api = useApi();
  const [range, setRange] = useState<DayRange>(() => lastDays(30));
  const stats = useQuery({ queryKey: ['dashboard', range], queryFn: () => fetchDashboardStats(api, range) });
  const alerts = useQuery({ queryKey: ['inventory', 'alerts'], queryFn: () => api.get<StockLevelList>('/api/inventory/alerts', { limit: 20 }) });
  const eur = (value: number) => money(value);

  return (
    <section>
      <h1>Dashboard</h1>
      <form className="filters" aria-label="Date range" onSubmit={(e) => e.preventDefault()}>
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
      </form>
      <QueryState query={stats} what="the figures">
        {(data) => (
          <>
            <div className="kpis">
              <p>
                <span className="kpi">{money(data.revenue)}</span> revenue
              </p>
              <p>
                <span className="kpi">{data.orders}</span> orders
              </p>
            </div>
            {data.partial ? <p className="muted">Only the latest orders of this range are counted; choose a shorter range for exact figures.</p> : null}
            <div className="charts">
              <ColumnChart title="Revenue by day" points={data.revenueByDay} format={eur} />
              <BarList title="Orders by status" points={data.ordersByStatus} />
              <BarList title="Revenue by channel" points={data.revenueByChannel} format={eur} />
              <BarList title="Top products (units)" points={data.topProducts} />
            </div>
          </>
        )}
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
