import type { EventEnvelope } from '@storefleet/contracts';
import { createInbox, matchesEventType, parseUrls, type Db, type KitLogger, type Queryable } from '@storefleet/kit';
import type { NotificationsConfig } from './config.js';
import type { DeliveryMetrics } from './delivery-metrics.js';
import { messagesForEvent, type MessageContext } from './domain/messages-for-event.js';
import { NOTIFICATIONS_CONSUMER, readableEvent, type ReadableEvent } from './events.js';
import type { EndpointsStore } from './store/endpoints-store.js';
import type { InAppStore } from './store/in-app-store.js';
import type { MessagesStore, NewMessage } from './store/messages-store.js';
import type { ReadModelsStore } from './store/read-models-store.js';
import type { Templates } from './templates.js';

export interface EventHandlerDeps {
  db: Db;
  config: NotificationsConfig;
  messages: MessagesStore;
  inApp: InAppStore;
  readModels: ReadModelsStore;
  endpoints: EndpointsStore;
  templates: Templates;
  log: KitLogger;
  /** Wakes the senders once the messages are committed. */
  kick: () => void;
  metrics: DeliveryMetrics;
}

/** The body every webhook of an event carries (Standard Webhooks' payload shape). */
export function webhookBody(event: Pick<EventEnvelope, 'id' | 'type' | 'data' | 'time'>): string {
  return JSON.stringify({ id: event.id, event: event.type, data: event.data, timestamp: event.time });
}

/**
 * Handles one event: updates the read models, and writes every message it makes (emails, in-app
 * notifications, a webhook call per subscribed endpoint) in the transaction that records the event in the
 * inbox, so a crash either keeps all of them or none (and the redelivered event makes them then).
 * @example subscribe(NOTIFICATIONS_CONSUMER, [...NOTIFICATIONS_HANDLES], createEventHandler(deps))
 */
export function createEventHandler(deps: EventHandlerDeps) {
  const { config, messages, readModels } = deps;
  const handleOnce = createInbox(deps.db, NOTIFICATIONS_CONSUMER);
  const configuredAlertEmails = config.ADMIN_ALERT_EMAILS?.split(',').map((email) => email.trim()).filter(Boolean);
  const envWebhooks = config.WEBHOOK_URLS ? parseUrls(config.WEBHOOK_URLS) : [];

  async function updateReadModels(tx: Queryable, event: ReadableEvent): Promise<void> {
    if (event.type === 'order.created') await readModels.rememberOrder(tx, event.data);
    if (event.type === 'user.registered' || event.type === 'user.updated' || event.type === 'user.deleted') {
      await readModels.rememberUser(tx, event.data, event.type === 'user.deleted');
    }
  }

  async function contextOf(tx: Queryable, event: ReadableEvent): Promise<MessageContext> {
    const orderId = event.type === 'order.status_changed' ? event.data.order_id : event.type === 'payment.refunded' ? event.data.order_id : undefined;
    const needsAlerts = event.type === 'inventory.low_stock' || event.type === 'webhook.endpoint_disabled';
    return {
      order: orderId ? await readModels.order(tx, orderId) : undefined,
      alertEmails: needsAlerts ? configuredAlertEmails ?? (await readModels.activeAdminEmails(tx)) : [],
      storefrontUrl: config.STOREFRONT_URL.replace(/\/+$/, ''),
    };
  }

  async function emailsAndInApp(tx: Queryable, event: EventEnvelope, readable: ReadableEvent): Promise<NewMessage[]> {
    await updateReadModels(tx, readable);
    if (readable.type === 'user.updated' || readable.type === 'user.deleted') return [];
    const planned = messagesForEvent(readable, await contextOf(tx, readable));
    await deps.inApp.add(tx, planned.inApp);
    const sms = (planned.sms ?? []).map((text): NewMessage => ({
      channel: 'sms', recipient: text.to, template: text.template, event_id: event.id, event_type: event.type, body_text: deps.templates.renderSms(text.template, text.view),
      ...(config.SMS_WEBHOOK_URL ? { status: 'pending' } : { status: 'not_sent', last_error: 'SMS_WEBHOOK_URL is not set: the SMS is kept here' }),
    }));
    return [...sms, ...planned.emails.map((email) => {
      const rendered = deps.templates.render(email.template, email.view);
      return {
        channel: 'email', recipient: email.to, template: email.template, event_id: event.id, event_type: event.type,
        subject: rendered.subject, body_text: rendered.text, body_html: rendered.html,
        ...(config.SMTP_URL ? { status: 'pending' } : { status: 'not_sent', last_error: 'SMTP_URL is not set: email is off, the message is kept here' }),
      } satisfies NewMessage;
    })];
  }

  async function webhooks(tx: Queryable, event: EventEnvelope): Promise<NewMessage[]> {
    const body = webhookBody(event);
    const base = { channel: 'webhook', template: event.type, event_id: event.id, event_type: event.type, body_text: body, status: 'pending' } as const;
    const registered = (await deps.endpoints.enabled(tx)).filter((endpoint) => matchesEventType(endpoint.events, event.type));
    return [
      ...registered.map((endpoint): NewMessage => ({ ...base, recipient: endpoint.url, endpoint_id: endpoint.id })),
      ...envWebhooks.map((url): NewMessage => ({ ...base, recipient: url })),
    ];
  }

  return async function handle(event: EventEnvelope): Promise<void> {
    const readable = readableEvent(event);
    if (readable?.type === 'invalid') deps.log.warn({ event_id: event.id, type: event.type }, 'event data breaks its contract; only its webhooks are sent');
    await handleOnce(event, async (tx) => {
      const own = readable && readable.type !== 'invalid' ? await emailsAndInApp(tx, event, readable) : [];
      await messages.add(tx, [...own, ...(await webhooks(tx, event))]);
      tx.afterCommit?.(() => {
        // A message made not_sent (no SMTP_URL, no SMS_WEBHOOK_URL) is final from the start; the others are counted by the senders.
        for (const message of own) if (message.status === 'not_sent') deps.metrics.delivered(message.channel, 'not_sent');
        deps.kick();
      });
    });
  };
}
