import { Link, useLocation, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import type { Order } from '@storefleet/contracts';
import { ErrorNote, Loading, formatPrice, storefront, useSession } from '@storefleet/storefront-common';

export function ConfirmationPage() {
  const { id = '' } = useParams();
  const placed = (useLocation().state as { order?: Order } | null)?.order;
  const session = useSession();
  const { api } = storefront();
  // After a reload the page has no order in its state: a signed-in user reads it again; a guest looks it up.
  const fetched = useQuery({ queryKey: ['orders', id], queryFn: () => api.get<Order>(`/api/orders/${id}`), enabled: !placed && session !== null });
  const order = placed ?? fetched.data;

  if (!order) {
    if (fetched.isLoading) return <Loading what="Loading your order" />;
    return (
      <div>
        <h1>Thank you for your order</h1>
        <ErrorNote error={fetched.error} />
        <p>
          Your order number is <code>{id}</code>. <Link to={`/orders/lookup?order_id=${id}`}>Track it</Link> with the email you gave.
        </p>
      </div>
    );
  }
  return (
    <div className="confirmation">
      <h1>Thank you for your order</h1>
      <p className="success" role="status">
        Order <code>{order.id}</code> is <span className={`status status-${order.status}`}>{order.status}</span>.
      </p>
      <p>A confirmation goes to {order.email}.</p>
      <table className="table">
        <tbody>
          {order.items.map((item) => (
            <tr key={item.sku}>
              <td>
                {item.quantity} × {item.name}
              </td>
              <td className="num">{formatPrice(item.line_total, order.currency)}</td>
            </tr>
          ))}
          <tr>
            <th>Total</th>
            <td className="num">
              <strong>{formatPrice(order.total, order.currency)}</strong>
            </td>
          </tr>
        </tbody>
      </table>
      {order.payment.last4 && (
        <p>
          Paid with {order.payment.brand ?? 'card'} ending in {order.payment.last4}.
        </p>
      )}
      <p>
        {session ? (
          <Link to={`/account/orders/${order.id}`}>See it in My orders</Link>
        ) : (
          <Link to={`/orders/lookup?email=${encodeURIComponent(order.email)}&order_id=${order.id}`}>Track this order</Link>
        )}{' '}
        · <Link to="/products">Continue shopping</Link>
      </p>
    </div>
  );
}
