import { requireRole, type AuthHooks } from './auth.js';
import type { Db, KitLogger } from './db.js';
import { deadLetterRoutes } from './dead-letter-routes.js';
import { createDeadLetters } from './dead-letters.js';
import type { EventDataMap } from '@storefleet/contracts';
import { oneByOne, untyped, type EventBatchHandler, type EventBus, type EventHandler, type EventMap, type EventOf, type EventPattern, type MatchedBy } from './event-bus.js';
import type { App } from './service.js';

export interface Subscriptions<M extends EventMap = EventDataMap> {
  /**
   * Subscribes to the bus for as long as the app runs; the handler gets the matching events with their
   * data typed from the catalog. A failing event is retried by this group alone and parked as a dead
   * letter after EVENT_MAX_ATTEMPTS failures (see createDeadLetters).
   */
  subscribe<P extends EventPattern<M>>(group: string, types: readonly P[], handler: EventHandler<EventOf<M, MatchedBy<M, P>>>): void;
  /** Subscribes a handler of many events at once (see EventBus.subscribeBatch), with the same rules. */
  subscribeBatch<P extends EventPattern<M>>(group: string, types: readonly P[], handler: EventBatchHandler<EventOf<M, MatchedBy<M, P>>>): void;
}

/**
 * A service's bus subscriptions with their retries and dead letters, ended when the app closes, and
 * the admin routes of its dead letters (`/events/dead-letters`), so every service has them even
 * before it subscribes to anything.
 * @example const { subscribe } = await createSubscriptions({ app, db, bus, log, auth, config })
 */
export async function createSubscriptions<M extends EventMap = EventDataMap>(options: {
  app: App;
  db: Db;
  bus: EventBus<M>;
  log: KitLogger;
  auth: AuthHooks;
  config: { EVENT_MAX_ATTEMPTS?: number; EVENT_RETRY_MS?: number };
}): Promise<Subscriptions<M>> {
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
  const subscriptions: Subscriptions<M> = {
    subscribeBatch(group, types, handler) {
      // The guard retries and parks events as they came; the bus hands it only the types named.
      const guarded = deadLetters.guard(group, untyped(handler));
      unsubscribes.push(bus.subscribeBatch(group, types, guarded));
    },
    subscribe: (group, types, handler) => subscriptions.subscribeBatch(group, types, oneByOne(handler)),
  };
  return subscriptions;
}
