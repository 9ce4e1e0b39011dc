import { Type, type Static } from '@sinclair/typebox';
import { PageQuerySchema, pageOf } from './common.js';

/** How a message leaves Storefleet. */
export const MESSAGE_CHANNELS = ['email', 'sms', 'webhook'] as const;
export const MessageChannelSchema = Type.Union(MESSAGE_CHANNELS.map((c) => Type.Literal(c)));
export type MessageChannel = Static<typeof MessageChannelSchema>;

/**
 * Where a message is: `pending` (waiting for its next attempt), `sent`, `failed` (every attempt failed;
 * `last_error` is the last answer) or `not_sent` (never tried: `last_error` says why, e.g. no SMTP_URL).
 */
export const MESSAGE_STATUSES = ['pending', 'sent', 'failed', 'not_sent'] as const;
export const MessageStatusSchema = Type.Union(MESSAGE_STATUSES.map((s) => Type.Literal(s)));
export type MessageStatus = Static<typeof MessageStatusSchema>;

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableDate = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

/** One try at sending a message: what the other side answered and how long it took. */
export const MessageAttemptSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  outcome: Type.Union([Type.Literal('sent'), Type.Literal('failed')]),
  code: Type.Union([Type.Integer(), Type.Null()], { description: 'the SMTP reply code or HTTP status; null when no answer came' }),
  answer: Type.String({ description: 'the first KB of the answer, or the error' }),
  duration_ms: Type.Integer({ minimum: 0 }),
  at: Type.String({ format: 'date-time' }),
});
export type MessageAttempt = Static<typeof MessageAttemptSchema>;

/** One outbound message (email, SMS or webhook call), as the admin list shows it. */
export const MessageSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  channel: MessageChannelSchema,
  recipient: Type.String({ description: 'an email address, a phone number or a webhook URL' }),
  template: Type.String({ description: 'the template (email, SMS) or the event type (webhook)' }),
  event_id: NullableString,
  status: MessageStatusSchema,
  attempts: Type.Integer({ minimum: 0 }),
  last_error: NullableString,
  next_attempt_at: NullableDate,
  sent_at: NullableDate,
  created_at: Type.String({ format: 'date-time' }),
});
export type Message = Static<typeof MessageSchema>;

/** A message with what it says (subject, text, HTML, or the webhook body) and its attempts. */
export const MessageDetailSchema = Type.Composite([
  MessageSchema,
  Type.Object({
    subject: NullableString,
    text: Type.String(),
    html: NullableString,
    attempt_log: Type.Array(MessageAttemptSchema),
  }),
]);
export type MessageDetail = Static<typeof MessageDetailSchema>;

export const MessageListQuerySchema = Type.Composite([
  Type.Object({
    status: Type.Optional(MessageStatusSchema),
    channel: Type.Optional(MessageChannelSchema),
    recipient: Type.Optional(Type.String({ maxLength: 2048 })),
    template: Type.Optional(Type.String({ maxLength: 100 })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'created at or after' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'created before' })),
  }),
  PageQuerySchema,
]);
export type MessageListQuery = Static<typeof MessageListQuerySchema>;
export const MessagePageSchema = pageOf(MessageSchema);
export type MessagePage = Static<typeof MessagePageSchema>;

/** An in-app notification of a signed-in customer. */
export const InAppNotificationSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.String({ description: 'the event that made it, e.g. order.created' }),
  title: Type.String(),
  body: Type.String(),
  order_id: NullableString,
  read_at: NullableDate,
  created_at: Type.String({ format: 'date-time' }),
});
export type InAppNotification = Static<typeof InAppNotificationSchema>;

export const InAppNotificationListSchema = Type.Object({
  items: Type.Array(InAppNotificationSchema),
  unread: Type.Integer({ minimum: 0 }),
});
export type InAppNotificationList = Static<typeof InAppNotificationListSchema>;

export const InAppListQuerySchema = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
});

const WebhookUrlSchema = Type.String({ minLength: 1, maxLength: 2048, description: 'an http(s) URL whose host is public (unless WEBHOOK_ALLOW_PRIVATE_URLS)' });
const EventPatternsSchema = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
  minItems: 1,
  maxItems: 100,
  description: 'event types or patterns ending in `*` (`order.*`, `*`); each must match a known event type',
});

/** A webhook endpoint; its secret is never listed (only on creation and rotation). */
export const WebhookEndpointSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  url: Type.String(),
  events: Type.Array(Type.String()),
  description: Type.String(),
  enabled: Type.Boolean(),
  disabled_reason: NullableString,
  failing_since: NullableDate,
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});
export type WebhookEndpoint = Static<typeof WebhookEndpointSchema>;

/** An endpoint with its signing secret (`whsec_` + base64 of 32 random bytes), shown once. */
export const WebhookEndpointWithSecretSchema = Type.Composite([WebhookEndpointSchema, Type.Object({ secret: Type.String() })]);
export type WebhookEndpointWithSecret = Static<typeof WebhookEndpointWithSecretSchema>;

export const WebhookEndpointListSchema = Type.Object({ items: Type.Array(WebhookEndpointSchema) });
export type WebhookEndpointList = Static<typeof WebhookEndpointListSchema>;

export const CreateWebhookEndpointSchema = Type.Object(
  {
    url: WebhookUrlSchema,
    events: EventPatternsSchema,
    description: Type.Optional(Type.String({ maxLength: 500, default: '' })),
    enabled: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);
export type CreateWebhookEndpoint = Static<typeof CreateWebhookEndpointSchema>;

export const UpdateWebhookEndpointSchema = Type.Object(
  {
    url: Type.Optional(WebhookUrlSchema),
    events: Type.Optional(EventPatternsSchema),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateWebhookEndpoint = Static<typeof UpdateWebhookEndpointSchema>;

/** One delivery of an event to an endpoint, with its attempts. */
export const WebhookDeliverySchema = Type.Composite([
  MessageSchema,
  Type.Object({ event_type: Type.String(), attempt_log: Type.Array(MessageAttemptSchema) }),
]);
export type WebhookDelivery = Static<typeof WebhookDeliverySchema>;
export const WebhookDeliveryPageSchema = pageOf(WebhookDeliverySchema);
export type WebhookDeliveryPage = Static<typeof WebhookDeliveryPageSchema>;

/** `data` of webhook.test, sent by `POST /api/webhooks/:id/test` to that endpoint only. */
export const WebhookTestDataSchema = Type.Object({ endpoint_id: Type.String({ format: 'uuid' }), message: Type.String() });
export type WebhookTestData = Static<typeof WebhookTestDataSchema>;

/** `data` of webhook.endpoint_disabled (subject: the endpoint id): 410 Gone, or failing for WEBHOOK_DISABLE_AFTER. */
export const WebhookEndpointDisabledDataSchema = Type.Object({
  endpoint_id: Type.String({ format: 'uuid' }),
  url: Type.String(),
  reason: Type.String(),
});
export type WebhookEndpointDisabledData = Static<typeof WebhookEndpointDisabledDataSchema>;
