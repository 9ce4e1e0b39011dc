import { randomUUID } from 'node:crypto';
import type { Message, MessageAttempt, MessageChannel, MessageDetail, MessageListQuery, MessagePage, MessageStatus } from '@storefleet/contracts';
import type { Db, Queryable } from '@storefleet/kit';

/** A message to write: rendered already, so the admin list shows exactly what goes (or would go) out. */
export interface NewMessage {
  channel: MessageChannel;
  recipient: string;
  template: string;
  event_id: string | null;
  event_type: string | null;
  endpoint_id?: string | null;
  subject?: string | null;
  body_text: string;
  body_html?: string | null;
  /** `not_sent` with `last_error` when it cannot go out at all (no transport configured). */
  status: 'pending' | 'not_sent';
  last_error?: string | null;
}

/** A message a sender claimed: it owns it until `claimed_until` (then any sender may take it again). */
export interface ClaimedMessage {
  id: string;
  claim_id: string;
  channel: MessageChannel;
  recipient: string;
  template: string;
  event_id: string | null;
  event_type: string | null;
  endpoint_id: string | null;
  subject: string | null;
  body_text: string;
  body_html: string | null;
  /** Attempts since it was queued, this one included. */
  tries: number;
  created_at: Date;
}

/** What one attempt ended in, and what becomes of the message. */
export interface AttemptResult {
  outcome: 'sent' | 'failed';
  code: number | null;
  answer: string;
  duration_ms: number;
  /** For a failure: when to try again, or nothing (the message ends `failed`, or `not_sent` with `not_sent`). */
  retry_at?: Date;
  not_sent?: boolean;
}

const COLUMNS = `id, channel, recipient, template, event_id, status, attempts, last_error, next_attempt_at, sent_at, created_at`;
const ATTEMPTS = `COALESCE((SELECT json_agg(json_build_object('id', a.id, 'outcome', a.outcome, 'code', a.code, 'answer', a.answer,
  'duration_ms', a.duration_ms, 'at', a.at) ORDER BY a.at) FROM message_attempts a WHERE a.message_id = m.id), '[]'::json) AS attempt_log`;
/** How much of an answer is kept: the first KB is what a person reads to see what went wrong. */
const ANSWER_LIMIT = 1024;

interface MessageRow {
  id: string;
  channel: MessageChannel;
  recipient: string;
  template: string;
  event_id: string | null;
  status: MessageStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
  sent_at: Date | null;
  created_at: Date;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);
export function toMessage(row: MessageRow): Message {
  return {
    id: row.id, channel: row.channel, recipient: row.recipient, template: row.template, event_id: row.event_id, status: row.status,
    attempts: row.attempts, last_error: row.last_error, next_attempt_at: row.status === 'pending' ? iso(row.next_attempt_at) : null,
    sent_at: iso(row.sent_at), created_at: row.created_at.toISOString(),
  };
}
const toAttempts = (log: (Omit<MessageAttempt, 'at'> & { at: string })[]): MessageAttempt[] => log.map((a) => ({ ...a, at: new Date(a.at).toISOString() }));

/**
 * Every outbound message with its attempts: written in the inbox transaction of its event, claimed by
 * senders with FOR UPDATE SKIP LOCKED (replicas share the work, none waits on another's rows), each
 * attempt recorded with its answer.
 * @example const messages = createMessagesStore(db); await messages.add(tx, [{ channel: 'email', ... }])
 */
