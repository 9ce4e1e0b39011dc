import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdjustStock, MovementList, StockLevel, StockLevelList } from '@storefleet/contracts';
import { useApi } from '../session.js';
import { Field } from '../components/field.js';
import { ErrorMessage, Pager, QueryState } from '../components/status.js';
import { STOCK_STATE_LABEL, stockState } from '../logic/stock-state.js';
import { when } from '../logic/format.js';
import { ExportButton, ImportButton } from '../components/csv.js';

const LIMIT = 20;

export function StockBadge({ level }: { level: Pick<StockLevel, 'available' | 'low_stock'> }) {
  const state = stockState(level);
  return <span className={`badge stock-${state}`}>{STOCK_STATE_LABEL[state]}</span>;
}

export function Inventory() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const show = params.get('show') ?? 'all';
  const page = Number(params.get('page') ?? 1);
  const selected = params.get('sku') ?? undefined;
  const filters = { q, low_stock: show === 'low' || undefined, out_of_stock: show === 'out' || undefined };
  const levels = useQuery({
    queryKey: ['inventory', q, show, page],
    queryFn: () => api.get<StockLevelList>('/api/inventory', { ...filters, page, limit: LIMIT }),
    placeholderData: keepPreviousData,
  });

  function update(next: Record<string, string | undefined>) {
    const merged = { q, show, page: String(page), sku: selected, ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([name, value]) => value && !(name === 'show' && value === 'all') && !(name === 'page' && value === '1'))) as Record<string, string>);
  }

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    update({ q: String(form.get('q') ?? '').trim(), show: String(form.get('show')), page: '1' });
  }

  return (
    <section>
      <div className="heading">
        <h1>Inventory</h1>
        <div className="actions">
          <ExportButton resource="inventory" query={filters} />
          <ImportButton resource="inventory" />
        </div>
      </div>
      <form className="filters" role="search" onSubmit={search}>
        <label>
          SKU <input name="q" type="search" defaultValue={q} placeholder="Part of a SKU" />
        </label>
        <label>
          Show
          <select name="show" defaultValue={show}>
            <option value="all">All</option>
            <option value="low">Low stock</option>
            <option value="out">Out of stock</option>
          </select>
        </label>
        <button type="submit">Filter</button>
      </form>
      <div className="split">
        <QueryState query={levels} what="stock levels">
          {(data) => (
            <div>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>SKU</th>
                      <th>State</th>
                      <th className="num">On hand</th>
                      <th className="num wide-only">Reserved</th>
                      <th className="num">Available</th>
                      <th className="num wide-only">Threshold</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((level) => (
                      <tr key={level.sku} className={`row-${stockState(level)}${level.sku === selected ? ' selected' : ''}`}>
                        <td>
                          <button type="button" className="link" aria-pressed={level.sku === selected} onClick={() => update({ sku: level.sku })}>
                            {level.sku}
                          </button>
                        </td>
                        <td><StockBadge level={level} /></td>
                        <td className="num">{level.on_hand}</td>
                        <td className="num wide-only">{level.reserved}</td>
                        <td className="num">{level.available}</td>
                        <td className="num wide-only">{level.low_stock_threshold}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {data.items.length === 0 ? <p className="muted">No stock level matches.</p> : null}
              </div>
              <Pager page={page} limit={LIMIT} total={data.total} onPage={(next) => update({ page: String(next) })} />
            </div>
          )}
        </QueryState>
        {selected ? <StockPanel sku={selected} /> : <p className="muted panel">Choose a SKU to adjust its stock and see its movements.</p>}
      </div>
    </section>
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
