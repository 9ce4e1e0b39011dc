import { EVENT_TYPES, type EventEnvelope, type Payment } from '@storefleet/contracts';

/** CloudEvents `source` of everything orders publishes. */
export const ORDERS_SOURCE = 'orders';

/**
 * Every event orders publishes (through its outbox, in the transaction of the change); `subject` is the order id.
 * - order.created: the order (OrderSchema) once its checkout completed (status processing);
 * - order.status_changed: `{order_id, from, to, actor, reason}` for every other status change, including a
 *   checkout that ended cancelled; to `shipped` it adds `shipment` (buyer, lines with warranty_months and
 *   serials), from which warranties are made;
 * - order.updated: the order after a change that is not a status change (a payment note);
 * - order.deleted: the order as it was when an admin deleted it (soft).
 */
export const ORDERS_PUBLISHES = {
  orderCreated: EVENT_TYPES.orderCreated,
  orderStatusChanged: EVENT_TYPES.orderStatusChanged,
  orderUpdated: EVENT_TYPES.orderUpdated,
  orderDeleted: EVENT_TYPES.orderDeleted,
} as const;

/** The subscriber group of orders. */
export const ORDERS_CONSUMER = 'orders';

/**
 * Every event orders handles (a reservation that expires is noticed when the saga commits it):
 * - payment.refunded: the refund is recorded for analytics (the increase of the payment's `amount_refunded`).
 */
export const ORDERS_HANDLES = [EVENT_TYPES.paymentRefunded] as const;

/** What a payment.refunded event says about the order's refunds, or undefined when malformed. */
export function refundOf(event: Pick<EventEnvelope, 'id' | 'data'>): { eventId: string; orderId: string; refundedTotal: number; at: string } | undefined {
  const payment = (event.data ?? {}) as Partial<Payment>;
  if (typeof payment.order_id !== 'string' || typeof payment.amount_refunded !== 'number' || typeof payment.updated_at !== 'string') return undefined;
  return { eventId: event.id, orderId: payment.order_id, refundedTotal: payment.amount_refunded, at: payment.updated_at };
}
