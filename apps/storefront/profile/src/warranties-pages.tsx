import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Claim, CreateClaim, Warranty, WarrantyPage } from '@storefleet/contracts';
import { ApiError } from '@storefleet/web-client';
import { ErrorNote, Field, Loading, storefront, useSession } from '@storefleet/storefront-common';
import { AccountNav, SignInFirst } from './account-nav.js';

const day = (date: string) => new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

/** A claim's status in words. */
const CLAIM_STATUS: Record<Claim['status'], string> = { open: 'open', in_repair: 'in repair', resolved: 'resolved', rejected: 'rejected' };

/** Describes a fault and opens a claim; a guest's claim carries the email and serial that prove the unit is theirs. */
function ClaimForm({ warranty, proof, onOpened }: { warranty: Warranty; proof?: { email: string; serial: string }; onOpened: () => void }) {
  const { api } = storefront();
  const [open, setOpen] = useState(false);
  const claim = useMutation({
    mutationFn: (body: CreateClaim) => api.post<Claim>(`/api/warranties/${warranty.id}/claims`, body),
    onSuccess: () => {
      setOpen(false);
      onOpened();
    },
  });
  if (!open)
    return (
      <button type="button" className="button-secondary" onClick={() => setOpen(true)}>
        Open a claim
      </button>
    );
  const id = `claim-${warranty.id}`;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    claim.mutate({ description: String(new FormData(event.currentTarget).get('description') ?? '').trim(), ...proof });
  };
  return (
    <form className="form" onSubmit={submit}>
      <Field label="What is wrong with it?" id={id} error={claim.error instanceof ApiError ? claim.error.fieldMessage('description') : undefined}>
        <textarea id={id} name="description" required maxLength={2000} rows={3} />
      </Field>
      <ErrorNote error={claim.error} />
      <div className="buy-row">
        <button type="submit" className="button" disabled={claim.isPending}>
          {claim.isPending ? 'Sending…' : 'Send the claim'}
        </button>
        <button type="button" className="button-secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** One unit's warranty: what, which serial, how long, and its claims. */
export function WarrantyCard({ warranty, proof, onChanged }: { warranty: Warranty; proof?: { email: string; serial: string }; onChanged: () => void }) {
  return (
    <article className="card warranty" aria-labelledby={`w-${warranty.id}`}>
      <h2 id={`w-${warranty.id}`}>{warranty.product_name}</h2>
      <p>
        <span className={`status status-warranty-${warranty.status}`}>{warranty.status}</span> · serial <code>{warranty.serial}</code> · {warranty.months} months, {day(warranty.starts_on)} to {day(warranty.ends_on)}
      </p>
      {warranty.void_reason && <p>Voided: {warranty.void_reason}</p>}
      {warranty.claims.length > 0 && (
        <section aria-label="Claims">
          <h3>Claims</h3>
          <ul className="claims">
            {warranty.claims.map((c) => (
              <li key={c.id}>
                <span className={`status status-claim-${c.status}`}>{CLAIM_STATUS[c.status]}</span> {new Date(c.created_at).toLocaleDateString('en-GB')}: {c.description}
              </li>
            ))}
          </ul>
        </section>
      )}
      {warranty.status === 'active' && <ClaimForm warranty={warranty} proof={proof} onOpened={onChanged} />}
    </article>
  );
}

/** The signed-in customer's warranties: one per unit shipped with a warranty. */
export function WarrantiesPage() {
  const session = useSession();
  const { api } = storefront();
  const queryClient = useQueryClient();
  const key = ['warranties', session?.user.id];
  const list = useQuery({ queryKey: key, queryFn: () => api.get<WarrantyPage>('/api/warranties', { limit: 100 }), enabled: session !== null });
  if (!session)
    return (
      <SignInFirst title="My warranties" next="/account/warranties">
        <Link to="/warranties/lookup">check a warranty</Link> with its serial number
      </SignInFirst>
    );
  return (
    <div>
      <h1>My warranties</h1>
      <AccountNav />
      {list.isLoading && <Loading what="Loading your warranties" />}
      <ErrorNote error={list.error} />
      {list.data?.items.length === 0 && <p>No warranties yet: each laptop and part with a warranty gets one when its order ships.</p>}
      <div className="stack">
        {list.data?.items.map((w) => (
          <WarrantyCard key={w.id} warranty={w} onChanged={() => queryClient.invalidateQueries({ queryKey: key })} />
        ))}
      </div>
    </div>
  );
}

/** A guest finds a unit's warranty by the email of the order and the serial number, and may claim on it. */
export function WarrantyLookupPage() {
  const { api } = storefront();
  const [params, setParams] = useSearchParams();
  const email = params.get('email') ?? '';
  const serial = params.get('serial') ?? '';
  const found = useQuery({
    queryKey: ['warranties', 'lookup', email, serial],
    queryFn: () => api.get<Warranty>('/api/warranties/lookup', { email, serial }),
    enabled: email !== '' && serial !== '',
    retry: false,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setParams({ email: String(form.get('email') ?? '').trim(), serial: String(form.get('serial') ?? '').trim() });
  };
  return (
    <div>
      <h1>Check a warranty</h1>
      <form className="form card" onSubmit={submit}>
        <Field label="Email used for the order" id="warranty-email">
          <input id="warranty-email" name="email" type="email" autoComplete="email" required defaultValue={email} />
        </Field>
        <Field label="Serial number" id="warranty-serial">
          <input id="warranty-serial" name="serial" required defaultValue={serial} placeholder="on the label under the laptop" />
        </Field>
        <button type="submit" className="button">
          Find the warranty
        </button>
      </form>
      {found.isLoading && <Loading what="Looking for the warranty" />}
      <ErrorNote error={found.error} />
      {found.data && <WarrantyCard warranty={found.data} proof={{ email, serial }} onChanged={() => void found.refetch()} />}
    </div>
  );
}
