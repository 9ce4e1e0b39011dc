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
  channelCreated: 'channel.created',
  channelUpdated: 'channel.updated',
  channelDeleted: 'channel.deleted',
  channelKeyCreated: 'channel.key_created',
  channelKeyRevoked: 'channel.key_revoked',
} as const;

/** The channel.* events: the gateway reloads its channel directory on each. */
export const CHANNEL_EVENT_TYPES = [
  EVENT_TYPES.channelCreated, EVENT_TYPES.channelUpdated, EVENT_TYPES.channelDeleted, EVENT_TYPES.channelKeyCreated, EVENT_TYPES.channelKeyRevoked,
] as const;

/** An event one subscriber group failed EVENT_MAX_ATTEMPTS times, parked in that service's database. */
export const DeadLetterSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  group: Type.String({ description: 'the subscriber group (consumer) whose handler failed' }),
  event: EventEnvelopeSchema,
  error: Type.String({ description: 'the last failure' }),
  attempts: Type.Integer({ minimum: 1 }),
  first_failed_at: Type.String({ format: 'date-time' }),
  last_failed_at: Type.String({ format: 'date-time' }),
});
export type DeadLetter = Static<typeof DeadLetterSchema>;

/** A service's dead letters (`GET /events/dead-letters` on each service). */
export const DeadLetterListSchema = Type.Object({ dead_letters: Type.Array(DeadLetterSchema) });
export type DeadLetterList = Static<typeof DeadLetterListSchema>;

/** Every service's dead letters, gathered by the gateway (`GET /api/events/dead-letters`). */
export const SystemDeadLetterListSchema = Type.Object({
  dead_letters: Type.Array(Type.Intersect([Type.Object({ service: Type.String() }), DeadLetterSchema])),
  services: Type.Record(Type.String(), Type.Union([Type.Literal('ok'), Type.Literal('unreachable'), Type.Literal('failed')]), {
    description: 'per service: ok (its list is included), unreachable or failed (its list is missing)',
  }),
});
export type SystemDeadLetterList = Static<typeof SystemDeadLetterListSchema>;
