import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Order, Timeline, UpdateOrderStatus } from '@storefleet/contracts';
import { useApi, useSession } from '../session.js';
import { Field, fieldError } from '../components/field.js';
import { ErrorMessage, QueryState } from '../components/status.js';
import { money, when } from '../logic/format.js';
import { parseSerials, statusActions, type StatusAction } from '../logic/order-actions.js';

/** The status change sent; `serials` (by SKU, the units shipped) only when the admin typed some: the others are generated. */
type StatusChange = UpdateOrderStatus;

export function OrderDetail() {
  const { id } = useParams();
  const api = useApi();
  const { session } = useSession();
  const order = useQuery({ queryKey: ['order', id], queryFn: () => api.get<Order>(`/api/orders/${id}`) });
  const timeline = useQuery({ queryKey: ['timeline', id], queryFn: () => api.get<Timeline>(`/api/orders/${id}/timeline`) });
  return (
    <section>
      <p>
        <Link to="/orders">← Orders</Link>
      </p>
      <QueryState query={order} what="the order">
        {(data) => (
          <>
            <div className="heading">
              <h1>
                Order <code>{data.id.slice(0, 8)}</code>
              </h1>
              <span className={`badge status-${data.status}`} data-testid="order-status">{data.status}</span>
            </div>
            <dl className="facts">
              <dt>Placed</dt>
              <dd>{when(data.created_at)}</dd>
              <dt>Customer</dt>
              <dd>{data.email}{data.user_id ? '' : ' (guest)'}</dd>
              <dt>Channel</dt>
              <dd>{data.channel}</dd>
              <dt>Payment</dt>
              <dd>
                {data.payment.status ?? 'none yet'}
                {data.payment.brand ? ` · ${data.payment.brand} •••• ${data.payment.last4}` : ''}
              </dd>
              {data.cancel_reason ? (
                <>
                  <dt>Cancelled because</dt>
                  <dd>{data.cancel_reason}</dd>
                </>
              ) : null}
              {data.saga.pending.length ? (
                <>
                  <dt>Still to do</dt>
                  <dd>{data.saga.pending.join(', ')}</dd>
                </>
              ) : null}
            </dl>
            <StatusActions order={data} />
            <h2>Lines</h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th className="wide-only">SKU</th>
                    <th>Product</th>
                    <th className="num">Qty</th>
                    <th className="num wide-only">Unit</th>
                    <th className="num">Total</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((line) => (
                    <tr key={line.sku}>
                      <td className="wide-only"><code>{line.sku}</code></td>
                      <td>
                        {line.name}
                        {line.serials.length ? <div className="hint">Serial{line.serials.length > 1 ? 's' : ''}: {line.serials.join(', ')}</div> : null}
                      </td>
                      <td className="num">{line.quantity}</td>
                      <td className="num wide-only">{money(line.unit_price, data.currency)}</td>
                      <td className="num">{money(line.line_total, data.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="total">
              Total <strong>{money(data.total, data.currency)}</strong>
            </p>
          </>
        )}
      </QueryState>
      <h2>Timeline</h2>
      <QueryState query={timeline} what="the timeline">
        {(data) => (
          <ol className="timeline" aria-label="Timeline">
            {data.items.map((entry) => (
              <li key={entry.id}>
                <strong>{entry.type === 'status_changed' ? `${entry.from} → ${entry.to}` : entry.type}</strong>
                {entry.reason ? <> · {entry.reason}</> : null}
                <br />
                <small className="muted">
                  {when(entry.at)} · by {entry.actor === session?.user.id ? 'you' : entry.actor}
                </small>
              </li>
            ))}
          </ol>
        )}
      </QueryState>
    </section>
  );
}

/** The legal next statuses as buttons; cancelling asks for a reason, shipping for the serial numbers shipped. */
function StatusActions({ order }: { order: Order }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<StatusAction>();
  const [text, setText] = useState('');
  const [serialsBySku, setSerialsBySku] = useState<Record<string, string>>({});
  const change = useMutation({
    mutationFn: (body: StatusChange) => api.patch<Order>(`/api/orders/${order.id}/status`, body),
    onSuccess: async (updated) => {
      queryClient.setQueryData(['order', order.id], updated);
      setAsking(undefined);
      setText('');
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['timeline', order.id] }),
        queryClient.invalidateQueries({ queryKey: ['orders'] }),
        queryClient.invalidateQueries({ queryKey: ['dashboard'] }),
      ]);
    },
  });
  const actions = statusActions(order.status);
  if (actions.length === 0) return <p className="muted">This order is {order.status}: its status is final.</p>;

  function confirm(event: FormEvent) {
    event.preventDefault();
    if (!asking) return;
    const body: StatusChange = { status: asking.to };
    if (asking.asks === 'reason' && text.trim()) body.reason = text.trim();
    if (asking.asks === 'serials') {
      const serials: Record<string, string[]> = {};
      for (const [sku, typed] of Object.entries(serialsBySku)) {
        const list = parseSerials(typed);
        if (list.length) serials[sku] = list;
      }
      if (Object.keys(serials).length) body.serials = serials;
    }
    change.mutate(body);
  }

  return (
    <div className="status-actions">
      <div className="actions" role="group" aria-label="Change status">
        {actions.map((action) => (
          <button
            key={action.to}
            type="button"
            className={action.to === 'cancelled' ? 'danger' : 'primary'}
            aria-pressed={asking?.to === action.to}
            disabled={change.isPending}
            onClick={() => {
              change.reset();
              setText('');
              setSerialsBySku({});
              setAsking(action);
            }}
          >
            {action.label}
          </button>
        ))}
      </div>
      {asking ? (
        <form onSubmit={confirm} className="ask" aria-label={asking.label}>
          {asking.asks === 'reason' ? (
            <Field label="Reason (optional)" name="reason" value={text} onChange={(e) => setText(e.target.value)} error={change.error} autoFocus />
          ) : null}
          {asking.asks === 'serials' ? (
            <fieldset className="field wide">
              <legend>Serial numbers shipped (optional; one per line or separated by commas; those left out are generated)</legend>
              {order.items.map((line, index) => (
                <div key={line.sku} className="field">
                  <label htmlFor={`serials-${line.sku}`}>
                    {line.name} ({line.sku}, {line.quantity} {line.quantity === 1 ? 'unit' : 'units'})
                  </label>
                  <textarea
                    id={`serials-${line.sku}`}
                    rows={Math.min(3, line.quantity)}
                    value={serialsBySku[line.sku] ?? ''}
                    onChange={(e) => setSerialsBySku((typed) => ({ ...typed, [line.sku]: e.target.value }))}
                    autoFocus={index === 0}
                  />
                </div>
              ))}
              {fieldError(change.error, 'serials') ? <span className="field-error">{fieldError(change.error, 'serials')}</span> : null}
            </fieldset>
          ) : null}
          <button type="submit" className={asking.to === 'cancelled' ? 'danger' : 'primary'} disabled={change.isPending} autoFocus={asking.asks === 'nothing'}>
            {change.isPending ? 'Saving…' : `Confirm: ${asking.label.toLowerCase()}`}
          </button>
          <button type="button" onClick={() => setAsking(undefined)}>
            Back
          </button>
        </form>
      ) : null}
      <ErrorMessage error={change.error} title="Status not changed" />
    </div>
  );
}
