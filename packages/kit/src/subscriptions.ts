import { requireRole, type AuthHooks } from './auth.js';
import type { Db, KitLogger } from './db.js';
import { deadLetterRoutes } from './dead-letter-routes.js';
import { createDeadLetters } from './dead-letters.js';
import { oneByOne, type EventBatchHandler, type EventBus, type EventHandler } from './event-bus.js';
import type { App } from './service.js';

export interface Subscriptions {
  /**
   * Subscribes to the bus for as long as the app runs. A failing event is retried by this group alone
   * and parked as a dead letter after EVENT_MAX_ATTEMPTS failures (see createDeadLetters).
   */
  subscribe(group: string, types: string[], handler: EventHandler): void;
  /** Subscribes a handler of many events at once (see EventBus.subscribeBatch), with the same rules. */
  subscribeBatch(group: string, types: string[], handler: EventBatchHandler): void;
}

/**
 * A service's bus subscriptions with their retries and dead letters, ended when the app closes, and
 * the admin routes of its dead letters (`/events/dead-letters`), so every service has them even
 * before it subscribes to anything.
 * @example const { subscribe } = await createSubscriptions({ app, db, bus, log, auth, config })
 */
export async function createSubscriptions(options: {
  app: App;
  db: Db;
  bus: EventBus;
  log: KitLogger;
  auth: AuthHooks;
  config: { EVENT_MAX_ATTEMPTS?: number; EVENT_RETRY_MS?: number };
}): Promise<Subscriptions> {
  const { app, bus, config } = options;
  const deadLetters = createDeadLetters({ db: options.db, log: options.log, maxAttempts: config.EVENT_MAX_ATTEMPTS ?? 10, retryMs: config.EVENT_RETRY_MS ?? 30_000 });
  const unsubscribes: (() => void)[] = [];
  app.addHook('onClose', async () => {
    for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
    await deadLetters.stop();
  });
  await app.register(async (admin) => {
    admin.addHook('onRequest', options.auth.required);
    admin.addHook('onRequest', requireRole('admin'));
    deadLetterRoutes(admin, deadLetters);
  });
  const subscribeBatch = (group: string, types: string[], handler: EventBatchHandler) => {
    unsubscribes.push(bus.subscribeBatch(group, types, deadLetters.guard(group, handler)));
  };
  return { subscribeBatch, subscribe: (group, types, handler) => subscribeBatch(group, types, oneByOne(handler)) };
}
