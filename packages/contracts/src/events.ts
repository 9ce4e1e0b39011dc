import { Type, type Static } from '@sinclair/typebox';

/** CloudEvents 1.0 envelope carried by the bus. */
export const EventEnvelopeSchema = Type.Object({
  specversion: Type.Literal('1.0'),
  id: Type.String(),
  type: Type.String(),
  source: Type.String(),
  subject: Type.Optional(Type.String()),
  time: Type.String(),
  datacontenttype: Type.Optional(Type.String()),
  data: Type.Unknown(),
});
export type EventEnvelope = Static<typeof EventEnvelopeSchema>;

/** Every event type published in Storefleet, declared once. */
export const EVENT_TYPES = {
  productCreated: 'product.created',
  productUpdated: 'product.updated',
  productDeleted: 'product.deleted',
  userRegistered: 'user.registered',
  userUpdated: 'user.updated',
  userDeleted: 'user.deleted',
  userSessionsRevoked: 'user.sessions_revoked',
  inventoryAdjusted: 'inventory.adjusted',
  inventoryStockChanged: 'inventory.stock_changed',
  inventoryLowStock: 'inventory.low_stock',
  inventoryReservationExpired: 'inventory.reservation_expired',
  paymentAuthorized: 'payment.authorized',
  paymentDeclined: 'payment.declined',
  paymentFailed: 'payment.failed',
  paymentCaptured: 'payment.captured',
  paymentVoided: 'payment.voided',
  paymentRefunded: 'payment.refunded',
  orderCreated: 'order.created',
  orderStatusChanged: 'order.status_changed',
  orderUpdated: 'order.updated',
  orderDeleted: 'order.deleted',
} as const;