export function createMessagesStore(db: Db) {
  return {
    async add(tx: Queryable, messages: NewMessage[]): Promise<Message[]> {
      const added: Message[] = [];
      for (const m of messages) {
        const { rows } = await tx.query<MessageRow>(
          `INSERT INTO messages (channel, recipient, template, event_id, event_type, endpoint_id, subject, body_text, body_html, status, last_error, next_attempt_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $10 = 'pending' THEN now() END) RETURNING ${COLUMNS}`,
          [m.channel, m.recipient, m.template, m.event_id, m.event_type, m.endpoint_id ?? null, m.subject ?? null, m.body_text, m.body_html ?? null, m.status, m.last_error ?? null],
        );
        added.push(toMessage(rows[0]!));
      }
      return added;
    },

    /** Claims up to `limit` due messages for `claimMs`: a sender that dies mid-send leaves them to be claimed again after that. */
    async claimDue(limit: number, claimMs: number): Promise<ClaimedMessage[]> {
      const { rows } = await db.query<ClaimedMessage>(
        `UPDATE messages m SET claim_id = $3, claimed_until = now() + $2::int * interval '1 millisecond', tries = tries + 1, attempts = attempts + 1, updated_at = now()
         WHERE id IN (
           SELECT id FROM messages WHERE status = 'pending' AND next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
           ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, claim_id, channel, recipient, template, event_id, event_type, endpoint_id, subject, body_text, body_html, tries, created_at`,
        [limit, claimMs, randomUUID()],
      );
      return rows;
    },

    /**
     * Records an attempt and what becomes of the message, if the sender still owns it (a claim that
     * expired mid-send may be another sender's now: then only the attempt is kept). Answers whether it did.
     */
    async recordAttempt(q: Queryable, message: Pick<ClaimedMessage, 'id' | 'claim_id'>, result: AttemptResult): Promise<boolean> {
      const answer = result.answer.slice(0, ANSWER_LIMIT);
      await q.query('INSERT INTO message_attempts (message_id, outcome, code, answer, duration_ms) VALUES ($1, $2, $3, $4, $5)', [
        message.id, result.outcome, result.code, answer, result.duration_ms,
      ]);
      const status: MessageStatus = result.outcome === 'sent' ? 'sent' : result.retry_at ? 'pending' : result.not_sent ? 'not_sent' : 'failed';
      const { rowCount } = await q.query(
        `UPDATE messages SET status = $3, last_error = CASE WHEN $3 = 'sent' THEN NULL ELSE $4 END, next_attempt_at = $5,
           sent_at = CASE WHEN $3 = 'sent' THEN now() ELSE sent_at END, claim_id = NULL, claimed_until = NULL, updated_at = now()
         WHERE id = $1 AND claim_id = $2`,
        [message.id, message.claim_id, status, answer, result.retry_at ?? null],
      );
      return rowCount === 1;
    },

    /** Ends a claimed message without an attempt: it cannot be sent (no transport, endpoint disabled). */
    async notSent(message: Pick<ClaimedMessage, 'id' | 'claim_id'>, reason: string): Promise<boolean> {
      const { rowCount } = await db.query(
        `UPDATE messages SET status = 'not_sent', last_error = $3, attempts = attempts - 1, next_attempt_at = NULL, claim_id = NULL, claimed_until = NULL, updated_at = now()
         WHERE id = $1 AND claim_id = $2`,
        [message.id, message.claim_id, reason],
      );
      return rowCount === 1;
    },

    /** Queues a message again, now, with a fresh retry schedule (resend, redeliver); undefined when there is none. */
    async requeue(id: string, channels: MessageChannel[]): Promise<Message | undefined> {
      const { rows } = await db.query<MessageRow>(
        `UPDATE messages SET status = 'pending', tries = 0, next_attempt_at = now(), claim_id = NULL, claimed_until = NULL, updated_at = now()
         WHERE id = $1 AND channel = ANY($2) RETURNING ${COLUMNS}`,
        [id, channels],
      );
      return rows[0] && toMessage(rows[0]);
    },

    async list(query: MessageListQuery): Promise<MessagePage> {
      const page = query.page ?? 1;
      const limit = query.limit ?? 20;
      const where: string[] = [];
      const values: unknown[] = [];
      const filter = (sql: string, value: unknown) => {
        values.push(value);
        where.push(sql.replace('?', `$${values.length}`));
      };
      if (query.status) filter('status = ?', query.status);
      if (query.channel) filter('channel = ?', query.channel);
      if (query.recipient) filter('lower(recipient) = lower(?)', query.recipient);
      if (query.template) filter('template = ?', query.template);
      if (query.from) filter('created_at >= ?', query.from);
      if (query.to) filter('created_at < ?', query.to);
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = await db.query<{ n: string }>(`SELECT count(*) AS n FROM messages ${clause}`, values);
      const { rows } = await db.query<MessageRow>(
        `SELECT ${COLUMNS} FROM messages ${clause} ORDER BY created_at DESC, id LIMIT ${limit} OFFSET ${(page - 1) * limit}`,
        values,
      );
      return { items: rows.map(toMessage), page, limit, total: Number(total.rows[0]!.n) };
    },

    async detail(id: string): Promise<MessageDetail | undefined> {
      const { rows } = await db.query<MessageRow & { subject: string | null; body_text: string; body_html: string | null; attempt_log: never[] }>(
        `SELECT ${COLUMNS}, subject, body_text, body_html, ${ATTEMPTS} FROM messages m WHERE id = $1`,
        [id],
      );
      const row = rows[0];
      if (!row) return undefined;
      return { ...toMessage(row), subject: row.subject, text: row.body_text, html: row.body_html, attempt_log: toAttempts(row.attempt_log) };
    },

    /** An endpoint's deliveries, newest first, each with its attempts. */
    async deliveriesOf(endpointId: string, page: number, limit: number) {
      const total = await db.query<{ n: string }>('SELECT count(*) AS n FROM messages WHERE endpoint_id = $1', [endpointId]);
      const { rows } = await db.query<MessageRow & { event_type: string; attempt_log: never[] }>(
        `SELECT ${COLUMNS}, event_type, ${ATTEMPTS} FROM messages m WHERE endpoint_id = $1 ORDER BY created_at DESC, id LIMIT ${limit} OFFSET ${(page - 1) * limit}`,
        [endpointId],
      );
      return { items: rows.map((row) => ({ ...toMessage(row), event_type: row.event_type, attempt_log: toAttempts(row.attempt_log) })), page, limit, total: Number(total.rows[0]!.n) };
    },
  };
}
export type MessagesStore = ReturnType<typeof createMessagesStore>;
