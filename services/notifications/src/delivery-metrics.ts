import { MESSAGE_CHANNELS, type MessageChannel } from '@storefleet/contracts';
import { createOutcomeCounter, createOutcomesCounter, type App } from '@storefleet/kit';

/** The final states of a message: what a delivery amounts to once nothing more will be tried. */
export const DELIVERY_OUTCOMES = ['sent', 'failed', 'not_sent'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

export interface DeliveryMetrics {
  /** A message reached a final state (a resent one counts again when it does again). */
  delivered(channel: MessageChannel, outcome: DeliveryOutcome): void;
  /** An endpoint was disabled: it answered 410 Gone, or failed for WEBHOOK_DISABLE_AFTER. */
  endpointDisabled(reason: 'gone' | 'failing'): void;
}

/**
 * Notifications' business metrics on the app's registry: `storefleet_deliveries_total{channel,outcome}`
 * and `storefleet_webhook_endpoints_disabled_total` (deploy/observability's dashboard and alert read them).
 * @example const metrics = createDeliveryMetrics(app); metrics.delivered('email', 'sent')
 */
export function createDeliveryMetrics(app: App): DeliveryMetrics {
  const deliveries = createOutcomesCounter(app, {
    name: 'storefleet_deliveries_total',
    help: 'Emails, SMS and webhook deliveries that reached a final state, by channel and outcome',
    labels: { channel: MESSAGE_CHANNELS, outcome: DELIVERY_OUTCOMES },
  });
  const disabled = createOutcomeCounter(app, {
    name: 'storefleet_webhook_endpoints_disabled_total',
    help: 'Webhook endpoints disabled for failing (410 Gone, or every delivery failed for WEBHOOK_DISABLE_AFTER), by reason',
    label: 'reason',
    values: ['gone', 'failing'],
  });
  return {
    delivered: (channel, outcome) => deliveries({ channel, outcome }),
    endpointDisabled: (reason) => disabled(reason),
  };
}
