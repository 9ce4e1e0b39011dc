import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { InventoryAdjustedDataSchema, LowStockDataSchema, ReservationExpiredDataSchema, StockChangedDataSchema } from './inventory.js';
import { OrderEventDataSchema, OrderStatusChangedEventDataSchema } from './orders.js';
import { PaymentSchema } from './payments.js';
import { ProductEventDataSchema } from './products.js';
import { ChannelEventDataSchema, ChannelKeyEventDataSchema } from './channels.js';
import { WebhookEndpointDisabledDataSchema, WebhookTestDataSchema } from './notifications.js';
import { WarrantyClaimEventDataSchema, WarrantyEventDataSchema } from './warranties.js';
import { PasswordResetRequestedEventDataSchema, SessionsRevokedEventDataSchema, UserEventDataSchema, UserUpdatedEventDataSchema } from './users.js';

/** CloudEvents 1.0 envelope carried by the bus. */
export const EventEnvelopeSchema = Type.Object({
  specversion: Type.Literal('1.0'),
  id: Type.String(),
  type: Type.String(),
  source: Type.String(),
  subject: Type.Optional(Type.String()),
  time: Type.String(),
  datacontenttype: Type.Optional(Type.String()),
  /** CloudEvents distributed-tracing extension: the W3C trace context of the span that wrote the event (when tracing is on). */
  traceparent: Type.Optional(Type.String()),
  data: Type.Unknown(),
});
export type EventEnvelope = Static<typeof EventEnvelopeSchema>;

/**
 * Every event Storefleet publishes, declared once: its type, the schema of its `data` and what it
 * means. Publishers (kit `outbox.add`) and subscribers (kit `subscribe`) are typed from it, events
 * written by SQL functions are checked against it by test, and the README's event table is generated
 * from it (`npm run docs:events`).
 */
