import { fileURLToPath } from 'node:url';
import { createServiceCore, requireRole, type App, type ServiceAppOptions } from '@storefleet/kit';
import { checkNotificationsConfig, type NotificationsConfig } from './config.js';
import { createDeliveryMetrics } from './delivery-metrics.js';
import { createEventHandler } from './event-handler.js';
import { NOTIFICATIONS_CONSUMER, NOTIFICATIONS_HANDLES, NOTIFICATIONS_SOURCE } from './events.js';
import { inAppRoutes } from './routes/in-app.js';
import { messageRoutes } from './routes/messages.js';
import { webhookRoutes } from './routes/webhooks.js';
import { createSender } from './sender.js';
import { createEndpointsStore } from './store/endpoints-store.js';
import { createInAppStore } from './store/in-app-store.js';
import { createMessagesStore } from './store/messages-store.js';
import { createReadModelsStore } from './store/read-models-store.js';
import { createTemplates } from './templates.js';
import { createEmailTransport } from './transports/email-transport.js';
import { createWebhookTransport } from './transports/webhook-transport.js';

export type { NotificationsConfig } from './config.js';
export { NotificationsConfigSchema, loadNotificationsConfig } from './config.js';

/** This service's numbered .sql files (a restore applies them before it loads data). */
export const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

export type NotificationsAppOptions = ServiceAppOptions<NotificationsConfig>;

/**
 * Builds notifications: migrates its database, turns every event into its messages (emails, in-app
 * notifications, webhook calls) in the event's inbox transaction, runs the senders, and serves the
 * in-app, delivery-log and webhook routes.
 * @example const app = await createNotificationsApp({ config, db, bus: createInProcessBus() })
 */
export async function createNotificationsApp(options: NotificationsAppOptions): Promise<App> {
  const { config, db } = options;
  checkNotificationsConfig(config);
  const { app, log, outbox, auth, subscribe } = await createServiceCore(options, {
    name: NOTIFICATIONS_SOURCE,
    description: 'Every message that leaves Storefleet: email, SMS, in-app notifications and webhooks, with one delivery log',
    migrations: MIGRATIONS,
  });
  const messages = createMessagesStore(db);
  const endpoints = createEndpointsStore(db);
  const inApp = createInAppStore(db);
  const email = config.SMTP_URL ? createEmailTransport({ url: config.SMTP_URL, from: config.MAIL_FROM, timeoutMs: config.SMTP_TIMEOUT_MS }) : undefined;
  const http = createWebhookTransport({ timeoutMs: config.WEBHOOK_TIMEOUT_MS });
  const metrics = createDeliveryMetrics(app);
  const sender = createSender({ db, config, messages, endpoints, outbox, email, http, log, metrics });
  app.addHook('onClose', async () => {
    await sender.stop();
    email?.close();
    await http.close();
  });

  const handle = createEventHandler({ db, config, messages, inApp, endpoints, readModels: createReadModelsStore(), templates: createTemplates(), log, kick: sender.kick, metrics });
  subscribe(NOTIFICATIONS_CONSUMER, [...NOTIFICATIONS_HANDLES], handle);
  sender.start();

  await app.register(async (scope) => {
    scope.addHook('onRequest', auth.required);
    inAppRoutes(scope, { inApp });
    await scope.register(async (admin) => {
      admin.addHook('onRequest', requireRole('admin'));
      messageRoutes(admin, { messages, sender });
      webhookRoutes(admin, { db, config, endpoints, messages, sender });
    });
  });
  return app;
}
