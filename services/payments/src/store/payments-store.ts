import { randomUUID } from 'node:crypto';
import type { Db, Outbox, Queryable } from '@storefleet/kit';
import type { Payment, PaymentDetail, PaymentOperation, PaymentOperationKind, PaymentStatus } from '@storefleet/contracts';
import type { CardOnFile, PaymentChange } from '../domain/payment.js';
import { EVENT_FOR_STATUS } from '../events.js';

interface PaymentRow {
  id: string;
  order_id: string;
  user_id: string | null;
  email: string | null;
  amount: number;
  currency: string;
  status: PaymentStatus;
  card_brand: string | null;
  card_last4: string | null;
  failure_reason: string | null;
  amount_refunded: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, order_id, user_id, email, amount, currency, status, card_brand, card_last4, failure_reason, amount_refunded, created_at, updated_at';

function toPayment({ card_brand, card_last4, created_at, updated_at, ...row }: PaymentRow): Payment {
  return {
    ...row,
    card: card_brand && card_last4 ? { brand: card_brand, last4: card_last4 } : null,
    created_at: created_at.toISOString(),
    updated_at: updated_at.toISOString(),
  };
}

/** A payment intent to insert: the card as brand + last four only. */
export interface NewPayment {
  order_id: string;
  user_id: string | null;
  email: string | null;
  amount: number;
  currency: string;
  status: PaymentStatus;
  card: CardOnFile | null;
  failure_reason: string | null;
}

/** Who changes a payment (an admin's id or 'system') and, for retried requests, their Idempotency-Key. */
export interface ChangedBy {
  actor: string;
  idempotency_key?: string;
}

export type PaymentKey = { id: string } | { order_id: string };

export interface PaymentFilter {
  user_id?: string;
  order_id?: string;
  status?: PaymentStatus;
  page: number;
  limit: number;
}

/**
 * Payments, their operation history and their events: every change adds an operation row and its
 * payment.* event to the outbox in the same transaction.
 * @example const payments = createPaymentsStore(db, { outbox: createOutbox('payments', relay) })
 */
export function createPaymentsStore(db: Db, { outbox }: { outbox: Outbox }) {
  async function record(
    tx: Queryable,
    payment: Payment,
    op: { kind: PaymentOperationKind; from_status: PaymentStatus | null; amount: number; reason: string | null } & ChangedBy,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO payment_operations (payment_id, kind, from_status, to_status, amount, reason, actor, idempotency_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [payment.id, op.kind, op.from_status, payment.status, op.amount, op.reason, op.actor, op.idempotency_key ?? null],
    );
    if (payment.status !== 'pending') await outbox.add(tx, { type: EVENT_FOR_STATUS[payment.status], subject: payment.id, data: payment });
  }

  async function find(q: Queryable, key: PaymentKey, lock = false): Promise<Payment | undefined> {
    const [column, value] = 'id' in key ? ['id', key.id] : ['order_id', key.order_id];
    const { rows } = await q.query<PaymentRow>(`SELECT ${COLUMNS} FROM payments WHERE ${column} = $1${lock ? ' FOR UPDATE' : ''}`, [value]);
    return rows[0] && toPayment(rows[0]);
  }

  return {
    /**
     * Inserts the order's payment unless it has one: `created` says which. A concurrent insert for the
     * same order waits on the UNIQUE order_id, then reads the one that won. A decided (not pending)
     * intent is recorded as the operation `kind` with its event, in the same statement.
     */
    async insert(intent: NewPayment, kind: PaymentOperationKind, by: ChangedBy): Promise<{ payment: Payment; created: boolean }> {
      const now = new Date().toISOString();
      const payment: Payment = {
        id: randomUUID(), order_id: intent.order_id, user_id: intent.user_id, email: intent.email, amount: intent.amount, currency: intent.currency,
        status: intent.status, card: intent.card, failure_reason: intent.failure_reason, amount_refunded: 0, created_at: now, updated_at: now,
      };
      const event = payment.status === 'pending' ? undefined : outbox.inStatement({ type: EVENT_FOR_STATUS[payment.status], subject: payment.id, data: payment });
      const { rows } = await db.query<PaymentRow>(
        `WITH p AS (
           INSERT INTO payments (id, order_id, user_id, email, amount, currency, status, card_brand, card_last4, failure_reason, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
           ON CONFLICT (order_id) DO NOTHING RETURNING ${COLUMNS}
         ), op AS (
           INSERT INTO payment_operations (payment_id, kind, to_status, amount, actor, idempotency_key)
           SELECT id, $12, status, amount, $13, $14 FROM p WHERE status <> 'pending'
         )${event ? `, ev AS (${event.insert(15)} FROM p)` : ''}
         SELECT * FROM p`,
        [payment.id, intent.order_id, intent.user_id, intent.email, intent.amount, intent.currency, intent.status, intent.card?.brand ?? null,
          intent.card?.last4 ?? null, intent.failure_reason, now, kind, by.actor, by.idempotency_key ?? null, ...(event?.values ?? [])],
      );
      if (!rows[0]) return { payment: (await find(db, { order_id: intent.order_id }))!, created: false };
      event?.written();
      return { payment: toPayment(rows[0]), created: true };
    },

    /**
     * Applies `plan(current)` to a payment under a row lock, as a conditional update on the status it
     * was planned from. Undefined when there is no such payment; the payment as is when the plan is
     * empty or this Idempotency-Key was already used on it.
     */
    async change(key: PaymentKey, plan: (current: Payment) => PaymentChange | undefined, by: ChangedBy): Promise<Payment | undefined> {
      return db.tx(async (tx) => {
        const current = await find(tx, key, true);
        if (!current) return undefined;
        if (by.idempotency_key) {
          const used = await tx.query('SELECT 1 FROM payment_operations WHERE payment_id = $1 AND idempotency_key = $2', [current.id, by.idempotency_key]);
          if (used.rowCount) return current;
        }
        const change = plan(current);
        if (!change) return current;
        const { rows } = await tx.query<PaymentRow>(
          `UPDATE payments SET status = $3, amount_refunded = $4, updated_at = now()
            WHERE id = $1 AND status = $2 RETURNING ${COLUMNS}`,
          [current.id, current.status, change.to_status, change.amount_refunded],
        );
        const payment = toPayment(rows[0]!);
        await record(tx, payment, { kind: change.kind, from_status: current.status, amount: change.amount, reason: change.reason, ...by });
        return payment;
      });
    },

    get: (key: PaymentKey): Promise<Payment | undefined> => find(db, key),

    /** A payment with its history, oldest operation first. */
    async detail(key: PaymentKey): Promise<PaymentDetail | undefined> {
      const payment = await find(db, key);
      if (!payment) return undefined;
      const { rows } = await db.query<Omit<PaymentOperation, 'created_at'> & { created_at: Date }>(
        `SELECT id, kind, from_status, to_status, amount, reason, actor, created_at
           FROM payment_operations WHERE payment_id = $1 ORDER BY created_at, id`,
        [payment.id],
      );
      return { ...payment, operations: rows.map((row) => ({ ...row, created_at: row.created_at.toISOString() })) };
    },

    /** Newest first, filtered; `total` counts every match. */
    async list(filter: PaymentFilter): Promise<{ items: Payment[]; total: number }> {
      const where = `($1::uuid IS NULL OR user_id = $1) AND ($2::uuid IS NULL OR order_id = $2) AND ($3::text IS NULL OR status = $3)`;
      const values = [filter.user_id ?? null, filter.order_id ?? null, filter.status ?? null];
      const [page, count] = await Promise.all([
        db.query<PaymentRow>(`SELECT ${COLUMNS} FROM payments WHERE ${where} ORDER BY created_at DESC, id LIMIT $4 OFFSET $5`, [
          ...values,
          filter.limit,
          (filter.page - 1) * filter.limit,
        ]),
        db.query<{ total: number }>(`SELECT count(*)::int AS total FROM payments WHERE ${where}`, values),
      ]);
      return { items: page.rows.map(toPayment), total: count.rows[0]!.total };
    },
  };
}

export type PaymentsStore = ReturnType<typeof createPaymentsStore>;
