import type { Db, Outbox } from '@storefleet/kit';
import type { OrderItem, OrderStatus, TimelineEntry } from '@storefleet/contracts';
import { ORDERS_PUBLISHES } from '../events.js';
import { ORDER_SELECT, addTimeline, orderListWhere, selectOrder, toOrder, toRecord, toTimelineEntry, type OrderRecord, type OrderRow } from './order-rows.js';

/** A checkout's order before it exists: priced lines, buyer, and the saga run that owns it first. */
export interface NewOrder {
  id: string;
  user_id: string | null;
  email: string;
  phone: string | null;
  channel: string;
  cart_id: string | null;
  currency: string;
  subtotal: number;
  total: number;
  items: OrderItem[];
  card_brand: string;
  card_last4: string;
  /** Who placed it: a user id or 'guest'. */
  actor: string;
  lease_owner: string;
}

export interface OrderFilter {
  user_id?: string;
  status?: OrderStatus;
  email?: string;
  channel?: string;
  from?: string;
  to?: string;
  page: number;
  limit: number;
}

/**
 * Orders, their lines and timelines: creation, reads, lists and soft deletion.
 * (Saga and status writes are in saga-store.ts.)
 * @example const orders = createOrdersStore(db, { outbox, leaseMs: 30_000 })
 */
export function createOrdersStore(db: Db, { outbox, leaseMs }: { outbox: Outbox; leaseMs: number }) {
  return {
    /**
     * Inserts a pending order at the saga's first step, its lines and its `created` timeline entry (and
     * ties the Idempotency-Key to it), as one statement: atomic without a transaction's round trips.
     */
    async create(order: NewOrder, idempotency?: { scope: string; key: string }): Promise<OrderRecord> {
      const { rows } = await db.query<OrderRow>(
        `WITH o AS (
           INSERT INTO orders (id, user_id, email, channel, cart_id, status, currency, subtotal, total, card_brand, card_last4,
                               saga_state, lease_owner, lease_until, phone)
           VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8, $9, $10, 'reserve', $11, now() + $12 * interval '1 millisecond', $23)
           RETURNING *
         ), lines AS (
           INSERT INTO order_lines (order_id, position, sku, product_id, name, quantity, unit_price, line_total, warranty_months)
           SELECT o.id, l.position - 1, l.sku, l.product_id, l.name, l.quantity, l.unit_price, l.line_total, l.warranty_months
             FROM o, unnest($13::text[], $14::uuid[], $15::text[], $16::int[], $17::numeric[], $18::numeric[], $19::int[])
                     WITH ORDINALITY AS l (sku, product_id, name, quantity, unit_price, line_total, warranty_months, position)
         ), created AS (
           INSERT INTO order_timeline (order_id, type, actor, to_status) SELECT o.id, 'created', $20, 'pending' FROM o
         ), keyed AS (
           UPDATE idempotency_keys SET order_id = $1 WHERE scope = $21 AND key = $22
         )
         SELECT o.*, '[]'::json AS items FROM o`,
        [order.id, order.user_id, order.email, order.channel, order.cart_id, order.currency, order.subtotal, order.total,
          order.card_brand, order.card_last4, order.lease_owner, leaseMs,
          ...(['sku', 'product_id', 'name', 'quantity', 'unit_price', 'line_total', 'warranty_months'] as const).map((k) => order.items.map((l) => l[k])),
          order.actor, idempotency?.scope ?? null, idempotency?.key ?? null, order.phone],
      );
      return toRecord({ ...rows[0]!, items: order.items });
    },

    /** An order, deleted or not (callers decide who may see which). */
    get: (id: string): Promise<OrderRecord | undefined> => selectOrder(db, id),

    async list(filter: OrderFilter): Promise<{ items: OrderRecord[]; total: number }> {
      const { clause, values } = orderListWhere(filter);
      const count = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM orders o WHERE ${clause}`, values);
      const { rows } = await db.query(
        `${ORDER_SELECT} WHERE ${clause} ORDER BY o.created_at DESC, o.id LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
        [...values, filter.limit, (filter.page - 1) * filter.limit],
      );
      return { items: rows.map((row) => toRecord(row as Parameters<typeof toRecord>[0])), total: count.rows[0]!.total };
    },

    async timeline(orderId: string): Promise<TimelineEntry[]> {
      const { rows } = await db.query('SELECT * FROM order_timeline WHERE order_id = $1 ORDER BY id', [orderId]);
      return rows.map((row) => toTimelineEntry(row as Parameters<typeof toTimelineEntry>[0]));
    },

    /** Hides an order from every list and read; false when it was already deleted or never existed. */
    async softDelete(id: string, actor: string): Promise<boolean> {
      return db.tx(async (tx) => {
        const { rowCount } = await tx.query('UPDATE orders SET deleted_at = now(), updated_at = now() WHERE id = $1 AND deleted_at IS NULL', [id]);
        if (!rowCount) return false;
        await addTimeline(tx, { order_id: id, type: 'deleted', actor });
        const order = (await selectOrder(tx, id))!;
        await outbox.add(tx, { type: ORDERS_PUBLISHES.orderDeleted, subject: id, data: toOrder(order) });
        return true;
      });
    },
  };
}

export type OrdersStore = ReturnType<typeof createOrdersStore>;
