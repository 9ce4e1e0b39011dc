import type { Outbox, Queryable } from '@storefleet/kit';
import type { Order, OrderItem, OrderStatus, OrderStatusChangedEventData, SagaState, TimelineEntry, TimelineType } from '@storefleet/contracts';
import type { Compensation } from '../domain/order-status.js';
import { ORDERS_PUBLISHES } from '../events.js';

/** An order with what only orders itself needs: its cart, reservation round and lease. */
export interface OrderRecord extends Order {
  cart_id: string | null;
  reservation_round: number;
  lease_owner: string | null;
  deleted: boolean;
}

export interface OrderRow {
  id: string;
  status: OrderStatus;
  user_id: string | null;
  email: string;
  phone: string | null;
  channel: string;
  cart_id: string | null;
  currency: string;
  items: OrderItem[];
  subtotal: number;
  total: number;
  payment_id: string | null;
  payment_status: string | null;
  card_brand: string | null;
  card_last4: string | null;
  cancel_reason: string | null;
  reservation_round: number;
  saga_state: SagaState;
  saga_pending: Compensation[];
  lease_owner: string | null;
  deleted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** The lines of the order row `alias` as a JSON array (the `items` column of an OrderRow). */
export function orderItemsOf(alias: string): string {
  return `COALESCE((
    SELECT json_agg(json_build_object('sku', l.sku, 'product_id', l.product_id, 'name', l.name, 'quantity', l.quantity,
                                      'unit_price', l.unit_price, 'line_total', l.line_total, 'warranty_months', l.warranty_months,
                                      'serials', l.serials) ORDER BY l.position)
      FROM order_lines l WHERE l.order_id = ${alias}.id), '[]'::json)`;
}

/** Every column of an order plus its lines, as `o.*` of `FROM orders o`. */
/**
 * The WHERE clause (alias `o`) and its parameters of the admin list's filters: the list and the CSV export
 * read the same orders.
 */
export function orderListWhere(filter: { user_id?: string; status?: string; email?: string; channel?: string; from?: string; to?: string }): { clause: string; values: unknown[] } {
  const where = ['o.deleted_at IS NULL'];
  const values: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    where.push(sql.replace('?', `$${values.length}`));
  };
  if (filter.user_id) add('o.user_id = ?', filter.user_id);
  if (filter.status) add('o.status = ?', filter.status);
  if (filter.email) add('lower(o.email) = lower(?)', filter.email.trim());
  if (filter.channel) add('o.channel = ?', filter.channel);
  if (filter.from) add('o.created_at >= ?', filter.from);
  if (filter.to) add('o.created_at < ?', filter.to);
  return { clause: where.join(' AND '), values };
}

export const ORDER_SELECT = `
  SELECT o.*, ${orderItemsOf('o')} AS items
  FROM orders o`;

export function toRecord(row: OrderRow): OrderRecord {
  return {
    id: row.id,
    status: row.status,
    user_id: row.user_id,
    email: row.email,
    phone: row.phone,
    channel: row.channel,
    currency: row.currency,
    items: row.items.map((l) => ({ ...l, unit_price: Number(l.unit_price), line_total: Number(l.line_total) })),
    subtotal: row.subtotal,
    total: row.total,
    payment: { id: row.payment_id, status: row.payment_status, brand: row.card_brand, last4: row.card_last4 },
    cancel_reason: row.cancel_reason,
    saga: { state: row.saga_state, pending: row.saga_pending },
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    cart_id: row.cart_id,
    reservation_round: row.reservation_round,
    lease_owner: row.lease_owner,
    deleted: row.deleted_at !== null,
  };
}

/** The order as the API and events show it. */
export function toOrder(record: OrderRecord): Order {
  const { cart_id: _cart, reservation_round: _round, lease_owner: _lease, deleted: _deleted, ...order } = record;
  return order;
}

export async function selectOrder(q: Queryable, id: string, lock = false): Promise<OrderRecord | undefined> {
  const { rows } = await q.query<OrderRow>(`${ORDER_SELECT} WHERE o.id = $1${lock ? ' FOR UPDATE OF o' : ''}`, [id]);
  return rows[0] && toRecord(rows[0]);
}

export interface TimelineInput {
  order_id: string;
  type: TimelineType;
  actor: string;
  from?: string | null;
  to?: string | null;
  reason?: string | null;
}

interface TimelineRow {
  id: number;
  order_id: string;
  type: TimelineType;
  actor: string;
  at: Date;
  from_status: string | null;
  to_status: string | null;
  reason: string | null;
}

export function toTimelineEntry(row: TimelineRow): TimelineEntry {
  return { id: row.id, order_id: row.order_id, type: row.type, actor: row.actor, at: row.at.toISOString(), from: row.from_status, to: row.to_status, reason: row.reason };
}

export async function addTimeline(q: Queryable, entry: TimelineInput): Promise<void> {
  await q.query('INSERT INTO order_timeline (order_id, type, actor, from_status, to_status, reason) VALUES ($1, $2, $3, $4, $5, $6)', [
    entry.order_id, entry.type, entry.actor, entry.from ?? null, entry.to ?? null, entry.reason ?? null,
  ]);
}

/** A status change: its timeline row and its order.status_changed event, in the caller's transaction. */
export async function recordStatusChange(q: Queryable, outbox: Outbox, change: OrderStatusChangedEventData): Promise<void> {
  await addTimeline(q, { order_id: change.order_id, type: 'status_changed', actor: change.actor, from: change.from, to: change.to, reason: change.reason });
  await outbox.add(q, { type: ORDERS_PUBLISHES.orderStatusChanged, subject: change.order_id, data: change });
}
