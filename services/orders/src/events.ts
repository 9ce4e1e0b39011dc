import { EVENT_TYPES } from '@storefleet/contracts';

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

/** Orders handles no events yet (a reservation that expires is noticed when the saga commits it). */
export const ORDERS_HANDLES = [] as const;
