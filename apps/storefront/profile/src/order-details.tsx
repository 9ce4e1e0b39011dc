import type { Order, OrderStatus, TimelineEntry } from '@storefleet/contracts';
import { formatPrice } from '@storefleet/storefront-common';

/** The statuses a customer may cancel their own order from (the orders service's rule for customers). */
export const CUSTOMER_CANCELLABLE: readonly OrderStatus[] = ['pending', 'processing'];

export function StatusBadge({ status }: { status: string }) {
  return <span className={`status status-${status}`}>{status}</span>;
}

const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** One timeline entry in words: "Status changed from processing to shipped". */
export function timelineText(entry: TimelineEntry): string {
  switch (entry.type) {
    case 'created':
      return `Order placed${entry.to ? ` (${entry.to})` : ''}`;
    case 'status_changed':
      return `Status changed from ${entry.from ?? '–'} to ${entry.to ?? '–'}${entry.reason ? `: ${entry.reason.replace(/_/g, ' ')}` : ''}`;
    case 'updated':
      return 'Order updated';
    case 'deleted':
      return 'Order deleted';
    case 'imported':
      return `Order recorded from an earlier system${entry.to ? ` (${entry.to})` : ''}`;
  }
}

export function OrderDetails({ order, timeline }: { order: Order; timeline?: TimelineEntry[] }) {
  return (
    <div className="order-details">
      <p>
        Status: <StatusBadge status={order.status} /> · placed {when(order.created_at)} · {order.email}
      </p>
      {order.cancel_reason && <p>Cancelled: {order.cancel_reason.replace(/_/g, ' ')}</p>}
      <table className="table">
        <thead>
          <tr>
            <th>Product</th>
            <th className="num">Quantity</th>
            <th className="num">Total</th>
          </tr>
        </thead>
        <tbody>
          {order.items.map((item) => (
            <tr key={item.sku}>
              <td>{item.name}</td>
              <td className="num">{item.quantity}</td>
              <td className="num">{formatPrice(item.line_total, order.currency)}</td>
            </tr>
          ))}
          <tr>
            <th colSpan={2}>Total</th>
            <td className="num">
              <strong>{formatPrice(order.total, order.currency)}</strong>
            </td>
          </tr>
        </tbody>
      </table>
      {order.payment.last4 && (
        <p>
          Payment: {order.payment.brand ?? 'card'} ending in {order.payment.last4} ({order.payment.status ?? 'pending'})
        </p>
      )}
      {timeline && timeline.length > 0 && (
        <section aria-labelledby="timeline">
          <h2 id="timeline">Timeline</h2>
          <ol className="timeline">
            {timeline.map((entry) => (
              <li key={entry.id}>
                <time dateTime={entry.at}>{when(entry.at)}</time>: {timelineText(entry)}
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
