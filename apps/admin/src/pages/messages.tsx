import type { FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Message, MessageChannel, MessageDetail, MessagePage, MessageStatus } from '@storefleet/contracts';
import { useApi } from '../session.js';
import { Attempts } from '../components/attempts.js';
import { ErrorMessage, Pager, QueryState } from '../components/status.js';
import { rangeQuery } from '../logic/dashboard-stats.js';
import { when } from '../logic/format.js';

const LIMIT = 20;
/** contracts' MESSAGE_STATUSES and MESSAGE_CHANNELS, checked by their types (a value import would bundle every schema). */
const STATUSES: readonly MessageStatus[] = ['pending', 'sent', 'failed', 'not_sent'];
const CHANNELS: readonly MessageChannel[] = ['email', 'sms', 'webhook'];
const FILTERS = ['status', 'channel', 'recipient', 'from', 'to'] as const;

export function MessageStatusBadge({ status }: { status: Message['status'] }) {
  return <span className={`badge message-${status}`}>{status.replace('_', ' ')}</span>;
}

export function Messages() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const filter = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const page = Number(params.get('page') ?? 1);
  const messages = useQuery({
    queryKey: ['messages', filter, page],
    queryFn: () => {
      const range = rangeQuery({ from: filter.from || '1970-01-01', to: filter.to || '9999-12-30' });
      return api.get<MessagePage>('/api/notifications/messages', {
        status: filter.status,
        channel: filter.channel,
        recipient: filter.recipient,
        from: filter.from ? range.from : undefined,
        to: filter.to ? range.to : undefined,
        page,
        limit: LIMIT,
      });
    },
    placeholderData: keepPreviousData,
  });

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: Record<string, string> = {};
    for (const name of FILTERS) {
      const value = String(form.get(name) ?? '').trim();
      if (value) next[name] = value;
    }
    setParams(next);
  }

  return (
    <section>
      <h1>Sent messages</h1>
      <p className="muted">Every email, SMS and webhook call Storefleet made or would have made (not sent: no SMTP_URL or SMS gateway), with its attempts.</p>
      <form className="filters" role="search" aria-label="Filter messages" onSubmit={apply}>
        <label>
          Status
          <select name="status" defaultValue={filter.status}>
            <option value="">Any</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s.replace('_', ' ')}</option>)}
          </select>
        </label>
        <label>
          Channel
          <select name="channel" defaultValue={filter.channel}>
            <option value="">Any</option>
            {CHANNELS.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </label>
        <label>
          Recipient <input name="recipient" type="search" defaultValue={filter.recipient} placeholder="Email, phone or URL" />
        </label>
        <label>
          From <input name="from" type="date" defaultValue={filter.from} />
        </label>
        <label>
          To <input name="to" type="date" defaultValue={filter.to} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <QueryState query={messages} what="messages">
        {(data) => (
          <>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Recipient</th>
                    <th>Template</th>
                    <th>Status</th>
                    <th className="wide-only">Channel</th>
                    <th className="wide-only num">Attempts</th>
                    <th className="wide-only">Made</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((m) => (
                    <tr key={m.id}>
                      <td className="breakable"><Link to={`/messages/${m.id}`}>{m.recipient}</Link></td>
                      <td>{m.template}</td>
                      <td><MessageStatusBadge status={m.status} /></td>
                      <td className="wide-only">{m.channel}</td>
                      <td className="wide-only num">{m.attempts}</td>
                      <td className="wide-only">{when(m.created_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {data.items.length === 0 ? <p className="muted">No message matches.</p> : null}
            </div>
            <Pager page={page} limit={LIMIT} total={data.total} onPage={(next) => setParams({ ...Object.fromEntries(params), page: String(next) })} />
          </>
        )}
      </QueryState>
    </section>
  );
}

export function MessageView() {
  const { id } = useParams();
  const api = useApi();
  const queryClient = useQueryClient();
  const message = useQuery({ queryKey: ['message', id], queryFn: () => api.get<MessageDetail>(`/api/notifications/messages/${id}`) });
  const resend = useMutation({
    mutationFn: () => api.post<Message>(`/api/notifications/messages/${id}/resend`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['message', id] }),
  });
  return (
    <section>
      <p>
        <Link to="/messages">← Sent messages</Link>
      </p>
      <QueryState query={message} what="the message">
        {(m) => (
          <>
            <h1 className="breakable">{m.subject ?? `${m.template} to ${m.recipient}`}</h1>
            <dl className="facts">
              <dt>To</dt>
              <dd className="breakable">{m.recipient} ({m.channel})</dd>
              <dt>Template</dt>
              <dd>{m.template}</dd>
              <dt>Status</dt>
              <dd><MessageStatusBadge status={m.status} /> {m.last_error ? <span className="error-text">{m.last_error}</span> : null}</dd>
              <dt>Made</dt>
              <dd>{when(m.created_at)}</dd>
              <dt>Sent</dt>
              <dd>{m.sent_at ? when(m.sent_at) : '—'}</dd>
              {m.next_attempt_at ? (
                <>
                  <dt>Next attempt</dt>
                  <dd>{when(m.next_attempt_at)}</dd>
                </>
              ) : null}
            </dl>
            <div className="actions status-actions">
              <button type="button" className="primary" disabled={resend.isPending} onClick={() => resend.mutate()}>
                {resend.isPending ? 'Resending…' : 'Resend'}
              </button>
              {resend.isSuccess ? <span role="status" className="ok">Queued again.</span> : null}
            </div>
            <ErrorMessage error={resend.error} title="Not resent" />
            <h2>Text</h2>
            <pre className="card">{m.text}</pre>
            {m.html ? (
              <>
                <h2>HTML</h2>
                {/* Sandboxed: the message's HTML runs nothing and reaches nothing of the panel. */}
                <iframe className="mail" title="The message as HTML" sandbox="" srcDoc={m.html} />
              </>
            ) : null}
            <h2>Attempts</h2>
            <Attempts attempts={m.attempt_log} label="Attempts" />
          </>
        )}
      </QueryState>
    </section>
  );
}
