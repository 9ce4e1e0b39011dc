import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdjustStock, MovementList, StockLevel } from '@storefleet/contracts';
import { useApi } from '../session.js';
import { Field } from '../components/field.js';
import { ListPage, type Column } from '../components/list-page.js';
import { ErrorMessage, QueryState } from '../components/status.js';
import { StockBadge } from '../components/stock-badge.js';
import { stockState } from '../logic/stock-state.js';
import { when } from '../logic/format.js';

const FILTERS = ['q', 'show'] as const;

export function Inventory() {
  const [params, setParams] = useSearchParams();
  const selected = params.get('sku') ?? undefined;
  const select = (sku: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      next.set('sku', sku);
      return next;
    });
  const columns: Column<StockLevel>[] = [
    {
      header: 'SKU',
      cell: (level) => (
        <button type="button" className="link" aria-pressed={level.sku === selected} onClick={() => select(level.sku)}>
          {level.sku}
        </button>
      ),
    },
    { header: 'State', cell: (level) => <StockBadge level={level} /> },
    { header: 'On hand', className: 'num', cell: (level) => level.on_hand },
    { header: 'Reserved', className: 'num wide-only', cell: (level) => level.reserved },
    { header: 'Available', className: 'num', cell: (level) => level.available },
    { header: 'Threshold', className: 'num wide-only', cell: (level) => level.low_stock_threshold },
  ];

  return (
    <ListPage
      title="Inventory"
      what="stock levels"
      queryKey="inventory"
      path="/api/inventory"
      filters={FILTERS}
      defaults={{ show: 'all' }}
      keep={['sku']}
      query={(f) => ({ q: f.q, low_stock: f.show === 'low' || undefined, out_of_stock: f.show === 'out' || undefined })}
      csv="inventory"
      fields={(f) => (
        <>
          <label>
            SKU <input name="q" type="search" defaultValue={f.q} placeholder="Part of a SKU" />
          </label>
          <label>
            Show
            <select name="show" defaultValue={f.show}>
              <option value="all">All</option>
              <option value="low">Low stock</option>
              <option value="out">Out of stock</option>
            </select>
          </label>
        </>
      )}
      columns={columns}
      rowKey={(level) => level.sku}
      rowClassName={(level) => `row-${stockState(level)}${level.sku === selected ? ' selected' : ''}`}
      empty="No stock level matches."
      aside={selected ? <StockPanel sku={selected} /> : <p className="muted panel">Choose a SKU to adjust its stock and see its movements.</p>}
    />
  );
}

/** One SKU: its level, the adjustment form (add/remove or set, with a reason) and its movements. */
function StockPanel({ sku }: { sku: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const level = useQuery({ queryKey: ['stock', sku], queryFn: () => api.get<StockLevel>(`/api/inventory/${encodeURIComponent(sku)}`) });
  const movements = useQuery({ queryKey: ['movements', sku], queryFn: () => api.get<MovementList>(`/api/inventory/${encodeURIComponent(sku)}/movements`, { limit: 20 }) });
  const [mode, setMode] = useState<'delta' | 'on_hand'>('delta');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [threshold, setThreshold] = useState('');
  const adjust = useMutation({
    mutationFn: (body: AdjustStock) => api.put<StockLevel>(`/api/inventory/${encodeURIComponent(sku)}`, body),
    onSuccess: async (updated) => {
      queryClient.setQueryData(['stock', sku], updated);
      setAmount('');
      setReason('');
      setThreshold('');
      await queryClient.invalidateQueries({ queryKey: ['inventory'] });
      await queryClient.invalidateQueries({ queryKey: ['movements', sku] });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    // Numbers as typed; text that is no number is sent as it is, so the API names the field.
    const number = (text: string) => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text.trim()) as number;
    const body: AdjustStock = { [mode]: number(amount), reason: reason.trim() } as AdjustStock;
    if (threshold.trim()) body.low_stock_threshold = number(threshold);
    adjust.mutate(body);
  }

  return (
    <aside className="panel" aria-label={`Stock of ${sku}`}>
      <h2>{sku}</h2>
      <QueryState query={level} what="the stock level">
        {(data) => (
          <p className="level" data-testid="stock-level">
            <StockBadge level={data} /> <strong>{data.on_hand}</strong> on hand, {data.reserved} reserved, <strong>{data.available}</strong> available (low at {data.low_stock_threshold})
          </p>
        )}
      </QueryState>
      <form onSubmit={submit} aria-label="Adjust stock" noValidate>
        <fieldset className="choice">
          <legend>Change</legend>
          <label>
            <input type="radio" name="mode" checked={mode === 'delta'} onChange={() => setMode('delta')} /> Add or remove
          </label>
          <label>
            <input type="radio" name="mode" checked={mode === 'on_hand'} onChange={() => setMode('on_hand')} /> Set on hand
          </label>
        </fieldset>
        <Field label={mode === 'delta' ? 'Units (negative removes)' : 'Units on hand'} name={mode} value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="numeric" error={adjust.error} required />
        <Field label="Reason" name="reason" value={reason} onChange={(e) => setReason(e.target.value)} error={adjust.error} placeholder="e.g. stock count, damaged" required />
        <Field label="Low-stock threshold" name="low_stock_threshold" value={threshold} onChange={(e) => setThreshold(e.target.value)} inputMode="numeric" hint="unchanged when empty" error={adjust.error} />
        <button type="submit" className="primary" disabled={adjust.isPending}>
          {adjust.isPending ? 'Saving…' : 'Apply'}
        </button>
        <ErrorMessage error={adjust.error} title="Not applied" />
      </form>
      <h3>Movements</h3>
      <QueryState query={movements} what="movements">
        {(data) =>
          data.items.length === 0 ? (
            <p className="muted">No movement yet.</p>
          ) : (
            <ol className="movements" aria-label="Movements">
              {data.items.map((m) => (
                <li key={m.id}>
                  <span className={m.delta < 0 ? 'delta minus' : 'delta plus'}>{m.delta > 0 ? `+${m.delta}` : m.delta}</span> {m.kind}
                  {m.reason ? <> · {m.reason}</> : null} → {m.on_hand} on hand
                  <br />
                  <small className="muted">{when(m.created_at)}{m.order_id ? <> · order {m.order_id.slice(0, 8)}</> : null}</small>
                </li>
              ))}
            </ol>
          )
        }
      </QueryState>
    </aside>
  );
}
