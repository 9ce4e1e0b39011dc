import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { OrderPage, OrderStatus } from '@storefleet/contracts';
import { useApi } from '../session.js';
import { Pager, QueryState } from '../components/status.js';
import { money, when } from '../logic/format.js';
import { rangeQuery } from '../logic/dashboard-stats.js';
import { ExportButton, ImportButton } from '../components/csv.js';

const LIMIT = 20;
/** The statuses an order can have (contracts' OrderStatus; a type cannot be listed at run time). */
export const STATUSES: readonly OrderStatus[] = ['pending', 'processing', 'shipped', 'delivered', 'cancelled'];

const FILTERS = ['status', 'email', 'channel', 'from', 'to'] as const;

export function Orders() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const filter = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const page = Number(params.get('page') ?? 1);
  // Dates are whole days: from the start of `from` to the end of `to`.
  const range = rangeQuery({ from: filter.from || '1970-01-01', to: filter.to || '9999-12-30' });
  const filters = {
    status: filter.status,
    email: filter.email,
    channel: filter.channel,
    from: filter.from ? range.from : undefined,
    to: filter.to ? range.to : undefined,
  };
  const orders = useQuery({
    queryKey: ['orders', filter, page],
    queryFn: () => api.get<OrderPage>('/api/orders', { ...filters, page, limit: LIMIT }),
    placeholderData: keepPreviousData,
  });

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: Record<string, string> = {};
    for (const name of FILTERS) {
      const value = String(form.get(name) ?? '').trim();
      if (value) next[name] = value;
    }
    setParams(next);
  }

  return (
    <section>
      <div className="heading">
        <h1>Orders</h1>
        <div className="actions">
          <ExportButton resource="orders" query={filters} />
          <ImportButton resource="orders" />
        </div>
      </div>
      <form className="filters" role="search" onSubmit={apply} aria-label="Filter orders">
        <label>
          Status
          <select name="status" defaultValue={filter.status}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Email <input name="email" type="search" defaultValue={filter.email} />
        </label>
        <label>
          Channel <input name="channel" defaultValue={filter.channel} placeholder="web" size={8} />
        </label>
        <label>
          From <input name="from" type="date" defaultValue={filter.from} />
        </label>
        <label>
          To <input name="to" type="date" defaultValue={filter.to} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <QueryState query={orders} what="orders">
        {(data) => (
          <>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Order</th>
                    <th className="wide-only">Placed</th>
                    <th>Email</th>
                    <th className="wide-only">Channel</th>
                    <th>Status</th>
                    <th className="num">Total</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((o) => (
                    <tr key={o.id}>
                      <td><Link to={`/orders/${o.id}`}><code>{o.id.slice(0, 8)}</code></Link></td>
                      <td className="wide-only">{when(o.created_at)}</td>
                      <td>{o.email}</td>
                      <td className="wide-only">{o.channel}</td>
                      <td><span className={`badge status-${o.status}`}>{o.status}</span></td>
                      <td className="num">{money(o.total, o.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {data.items.length === 0 ? <p className="muted">No order matches.</p> : null}
            </div>
            <Pager page={page} limit={LIMIT} total={data.total} onPage={(next) => setParams({ ...Object.fromEntries(params), page: String(next) })} />
          </>
        )}
      </QueryState>
    </section>
  );
}
