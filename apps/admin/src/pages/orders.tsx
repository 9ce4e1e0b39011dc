import { Link } from 'react-router';
import type { OrderPage, OrderStatus } from '@storefleet/contracts';
import { ChoiceFilter, DayRangeFilter, ListPage, type Column } from '../components/list-page.js';
import { money, when } from '../logic/format.js';
import { dayRangeQuery } from '../logic/list-params.js';

/** The statuses an order can have (contracts' OrderStatus; a type cannot be listed at run time). */
export const STATUSES: readonly OrderStatus[] = ['pending', 'processing', 'shipped', 'delivered', 'cancelled'];

const FILTERS = ['status', 'email', 'channel', 'from', 'to'] as const;

const COLUMNS: Column<OrderPage['items'][number]>[] = [
  { header: 'Order', cell: (o) => <Link to={`/orders/${o.id}`}><code>{o.id.slice(0, 8)}</code></Link> },
  { header: 'Placed', className: 'wide-only', cell: (o) => when(o.created_at) },
  { header: 'Email', cell: (o) => o.email },
  { header: 'Channel', className: 'wide-only', cell: (o) => o.channel },
  { header: 'Status', cell: (o) => <span className={`badge status-${o.status}`}>{o.status}</span> },
  { header: 'Total', className: 'num', cell: (o) => money(o.total, o.currency) },
];

export function Orders() {
  return (
    <ListPage
      title="Orders"
      what="orders"
      queryKey="orders"
      path="/api/orders"
      filters={FILTERS}
      // Dates are whole days: from the start of `from` to the end of `to`.
      query={(f) => ({ status: f.status, email: f.email, channel: f.channel, ...dayRangeQuery(f.from, f.to) })}
      csv="orders"
      fields={(f) => (
        <>
          <ChoiceFilter label="Status" name="status" value={f.status} choices={STATUSES} />
          <label>
            Email <input name="email" type="search" defaultValue={f.email} />
          </label>
          <label>
            Channel <input name="channel" defaultValue={f.channel} placeholder="web" size={8} />
          </label>
          <DayRangeFilter from={f.from} to={f.to} />
        </>
      )}
      columns={COLUMNS}
      rowKey={(o) => o.id}
      empty="No order matches."
    />
  );
}
