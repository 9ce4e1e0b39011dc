import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Message, MessageChannel, MessageDetail, MessageStatus } from '@storefleet/contracts';
import { useApi } from '../session.js';
import { Attempts } from '../components/attempts.js';
import { ChoiceFilter, DayRangeFilter, ListPage, type Column } from '../components/list-page.js';
import { ErrorMessage, QueryState } from '../components/status.js';
import { dayRangeQuery } from '../logic/list-params.js';
import { when } from '../logic/format.js';

/** contracts' MESSAGE_STATUSES and MESSAGE_CHANNELS, checked by their types (a value import would bundle every schema). */
const STATUSES: readonly MessageStatus[] = ['pending', 'sent', 'failed', 'not_sent'];
const CHANNELS: readonly MessageChannel[] = ['email', 'sms', 'webhook'];
const FILTERS = ['status', 'channel', 'recipient', 'from', 'to'] as const;

export function MessageStatusBadge({ status }: { status: Message['status'] }) {
  return <span className={`badge message-${status}`}>{status.replace('_', ' ')}</span>;
}

const COLUMNS: Column<Message>[] = [
  { header: 'Recipient', className: 'breakable', cell: (m) => <Link to={`/messages/${m.id}`}>{m.recipient}</Link> },
  { header: 'Template', cell: (m) => m.template },
  { header: 'Status', cell: (m) => <MessageStatusBadge status={m.status} /> },
  { header: 'Channel', className: 'wide-only', cell: (m) => m.channel },
  { header: 'Attempts', className: 'wide-only num', cell: (m) => m.attempts },
  { header: 'Made', className: 'wide-only', cell: (m) => when(m.created_at) },
];

export function Messages() {
  return (
    <ListPage
      title="Sent messages"
      what="messages"
      queryKey="messages"
      path="/api/notifications/messages"
      filters={FILTERS}
      query={(f) => ({ status: f.status, channel: f.channel, recipient: f.recipient, ...dayRangeQuery(f.from, f.to) })}
      intro={<p className="muted">Every email, SMS and webhook call Storefleet made or would have made (not sent: no SMTP_URL or SMS gateway), with its attempts.</p>}
      fields={(f) => (
        <>
          <ChoiceFilter label="Status" name="status" value={f.status} choices={STATUSES} format={(s) => s.replace('_', ' ')} />
          <ChoiceFilter label="Channel" name="channel" value={f.channel} choices={CHANNELS} />
          <label>
            Recipient <input name="recipient" type="search" defaultValue={f.recipient} placeholder="Email, phone or URL" />
          </label>
          <DayRangeFilter from={f.from} to={f.to} />
        </>
      )}
      columns={COLUMNS}
      rowKey={(m) => m.id}
      empty="No message matches."
    />
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
