import type { CreateWebhookEndpoint, WebhookEndpoint } from '@storefleet/contracts';

export interface WebhookFormValues {
  url: string;
  /** Event types or patterns, separated by commas, blanks or lines. */
  events: string;
  description: string;
  enabled: boolean;
}

export function webhookFormValues(endpoint?: WebhookEndpoint): WebhookFormValues {
  return { url: endpoint?.url ?? '', events: endpoint?.events.join(', ') ?? 'order.*', description: endpoint?.description ?? '', enabled: endpoint?.enabled ?? true };
}

/** The body the API takes; it judges the URL and the patterns (and names the field it refuses). */
export function webhookBody(values: WebhookFormValues): CreateWebhookEndpoint {
  return { url: values.url.trim(), events: values.events.split(/[\s,]+/).filter(Boolean), description: values.description.trim(), enabled: values.enabled };
}
