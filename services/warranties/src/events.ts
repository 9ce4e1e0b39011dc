import { EVENT_TYPES } from '@storefleet/contracts';

/** CloudEvents `source` of everything warranties publishes. */
export const WARRANTIES_SOURCE = 'warranties';

/**
 * Every event warranties publishes (through its outbox, in the transaction of the change).
 * - warranty.created, warranty.updated: `subject` the warranty id, `data` the warranty after the change;
 * - warranty.claim_opened, warranty.claim_updated: `subject` the claim id, `data` `{claim, warranty}`
 *   (the warranty names whom to tell).
 */
export const WARRANTIES_PUBLISHES = {
  warrantyCreated: EVENT_TYPES.warrantyCreated,
  warrantyUpdated: EVENT_TYPES.warrantyUpdated,
  warrantyClaimOpened: EVENT_TYPES.warrantyClaimOpened,
  warrantyClaimUpdated: EVENT_TYPES.warrantyClaimUpdated,
} as const;

/** Consumer name (inbox and bus group) of warranties' subscriptions. */
export const WARRANTIES_CONSUMER = 'warranties';

/** order.status_changed to `shipped`: a warranty for every unit of a line with warranty_months > 0. */
export const WARRANTIES_HANDLES = [EVENT_TYPES.orderStatusChanged] as const;
