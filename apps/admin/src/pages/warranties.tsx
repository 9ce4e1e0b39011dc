import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Claim, ClaimStatus, UpdateClaim, UpdateWarranty, Warranty, WarrantyPage, WarrantyStatus } from '@storefleet/contracts';
import { useApi } from '../session.js';
import { Field } from '../components/field.js';
import { ChoiceFilter, ListPage, type Column } from '../components/list-page.js';
import { ErrorMessage, QueryState } from '../components/status.js';
import { when } from '../logic/format.js';

/** contracts' WARRANTY_STATUSES and CLAIM_STATUSES, checked by their types (a value import would bundle every schema). */
const STATUSES: readonly WarrantyStatus[] = ['active', 'expired', 'void'];
const CLAIM_STATUSES: readonly ClaimStatus[] = ['open', 'in_repair', 'resolved', 'rejected'];
/** A resolved or rejected claim is closed for good; the API refuses any other illegal move with the allowed ones. */
const FINAL_CLAIM: ReadonlySet<ClaimStatus> = new Set(['resolved', 'rejected']);
const FILTERS = ['serial', 'email', 'status'] as const;

function WarrantyBadge({ status }: { status: WarrantyStatus }) {
  return <span className={`badge warranty-${status}`}>{status}</span>;
}

const COLUMNS: Column<WarrantyPage['items'][number]>[] = [
  { header: 'Serial', cell: (w) => <Link to={`/warranties/${w.id}`}><code>{w.serial}</code></Link> },
  { header: 'Product', cell: (w) => w.product_name },
  { header: 'Email', className: 'wide-only breakable', cell: (w) => w.email },
  { header: 'Ends', cell: (w) => w.ends_on },
  { header: 'Status', cell: (w) => <WarrantyBadge status={w.status} /> },
  { header: 'Claims', className: 'wide-only num', cell: (w) => w.claims.length },
];

export function Warranties() {
  return (
    <ListPage
      title="Warranties"
      what="warranties"
      queryKey="warranties"
      path="/api/warranties"
      filters={FILTERS}
      query={(f) => ({ ...f })}
      fields={(f) => (
        <>
          <label>
            Serial <input name="serial" type="search" defaultValue={f.serial} />
          </label>
          <label>
            Email <input name="email" type="search" defaultValue={f.email} />
          </label>
          <ChoiceFilter label="Status" name="status" value={f.status} choices={STATUSES} />
        </>
      )}
      columns={COLUMNS}
      rowKey={(w) => w.id}
      empty="No warranty matches."
    />
  );
}

export function WarrantyDetail() {
  const { id } = useParams();
  const api = useApi();
  const warranty = useQuery({ queryKey: ['warranty', id], queryFn: () => api.get<Warranty>(`/api/warranties/${id}`) });
  return (
    <section>
      <p>
        <Link to="/warranties">← Warranties</Link>
      </p>
      <QueryState query={warranty} what="the warranty">
        {(w) => (
          <>
            <h1>Warranty {w.serial}</h1>
            <dl className="facts">
              <dt>Product</dt>
              <dd>{w.product_name} (<code>{w.sku}</code>)</dd>
              <dt>Customer</dt>
              <dd className="breakable">{w.email}</dd>
              <dt>Order</dt>
              <dd><Link to={`/orders/${w.order_id}`}>{w.order_id.slice(0, 8)}</Link></dd>
              <dt>Period</dt>
              <dd>{w.starts_on} to {w.ends_on} ({w.months} months)</dd>
              <dt>Status</dt>
              <dd><WarrantyBadge status={w.status} /> {w.void_reason ? `: ${w.void_reason}` : null}</dd>
            </dl>
            {w.status === 'void' ? null : <ChangeWarranty warranty={w} />}
            <h2>History</h2>
            <ul className="timeline" aria-label="Warranty history">
              {w.history.map((h) => (
                <li key={`${h.at}-${h.action}`}>
                  {when(h.at)}: <strong>{h.action}</strong> {h.ends_on_before ? `${h.ends_on_before} → ` : 'until '}{h.ends_on_after}
                  {h.reason ? ` · ${h.reason}` : ''} <span className="muted">by {h.actor}</span>
                </li>
              ))}
            </ul>
            <h2>Claims</h2>
            {w.claims.length === 0 ? <p className="muted">No claim.</p> : (
              <ul className="cards">
                {w.claims.map((claim) => <ClaimCard key={claim.id} claim={claim} warrantyId={w.id} />)}
              </ul>
            )}
          </>
        )}
      </QueryState>
    </section>
  );
}

