import type { Db, Outbox, Queryable } from '@storefleet/kit';
import type { OrderStatus, SagaState } from '@storefleet/contracts';
import type { Compensation } from '../domain/order-status.js';
import { shipmentOf } from '../domain/shipment.js';
import { ORDERS_PUBLISHES } from '../events.js';
import { addTimeline, orderItemsOf, recordStatusChange, selectOrder, toOrder, toRecord, type OrderRecord, type OrderRow } from './order-rows.js';

export interface StatusChange {
  from: OrderStatus;
  to: OrderStatus;
  actor: string;
  reason: string | null;
  /** Compensations to run once the status has changed (kept pending until done). */
  after: Compensation[];
  payment_status?: string;
  /** A remark recorded as an `updated` timeline entry with an order.updated event (a skipped capture). */
  note?: string;
  /** Shipping: the serial of every unit, by SKU. */
  serials?: Record<string, string[]>;
}

/**
 * Writes of the checkout saga and of status changes. Every write of a running saga names its owner and
 * succeeds only while that owner still holds the order's lease, so a run that lost its lease (the resumer
 * took over) stops instead of racing the new owner.
 * @example const sagas = createSagaStore(db, { outbox, leaseMs: 30_000 })
 */
export function createSagaStore(db: Db, { outbox, leaseMs }: { outbox: Outbox; leaseMs: number }) {
  const lease = (n: number) => `now() + $${n} * interval '1 millisecond'`;

  async function owned(tx: Queryable, id: string, owner: string): Promise<OrderRecord | undefined> {
    const order = await selectOrder(tx, id, true);
    return order && order.lease_owner === owner ? order : undefined;
  }

  return {
    /** Records a checkout's authorization: its saga moves on to `next`. False when `owner` no longer holds the lease. */
    async authorized(id: string, owner: string, payment: { id: string; status: string }, next: SagaState): Promise<boolean> {
      const { rowCount } = await db.query(
        `UPDATE orders SET saga_state = $6, lease_until = ${lease(3)}, payment_id = $4, payment_status = $5, updated_at = now()
          WHERE id = $1 AND lease_owner = $2`,
        [id, owner, leaseMs, payment.id, payment.status, next],
      );
      return rowCount === 1;
    },

    /** Ends a checkout cancelled with its reason; the compensations it still needs stay pending. */
    async fail(id: string, owner: string, failure: { reason: string; pending: Compensation[]; payment?: { id: string; status: string } }): Promise<OrderRecord | undefined> {
      return db.tx(async (tx) => {
        const order = await owned(tx, id, owner);
        if (!order) return undefined;
        await tx.query(
          `UPDATE orders SET status = 'cancelled', cancel_reason = $2, saga_state = $3, saga_pending = $4, lease_until = ${lease(5)},
                  payment_id = COALESCE($6, payment_id), payment_status = COALESCE($7, payment_status), updated_at = now()
            WHERE id = $1`,
          [id, failure.reason, failure.pending.length ? 'compensate' : 'done', failure.pending, leaseMs, failure.payment?.id ?? null, failure.payment?.status ?? null],
        );
        if (order.status !== 'cancelled') {
          await recordStatusChange(tx, outbox, { order_id: id, from: order.status, to: 'cancelled', actor: 'system', reason: failure.reason });
        }
        return selectOrder(tx, id);
      });
    },

    /**
     * Completes a checkout: processing, `order.created`, and the ordered lines leave the cart they came from,
     * in one statement (lease checked, row locked). `order` is the order as its saga knows it.
     */
    async complete(order: OrderRecord, owner: string): Promise<OrderRecord | undefined> {
      const updatedAt = new Date().toISOString();
      const completed: OrderRecord = { ...order, status: 'processing', saga: { state: 'done', pending: [] }, lease_owner: null, updated_at: updatedAt };
      const event = outbox.inStatement({ type: ORDERS_PUBLISHES.orderCreated, subject: order.id, data: toOrder(completed) });
      const { rows } = await db.query<OrderRow>(
        `WITH prior AS (
           SELECT id, status FROM orders WHERE id = $1 AND lease_owner = $2 FOR UPDATE
         ), done AS (
           UPDATE orders o SET status = 'processing', saga_state = 'done', saga_pending = '{}', lease_owner = NULL, lease_until = NULL,
                  updated_at = $4
             FROM prior WHERE o.id = prior.id
           RETURNING o.*, prior.status AS prior_status
         ), timeline AS (
           INSERT INTO order_timeline (order_id, type, actor, from_status, to_status, reason)
           SELECT id, 'status_changed', 'system', prior_status, 'processing', 'checkout completed' FROM done
         ), emptied AS (
           DELETE FROM cart_items c USING done WHERE c.cart_id = done.cart_id AND c.sku = ANY ($3::text[])
         ), ev AS (${event.insert(5)} FROM done)
         SELECT done.*, ${orderItemsOf('done')} AS items FROM done`,
        [order.id, owner, order.items.map((l) => l.sku), updatedAt, ...event.values],
      );
      if (!rows[0]) return undefined;
      event.written();
      return toRecord(rows[0]);
    },

    /** Records one compensation as done; false when `owner` no longer holds the lease. */
    async compensated(id: string, owner: string, step: Compensation, paymentStatus?: string): Promise<boolean> {
      const { rowCount } = await db.query(
        `UPDATE orders SET saga_pending = array_remove(saga_pending, $3), lease_until = ${lease(4)},
                payment_status = COALESCE($5, payment_status), updated_at = now()
          WHERE id = $1 AND lease_owner = $2`,
        [id, owner, step, leaseMs, paymentStatus ?? null],
      );
      return rowCount === 1;
    },

    /** Puts the saga at rest (`done`) and frees the lease. */
    async finish(id: string, owner: string): Promise<OrderRecord | undefined> {
      const { rowCount } = await db.query(
        `UPDATE orders SET saga_state = 'done', saga_pending = '{}', lease_owner = NULL, lease_until = NULL, updated_at = now()
          WHERE id = $1 AND lease_owner = $2`,
        [id, owner],
      );
      return rowCount ? selectOrder(db, id) : undefined;
    },

    /** Gives the lease up at once, so the resumer's next pass retries what could not run now. */
    async releaseLease(id: string, owner: string): Promise<void> {
      await db.query('UPDATE orders SET lease_owner = NULL, lease_until = now() WHERE id = $1 AND lease_owner = $2', [id, owner]);
    },

    /** Gives up a status change whose call may have happened: its undo stays pending for the resumer. */
    async abandonTransition(id: string, owner: string): Promise<void> {
      await db.query(
        `UPDATE orders SET saga_state = 'compensate', lease_owner = NULL, lease_until = now(), updated_at = now() WHERE id = $1 AND lease_owner = $2`,
        [id, owner],
      );
    },

    /**
     * Takes over up to `limit` unfinished sagas whose lease expired (replicas skip each other's rows),
     * never one of `exclude` (those this process is driving). `exclude` is a snapshot taken at `asOf`; a
     * checkout this process starts later is in no snapshot, so only leases already expired at `asOf` are
     * taken: under load the statement can wait for a connection longer than a lease lasts, and it then
     * took over checkouts that had just started here, which answered 409 checkout_interrupted.
     */
    async claimStale(owner: string, limit: number, exclude: string[], asOf: Date): Promise<string[]> {
      const { rows } = await db.query<{ id: string }>(
        `UPDATE orders SET lease_owner = $1, lease_until = ${lease(2)}
          WHERE id IN (SELECT id FROM orders WHERE saga_state <> 'done' AND (lease_until IS NULL OR lease_until < LEAST(now(), $5))
                          AND NOT (id = ANY($4::uuid[]))
                        ORDER BY lease_until NULLS FIRST LIMIT $3 FOR UPDATE SKIP LOCKED)
          RETURNING id`,
        [owner, leaseMs, limit, exclude, asOf],
      );
      return rows.map((r) => r.id);
    },

    /** Extends the leases these owners hold (sagas still running in this process). */
    async renewLeases(owners: string[]): Promise<void> {
      await db.query(`UPDATE orders SET lease_until = ${lease(2)} WHERE lease_owner = ANY($1::uuid[])`, [owners, leaseMs]);
    },

    /**
     * Starts a status change that first calls another service: the order must be idle in `from`; `undo` is
     * what the resumer runs if this run stops before the change is applied. A reactivation starts a new
     * reservation round.
     */
    async beginTransition(id: string, from: OrderStatus, owner: string, undo: Compensation[], newRound: boolean): Promise<OrderRecord | undefined> {
      const { rowCount } = await db.query(
        `UPDATE orders SET saga_state = 'transition', saga_pending = $4, lease_owner = $3, lease_until = ${lease(5)},
                reservation_round = reservation_round + $6
          WHERE id = $1 AND status = $2 AND saga_state = 'done' AND deleted_at IS NULL`,
        [id, from, owner, undo, leaseMs, newRound ? 1 : 0],
      );
      return rowCount ? selectOrder(db, id) : undefined;
    },

    /**
     * Applies a status change with its timeline entry and event; the order must still be in `from` and either
     * idle or held by `owner`. With compensations to run, `owner` keeps the lease until they are done.
     */
    async applyTransition(id: string, owner: string, change: StatusChange): Promise<OrderRecord | undefined> {
      return db.tx(async (tx) => {
        const { rowCount } = await tx.query(
          `UPDATE orders SET status = $3::text,
                  cancel_reason = CASE WHEN $3 = 'cancelled' THEN $4 WHEN $3 = 'pending' THEN NULL ELSE cancel_reason END,
                  saga_state = CASE WHEN cardinality($5::text[]) > 0 THEN 'compensate' ELSE 'done' END, saga_pending = $5,
                  lease_owner = CASE WHEN cardinality($5::text[]) > 0 THEN $6::uuid END,
                  lease_until = CASE WHEN cardinality($5::text[]) > 0 THEN ${lease(7)} END,
                  payment_status = COALESCE($8, payment_status), updated_at = now()
            WHERE id = $1 AND status = $2 AND deleted_at IS NULL AND (saga_state = 'done' OR lease_owner = $6)`,
          [id, change.from, change.to, change.reason, change.after, owner, leaseMs, change.payment_status ?? null],
        );
        if (!rowCount) return undefined;
        if (change.serials) {
          await tx.query(
            `UPDATE order_lines l SET serials = ARRAY(SELECT jsonb_array_elements_text(s.value))
               FROM jsonb_each($2::jsonb) s WHERE l.order_id = $1 AND l.sku = s.key`,
            [id, JSON.stringify(change.serials)],
          );
        }
        const order = (await selectOrder(tx, id))!;
        // A shipment carries what warranties need, so they are made from the event alone.
        const shipment = change.to === 'shipped' ? { shipment: shipmentOf(order) } : {};
        await recordStatusChange(tx, outbox, { order_id: id, from: change.from, to: change.to, actor: change.actor, reason: change.reason, ...shipment });
        if (change.note) {
          await addTimeline(tx, { order_id: id, type: 'updated', actor: 'system', reason: change.note });
          await outbox.add(tx, { type: ORDERS_PUBLISHES.orderUpdated, subject: id, data: toOrder(order) });
        }
        return order;
      });
    },
  };
}

export type SagaStore = ReturnType<typeof createSagaStore>;
