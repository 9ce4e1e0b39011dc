import { EVENT_TYPES, type PaymentStatus } from '@storefleet/contracts';

/** CloudEvents `source` of everything payments publishes. */
export const PAYMENTS_SOURCE = 'payments';

/**
 * Every event payments publishes (through its outbox, in the transaction of the change).
 * `subject` is the payment id; `data` is the payment after the change (PaymentSchema).
 */
export const PAYMENTS_PUBLISHES = {
  paymentAuthorized: EVENT_TYPES.paymentAuthorized,
  paymentDeclined: EVENT_TYPES.paymentDeclined,
  paymentFailed: EVENT_TYPES.paymentFailed,
  paymentCaptured: EVENT_TYPES.paymentCaptured,
  paymentVoided: EVENT_TYPES.paymentVoided,
  paymentRefunded: EVENT_TYPES.paymentRefunded,
} as const;

/** The event a payment reaching a status publishes; a pending intent publishes none until it is decided. */
export const EVENT_FOR_STATUS: Record<Exclude<PaymentStatus, 'pending'>, (typeof PAYMENTS_PUBLISHES)[keyof typeof PAYMENTS_PUBLISHES]> = {
  authorized: PAYMENTS_PUBLISHES.paymentAuthorized,
  declined: PAYMENTS_PUBLISHES.paymentDeclined,
  failed: PAYMENTS_PUBLISHES.paymentFailed,
  captured: PAYMENTS_PUBLISHES.paymentCaptured,
  voided: PAYMENTS_PUBLISHES.paymentVoided,
  refunded: PAYMENTS_PUBLISHES.paymentRefunded,
  partially_refunded: PAYMENTS_PUBLISHES.paymentRefunded,
};

/** Payments handles no events. */
export const PAYMENTS_HANDLES = [] as const;
