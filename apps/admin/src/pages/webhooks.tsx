import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Message, WebhookDelivery, WebhookDeliveryPage, WebhookEndpoint, WebhookEndpointList, WebhookEndpointWithSecret } from '@storefleet/contracts';
import { useApi } from '../session.js';
import { Field } from '../components/field.js';
import { Confirm } from '../components/confirm.js';
import { SecretOnce } from '../components/secret-once.js';
import { Attempts } from '../components/attempts.js';
import { ErrorMessage, Pager, QueryState } from '../components/status.js';
import { webhookBody, webhookFormValues, type WebhookFormValues } from '../logic/webhook-form.js';
import { when } from '../logic/format.js';

const LIMIT = 20;
/** How often the delivery log is read again while a delivery waits for an attempt. */
const POLL_MS = 1_500;

export function Webhooks() {
  const api = useApi();
  const endpoints = useQuery({ queryKey: ['webhooks'], queryFn: () => api.get<WebhookEndpointList>('/api/webhooks') });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<WebhookEndpointWithSecret>();

  return (
    <section>
      <div className="heading">
        <h1>Webhooks</h1>
        {creating ? null : (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New endpoint
          </button>
        )}
      </div>
      <p className="muted">Endpoints receive the events they subscribe to, signed as Standard Webhooks (headers webhook-id, webhook-timestamp, webhook-signature).</p>
      {creating ? (
        <WebhookForm
          onSaved={(endpoint) => {
            setCreating(false);
            if ('secret' in endpoint) setCreated(endpoint);
          }}
          onCancel={() => setCreating(false)}
        />
      ) : null}
      {created ? (
        <>
          <SecretOnce label={`Signing secret of ${created.url}`} secret={created.secret} onDone={() => setCreated(undefined)} />
          <p>
            <Link to={`/webhooks/${created.id}`}>Open the new endpoint</Link>
          </p>
        </>
      ) : null}
      <QueryState query={endpoints} what="webhook endpoints">
        {(data) =>
          data.items.length === 0 ? (
            <p className="muted">No endpoint yet.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>URL</th>
                    <th className="wide-only">Events</th>
                    <th>State</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((endpoint) => (
                    <tr key={endpoint.id} className={endpoint.enabled ? undefined : 'inactive'}>
                      <td className="breakable">
                        <Link to={`/webhooks/${endpoint.id}`}>{endpoint.url}</Link>
                        {endpoint.description ? <div className="muted">{endpoint.description}</div> : null}
                      </td>
                      <td className="wide-only">{endpoint.events.join(', ')}</td>
                      <td>{endpoint.enabled ? 'enabled' : `disabled${endpoint.disabled_reason ? `: ${endpoint.disabled_reason}` : ''}`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </section>
  );
}

function WebhookForm({ endpoint, onSaved, onCancel }: { endpoint?: WebhookEndpoint; onSaved: (saved: WebhookEndpoint | WebhookEndpointWithSecret) => void; onCancel: () => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<WebhookFormValues>(() => webhookFormValues(endpoint));
  const save = useMutation({
    mutationFn: () => {
      const body = webhookBody(values);
      return endpoint ? api.patch<WebhookEndpoint>(`/api/webhooks/${endpoint.id}`, body) : api.post<WebhookEndpointWithSecret>('/api/webhooks', body);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['webhooks'] });
      onSaved(saved);
    },
  });
  const bind = (name: 'url' | 'events' | 'description') => ({
    name,
    value: values[name],
    error: save.error,
    onChange: (event: { target: { value: string } }) => setValues({ ...values, [name]: event.target.value }),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <form className="editor" onSubmit={submit} noValidate aria-label={endpoint ? 'Edit endpoint' : 'New endpoint'}>
      <Field label="URL" {...bind('url')} type="url" className="wide" placeholder="https://hooks.example.com/storefleet" required />
      <Field label="Events" {...bind('events')} hint="Types or patterns, comma-separated: order.*, payment.refunded, *" required />
      <Field label="Description" {...bind('description')} />
      <label className="field check">
        <input type="checkbox" checked={values.enabled} onChange={(e) => setValues({ ...values, enabled: e.target.checked })} /> Enabled
      </label>
      <div className="actions wide">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : endpoint ? 'Save endpoint' : 'Create endpoint'}
        </button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
      <div className="wide">
        <ErrorMessage error={save.error} title="Not saved" />
      </div>
    </form>
  );
}

export function WebhookDetail() {
  const { id } = useParams();
  const api = useApi();
  const endpoint = useQuery({ queryKey: ['webhook', id], queryFn: () => api.get<WebhookEndpoint>(`/api/webhooks/${id}`) });
  return (
    <section>
      <p>
        <Link to="/webhooks">← Webhooks</Link>
      </p>
      <QueryState query={endpoint} what="the endpoint">
        {(data) => <Endpoint endpoint={data} />}
      </QueryState>
    </section>
  );
}

function Endpoint({ endpoint }: { endpoint: WebhookEndpoint }) {
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [secret, setSecret] = useState<string>();
  const [page, setPage] = useState(1);
  const path = `/api/webhooks/${endpoint.id}`;
  const deliveries = useQuery({
    queryKey: ['webhook-deliveries', endpoint.id, page],
    queryFn: () => api.get<WebhookDeliveryPage>(`${path}/deliveries`, { page, limit: LIMIT }),
    placeholderData: keepPreviousData,
    // A delivery waiting for its (next) attempt changes soon: the log follows it until none waits.
    refetchInterval: (query) => (query.state.data?.items.some((d) => d.status === 'pending') ? POLL_MS : false),
  });
  const refreshDeliveries = () => queryClient.invalidateQueries({ queryKey: ['webhook-deliveries', endpoint.id] });
  const rotate = useMutation({ mutationFn: () => api.post<WebhookEndpointWithSecret>(`${path}/rotate-secret`), onSuccess: (saved) => setSecret(saved.secret) });
  const test = useMutation({ mutationFn: () => api.post<Message>(`${path}/test`), onSuccess: refreshDeliveries });
  const redeliver = useMutation({ mutationFn: (delivery: WebhookDelivery) => api.post<Message>(`/api/webhooks/deliveries/${delivery.id}/redeliver`), onSuccess: refreshDeliveries });
  const remove = useMutation({
    mutationFn: () => api.delete(path),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['webhooks'] });
      navigate('/webhooks', { replace: true });
    },
  });

  return (
    <>
      <h1 className="breakable">Endpoint {endpoint.url}</h1>
      {editing ? (
        <WebhookForm
          endpoint={endpoint}
          onSaved={(saved) => {
            queryClient.setQueryData(['webhook', endpoint.id], saved);
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <dl className="facts">
          <dt>Events</dt>
          <dd>{endpoint.events.join(', ')}</dd>
          <dt>Description</dt>
          <dd>{endpoint.description || '—'}</dd>
          <dt>State</dt>
          <dd>{endpoint.enabled ? 'enabled' : `disabled${endpoint.disabled_reason ? `: ${endpoint.disabled_reason}` : ''}`}</dd>
          <dt>Failing since</dt>
          <dd>{endpoint.failing_since ? when(endpoint.failing_since) : '—'}</dd>
        </dl>
      )}
      <div className="actions status-actions" role="group" aria-label="Endpoint actions">
        <button type="button" className="primary" disabled={test.isPending} onClick={() => test.mutate()}>
          {test.isPending ? 'Sending…' : 'Send test'}
        </button>
        {editing ? null : <button type="button" onClick={() => setEditing(true)}>Edit</button>}
        <button type="button" disabled={rotate.isPending} onClick={() => rotate.mutate()}>Rotate secret</button>
        <button type="button" className="danger" onClick={() => setDeleting(true)}>Delete</button>
      </div>
      {test.isSuccess ? <p role="status" className="ok">A webhook.test event is on its way: it shows in the log below.</p> : null}
      <ErrorMessage error={test.error ?? rotate.error ?? redeliver.error} title="Not done" />
      {secret ? <SecretOnce label="New signing secret" secret={secret} onDone={() => setSecret(undefined)} /> : null}
      {deleting ? (
        <Confirm action="Delete endpoint" busy={remove.isPending} error={remove.error} onConfirm={() => remove.mutate()} onCancel={() => setDeleting(false)}>
          Delete this endpoint and its delivery log? It receives nothing more.
        </Confirm>
      ) : null}
      <h2>Deliveries</h2>
      <QueryState query={deliveries} what="deliveries">
        {(data) =>
          data.items.length === 0 ? (
            <p className="muted">Nothing delivered yet: send a test.</p>
          ) : (
            <>
              <ul className="cards" aria-label="Deliveries">
                {data.items.map((delivery) => (
                  <li key={delivery.id} className="card" aria-label={`Delivery ${delivery.event_type}`}>
                    <p>
                      <strong>{delivery.event_type}</strong> · <span className={`badge message-${delivery.status}`}>{delivery.status}</span> · {delivery.attempts} attempt{delivery.attempts === 1 ? '' : 's'} · made {when(delivery.created_at)}
                      {delivery.next_attempt_at ? <> · next attempt {when(delivery.next_attempt_at)}</> : null}
                      {delivery.event_id ? <> · <code>webhook-id {delivery.event_id}</code></> : null}
                    </p>
                    <Attempts attempts={delivery.attempt_log} label={`Attempts of ${delivery.event_type}`} />
                    <div className="actions">
                      <button type="button" disabled={redeliver.isPending} onClick={() => redeliver.mutate(delivery)}>
                        Redeliver
                      </button>
                    </div>
                  </li>
                ))}
              </ul>
              <Pager page={page} limit={LIMIT} total={data.total} onPage={setPage} />
            </>
          )
        }
      </QueryState>
    </>
  );
}
