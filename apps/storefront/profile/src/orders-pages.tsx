import { useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Order, OrderPage as OrderList, Timeline } from '@storefleet/contracts';
import { ErrorNote, Field, Loading, formatPrice, storefront, useSession } from '@storefleet/storefront-common';
import { AccountNav, SignInFirst as AccountSignIn } from './account-nav.js';
import { CUSTOMER_CANCELLABLE, OrderDetails, StatusBadge } from './order-details.js';

function SignInFirst() {
  return (
    <AccountSignIn title="My orders" next="/account/orders">
      <Link to="/orders/lookup">track a guest order</Link> with its number
    </AccountSignIn>
  );
}

export function OrdersPage() {
  const session = useSession();
  const { api } = storefront();
  const [page, setPage] = useState(1);
  const orders = useQuery({ queryKey: ['orders', 'list', session?.user.id, page], queryFn: () => api.get<OrderList>('/api/orders', { page, limit: 10 }), enabled: session !== null });
  if (!session) return <SignInFirst />;
  const pages = orders.data ? Math.max(1, Math.ceil(orders.data.total / 10)) : 1;
  return (
    <div>
      <h1>My orders</h1>
      <AccountNav />
      {orders.isLoading && <Loading what="Loading your orders" />}
      <ErrorNote error={orders.error} />
      {orders.data?.items.length === 0 && (
        <p>
          No orders yet. <Link to="/products">Start shopping</Link>
        </p>
      )}
      {orders.data && orders.data.items.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Order</th>
              <th className="hide-phone">Placed</th>
              <th>Status</th>
              <th className="num">Total</th>
            </tr>
          </thead>
          <tbody>
            {orders.data.items.map((order) => (
              <tr key={order.id}>
                <td>
                  <Link to={`/account/orders/${order.id}`}>{order.id.slice(0, 8)}</Link>
                </td>
                <td className="hide-phone">{new Date(order.created_at).toLocaleDateString('en-GB')}</td>
                <td>
                  <StatusBadge status={order.status} />
                </td>
                <td className="num">{formatPrice(order.total, order.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <nav className="pagination" aria-label="Pages">
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span>
            Page {page} of {pages}
          </span>
          <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </nav>
      )}
    </div>
  );
}

export function OrderPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const { api, queryClient } = storefront();
  const order = useQuery({ queryKey: ['orders', id], queryFn: () => api.get<Order>(`/api/orders/${id}`), enabled: session !== null });
  const timeline = useQuery({ queryKey: ['orders', id, 'timeline'], queryFn: () => api.get<Timeline>(`/api/orders/${id}/timeline`), enabled: session !== null });
  const cancel = useMutation({
    mutationFn: () => api.patch<Order>(`/api/orders/${id}/status`, { status: 'cancelled', reason: 'cancelled by the customer' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['orders'] }),
  });
  if (!session) return <SignInFirst />;
  if (order.isLoading) return <Loading what="Loading the order" />;
  if (!order.data) return <ErrorNote error={order.error} />;
  return (
    <div>
      <p>
        <Link to="/account/orders">← My orders</Link>
      </p>
      <h1>Order {order.data.id.slice(0, 8)}</h1>
      <OrderDetails order={order.data} timeline={timeline.data?.items} />
      <ErrorNote error={timeline.error} />
      {CUSTOMER_CANCELLABLE.includes(order.data.status) && (
        <button
          type="button"
          className="button-secondary"
          disabled={cancel.isPending}
          onClick={() => window.confirm('Cancel this order? The payment is released.') && cancel.mutate()}
        >
          {cancel.isPending ? 'Cancelling…' : 'Cancel this order'}
        </button>
      )}
      <ErrorNote error={cancel.error} />
    </div>
  );
}

/** A guest finds an order by the email it was placed with and its number. */
export function LookupPage() {
  const { api } = storefront();
  const [params, setParams] = useSearchParams();
  const email = params.get('email') ?? '';
  const orderId = params.get('order_id') ?? '';
  const found = useQuery({
    queryKey: ['orders', 'lookup', email, orderId],
    queryFn: () => api.get<Order>('/api/orders/lookup', { email, order_id: orderId }),
    enabled: email !== '' && orderId !== '',
    retry: false,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setParams({ email: String(form.get('email') ?? '').trim(), order_id: String(form.get('order_id') ?? '').trim() });
  };
  return (
    <div>
      <h1>Track an order</h1>
      <form className="form card" onSubmit={submit}>
        <Field label="Email used for the order" id="lookup-email">
          <input id="lookup-email" name="email" type="email" autoComplete="email" required defaultValue={email} />
        </Field>
        <Field label="Order number" id="lookup-order">
          <input id="lookup-order" name="order_id" required defaultValue={orderId} placeholder="e.g. 3f1c…" />
        </Field>
        <button type="submit" className="button">
          Find my order
        </button>
      </form>
      {found.isLoading && <Loading what="Looking for the order" />}
      <ErrorNote error={found.error} />
      {found.data && (
        <section aria-labelledby="found-order">
          <h2 id="found-order">Order {found.data.id}</h2>
          <OrderDetails order={found.data} />
        </section>
      )}
    </div>
  );
}