export const EVENT_CATALOG = {
  'user.registered': { schema: UserEventDataSchema, description: 'an account was created (sign-up or the first admin); data is the user, never a password or hash' },
  'user.updated': { schema: UserUpdatedEventDataSchema, description: 'an account changed (names, role, active, password); data is the user after it and the names of the fields that changed' },
  'user.deleted': { schema: UserEventDataSchema, description: 'an admin soft-deleted an account; data is the user as it was' },
  'user.sessions_revoked': {
    schema: SessionsRevokedEventDataSchema,
    description: 'every access token of the user issued before not_before is refused from now on (sign-out, password change or reset, role change, deactivation, deletion)',
  },
  'user.password_reset_requested': {
    schema: PasswordResetRequestedEventDataSchema,
    description: 'someone asked to reset the password of an active account; carries the raw single-use token (valid until expires_at) because notifications mails it as a link: only identity stores it, hashed',
  },
  'product.created': { schema: ProductEventDataSchema, description: 'an admin created a product; data is the product record (without stock)' },
  'product.updated': { schema: ProductEventDataSchema, description: 'an admin changed a product; data is the record after the change' },
  'product.deleted': { schema: ProductEventDataSchema, description: 'an admin deleted a product; data is the record as it was' },
  'inventory.adjusted': { schema: InventoryAdjustedDataSchema, description: 'an admin or the seed set or moved a SKU\'s stock; subject is the SKU' },
  'inventory.stock_changed': {
    schema: StockChangedDataSchema,
    description: 'a SKU\'s levels changed (adjustment, hold, sale, release, restock), with its new version and the availability before',
  },
  'inventory.low_stock': { schema: LowStockDataSchema, description: 'a SKU\'s availability fell from above its threshold to at or below it' },
  'inventory.reservation_expired': { schema: ReservationExpiredDataSchema, description: 'an order\'s stock hold timed out and was released; subject is the order id' },
  'payment.authorized': { schema: PaymentSchema, description: 'a card was authorized for an order; data is the payment' },
  'payment.declined': { schema: PaymentSchema, description: 'the card was declined; data is the payment with its failure_reason' },
  'payment.failed': { schema: PaymentSchema, description: 'the processor failed; data is the payment with its failure_reason' },
  'payment.captured': { schema: PaymentSchema, description: 'the authorized amount was captured (the order shipped)' },
  'payment.voided': { schema: PaymentSchema, description: 'the authorization was voided (the order was cancelled before shipping)' },
  'payment.refunded': { schema: PaymentSchema, description: 'all or part of a captured payment was refunded; amount_refunded says how much' },
  'order.created': { schema: OrderEventDataSchema, description: 'a checkout completed: the order is processing, its stock sold and its payment authorized' },
  'order.status_changed': {
    schema: OrderStatusChangedEventDataSchema,
    description: 'an order moved from one status to another (shipped, delivered, cancelled with its reason, a checkout that ended cancelled, ...)',
  },
  'order.updated': { schema: OrderEventDataSchema, description: 'an order changed without a status change (its payment state); data is the order after it' },
  'order.deleted': { schema: OrderEventDataSchema, description: 'an admin deleted an order (soft); data is the order as it was' },
  'webhook.test': { schema: WebhookTestDataSchema, description: 'sent by POST /api/webhooks/:id/test to that endpoint only, never on the bus' },
  'webhook.endpoint_disabled': { schema: WebhookEndpointDisabledDataSchema, description: 'notifications disabled a webhook endpoint (410 Gone, or failing for WEBHOOK_DISABLE_AFTER); the admins are emailed' },
  'channel.created': { schema: ChannelEventDataSchema, description: 'an admin created a storefront channel; data is the channel' },
  'channel.updated': { schema: ChannelEventDataSchema, description: 'an admin changed a channel (name, theme, currency, allowed origins); the gateways reload their directory' },
  'channel.deleted': { schema: ChannelEventDataSchema, description: 'an admin deleted a channel; data is the channel as it was' },
  'channel.key_created': { schema: ChannelKeyEventDataSchema, description: 'a publishable key was made for a channel; data is the key as listed (its prefix), never the key' },
  'channel.key_revoked': { schema: ChannelKeyEventDataSchema, description: 'a publishable key was revoked: the gateways refuse it from then on' },
  'warranty.created': { schema: WarrantyEventDataSchema, description: 'a unit of a shipped order got its warranty (one per serial); data is the warranty' },
  'warranty.updated': { schema: WarrantyEventDataSchema, description: 'an admin extended or voided a warranty; data is the warranty after it, with its history' },
  'warranty.claim_opened': { schema: WarrantyClaimEventDataSchema, description: 'the owner (or a guest with email and serial) opened a claim on a warranty' },
  'warranty.claim_updated': { schema: WarrantyClaimEventDataSchema, description: 'an admin moved a claim to another status, with a note' },
} as const satisfies Record<string, { schema: TSchema; description: string }>;

/** The type of every event Storefleet publishes (`order.created`, ...). */
export type EventType = keyof typeof EVENT_CATALOG;
/** The `data` of an event type, as its schema in EVENT_CATALOG declares it. */
export type EventData<T extends EventType> = Static<(typeof EVENT_CATALOG)[T]['schema']>;
/** Every event type with its data: what kit's outbox and bus are typed from. */
export type EventDataMap = { [T in EventType]: EventData<T> };

/** Every event type by a camelCase name, for code that names one (`EVENT_TYPES.orderCreated`). */
export const EVENT_TYPES = {
  productCreated: 'product.created',
  productUpdated: 'product.updated',
  productDeleted: 'product.deleted',
  userRegistered: 'user.registered',
  userUpdated: 'user.updated',
  userDeleted: 'user.deleted',
  userSessionsRevoked: 'user.sessions_revoked',
  userPasswordResetRequested: 'user.password_reset_requested',
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
  warrantyCreated: 'warranty.created',
  warrantyUpdated: 'warranty.updated',
  warrantyClaimOpened: 'warranty.claim_opened',
  warrantyClaimUpdated: 'warranty.claim_updated',
  webhookTest: 'webhook.test',
  webhookEndpointDisabled: 'webhook.endpoint_disabled',
  channelCreated: 'channel.created',
  channelUpdated: 'channel.updated',
  channelDeleted: 'channel.deleted',
  channelKeyCreated: 'channel.key_created',
  channelKeyRevoked: 'channel.key_revoked',
} as const satisfies Record<string, EventType>;

/** True when `type` is in EVENT_CATALOG. */
export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_CATALOG, type);
}

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
