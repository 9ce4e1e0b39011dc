import client from 'prom-client';
import { requireRole, type AuthHooks } from './auth.js';
import type { Db, KitLogger } from './db.js';
import { deadLetterRoutes } from './dead-letter-routes.js';
import { createDeadLetters, type DeadLetters } from './dead-letters.js';
import type { EventDataMap } from '@storefleet/contracts';
import { oneByOne, untyped, type EventBatchHandler, type EventBus, type EventHandler, type EventMap, type EventOf, type EventPattern, type MatchedBy } from './event-bus.js';
import type { App } from './service.js';
import { inConsumerSpan } from './tracing.js';

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
  const groups = new Set<string>();
  const lag = eventMetrics(app, groups, deadLetters);
  const subscriptions: Subscriptions<M> = {
    subscribeBatch(group, types, handler) {
      groups.add(group);
      // The guard retries and parks events as they came; the bus hands it only the types named.
      const guarded = deadLetters.guard(group, untyped(handler));
      unsubscribes.push(
        bus.subscribeBatch(group, types, (events) => {
          const now = Date.now();
          for (const event of events) lag.observe({ group }, Math.max(0, now - Date.parse(event.time)) / 1000);
          return inConsumerSpan(group, events, () => guarded(events));
        }),
      );
    },
    subscribe: (group, types, handler) => subscriptions.subscribeBatch(group, types, oneByOne(handler)),
  };
  return subscriptions;
}

/**
 * The event metrics of a service: how long after its time each event reaches each group's handler (a
 * retried one counts again, later), and how many events each group has parked as dead letters (read from
 * the database at each scrape).
 */
function eventMetrics(app: App, groups: Set<string>, deadLetters: Pick<DeadLetters, 'countByGroup'>): client.Histogram<'group'> {
  const registry = app.metricsRegistry;
  const lag = new client.Histogram({
    name: 'storefleet_event_lag_seconds',
    help: "From an event's time to its handling by a subscriber group",
    labelNames: ['group'] as const,
    buckets: [0.005, 0.025, 0.1, 0.5, 1, 5, 30, 120, 600],
    registers: [registry],
  });
  new client.Gauge({
    name: 'storefleet_dead_letters',
    help: 'Events parked as dead letters, by subscriber group (replay or discard them at /api/events/dead-letters)',
    labelNames: ['group'] as const,
    registers: [registry],
    async collect() {
      // A database that does not answer leaves the last counts, rather than failing the whole scrape.
      const counts = await deadLetters.countByGroup().catch(() => undefined);
      if (!counts) return;
      for (const group of new Set([...groups, ...counts.keys()])) this.set({ group }, counts.get(group) ?? 0);
    },
  });
  return lag;
}