/** Extends the end date or voids the warranty, always with a reason (kept in its history). */
function ChangeWarranty({ warranty }: { warranty: Warranty }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [action, setAction] = useState<'extend' | 'void'>('extend');
  const [endsOn, setEndsOn] = useState(warranty.ends_on);
  const [reason, setReason] = useState('');
  const change = useMutation({
    mutationFn: () => {
      const body: UpdateWarranty = action === 'void' ? { status: 'void', reason } : { ends_on: endsOn, reason };
      return api.patch<Warranty>(`/api/warranties/${warranty.id}`, body);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(['warranty', saved.id], saved);
      setReason('');
      return queryClient.invalidateQueries({ queryKey: ['warranties'] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    change.mutate();
  }
  return (
    <form className="panel ask" onSubmit={submit} noValidate aria-label="Change the warranty">
      <fieldset className="choice">
        <legend>Change</legend>
        <label><input type="radio" name="action" checked={action === 'extend'} onChange={() => setAction('extend')} /> Extend</label>
        <label><input type="radio" name="action" checked={action === 'void'} onChange={() => setAction('void')} /> Void</label>
      </fieldset>
      {action === 'extend' ? <Field label="New end date" name="ends_on" type="date" value={endsOn} min={warranty.ends_on} error={change.error} onChange={(e) => setEndsOn(e.target.value)} /> : null}
      <Field label="Reason" name="reason" value={reason} error={change.error} onChange={(e) => setReason(e.target.value)} required />
      <button type="submit" className={action === 'void' ? 'danger' : 'primary'} disabled={change.isPending}>
        {action === 'void' ? 'Void warranty' : 'Extend warranty'}
      </button>
      <ErrorMessage error={change.error} title="Not changed" />
    </form>
  );
}

/** One claim: its description, its history, and a move to another status with a note. */
function ClaimCard({ claim, warrantyId }: { claim: Claim; warrantyId: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const others = CLAIM_STATUSES.filter((s) => s !== claim.status);
  const [status, setStatus] = useState<ClaimStatus>(others[0]!);
  const [note, setNote] = useState('');
  const move = useMutation({
    mutationFn: () => api.patch<Claim>(`/api/warranties/claims/${claim.id}`, { status, note: note.trim() || undefined } satisfies UpdateClaim),
    onSuccess: () => {
      setNote('');
      return queryClient.invalidateQueries({ queryKey: ['warranty', warrantyId] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    move.mutate();
  }
  return (
    <li className="card" aria-label={`Claim ${claim.id.slice(0, 8)}`}>
      <p>
        <span className="badge">{claim.status.replace('_', ' ')}</span> opened {when(claim.created_at)}
      </p>
      <p>{claim.description}</p>
      <ul className="timeline" aria-label="Claim history">
        {claim.history.map((h) => (
          <li key={`${h.at}-${h.to}`}>
            {when(h.at)}: {h.from ? `${h.from} → ` : ''}{h.to}{h.note ? ` · ${h.note}` : ''} <span className="muted">by {h.actor}</span>
          </li>
        ))}
      </ul>
      {FINAL_CLAIM.has(claim.status) ? null : (
        <form className="ask" onSubmit={submit} noValidate aria-label="Move the claim">
          <label className="field">
            <span>Move to</span>
            <select value={status} onChange={(e) => setStatus(e.target.value as ClaimStatus)}>
              {others.map((s) => <option key={s} value={s}>{s.replace('_', ' ')}</option>)}
            </select>
          </label>
          <Field label="Note" name="note" value={note} error={move.error} onChange={(e) => setNote(e.target.value)} />
          <button type="submit" className="primary" disabled={move.isPending}>Move claim</button>
          <ErrorMessage error={move.error} title="Not moved" />
        </form>
      )}
    </li>
  );
}
