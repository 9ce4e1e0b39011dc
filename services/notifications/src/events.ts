import {
  EVENT_TYPES, LowStockDataSchema, OrderSchema, OrderStatusChangedEventDataSchema, PasswordResetRequestedEventDataSchema, PaymentSchema, UserSchema,
  WarrantyClaimEventDataSchema, WebhookEndpointDisabledDataSchema, type EventEnvelope, type EventType, type User,
} from '@storefleet/contracts';
import { createCheck } from '@storefleet/kit';
import type { CheckedEvent } from './domain/messages-for-event.js';

/** CloudEvents `source` of everything notifications publishes, and its subscriber group. */
export const NOTIFICATIONS_SOURCE = 'notifications';
export const NOTIFICATIONS_CONSUMER = 'notifications';

/**
 * Every event notifications publishes: webhook.endpoint_disabled (data WebhookEndpointDisabledDataSchema)
 * when an endpoint answered 410 or failed for WEBHOOK_DISABLE_AFTER. webhook.test is never on the bus:
 * it goes only to the endpoint being tested.
 */
export const NOTIFICATIONS_PUBLISHES = { webhookEndpointDisabled: EVENT_TYPES.webhookEndpointDisabled } as const;

/** Notifications handles every event: any may go to a webhook; some also make emails and in-app notifications. */
export const NOTIFICATIONS_HANDLES: readonly EventType[] = Object.values(EVENT_TYPES).filter((type) => type !== EVENT_TYPES.webhookTest);

const CHECKS = {
  [EVENT_TYPES.orderCreated]: createCheck(OrderSchema),
  [EVENT_TYPES.orderStatusChanged]: createCheck(OrderStatusChangedEventDataSchema),
  [EVENT_TYPES.paymentRefunded]: createCheck(PaymentSchema),
  [EVENT_TYPES.userRegistered]: createCheck(UserSchema),
  [EVENT_TYPES.userUpdated]: createCheck(UserSchema),
  [EVENT_TYPES.userDeleted]: createCheck(UserSchema),
  [EVENT_TYPES.userPasswordResetRequested]: createCheck(PasswordResetRequestedEventDataSchema),
  [EVENT_TYPES.inventoryLowStock]: createCheck(LowStockDataSchema),
  [EVENT_TYPES.webhookEndpointDisabled]: createCheck(WebhookEndpointDisabledDataSchema),
  [EVENT_TYPES.warrantyClaimOpened]: createCheck(WarrantyClaimEventDataSchema),
  [EVENT_TYPES.warrantyClaimUpdated]: createCheck(WarrantyClaimEventDataSchema),
} as const;

/** Events whose data notifications reads itself (for messages or read models). */
export type ReadableEvent = CheckedEvent | { type: 'user.updated'; data: User } | { type: 'user.deleted'; data: User };

/**
 * The event with its data checked against its contract, or undefined when notifications does not read
 * this type (it is still delivered to webhooks as it came) or its data breaks the contract.
 */
export function readableEvent(event: EventEnvelope): ReadableEvent | { type: 'invalid' } | undefined {
  const check = (CHECKS as Record<string, (value: unknown) => boolean>)[event.type];
  if (!check) return undefined;
  return check(event.data) ? ({ type: event.type, data: event.data } as ReadableEvent) : { type: 'invalid' };
}
