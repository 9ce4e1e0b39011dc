import type { Static, TObject } from '@sinclair/typebox';
import { loadConfig } from './config.js';
import { databaseUrlFor } from './database-url.js';
import { createDb, type Db } from './db.js';
import { createInProcessBus, type EventBus } from './event-bus.js';
import { pino } from 'pino';
import { loggerOptions } from './logger.js';
import { createRedisBus } from './redis-bus.js';
import { listen, runMain, type App } from './service.js';

type ServiceConfig = { PORT: number; HOST: string; DATABASE_URL?: string; POSTGRES_URL?: string; REDIS_URL?: string; EVENT_MAX_ATTEMPTS?: number };

/**
 * Distributed mode's `main.ts` for a service with a database: config from the environment, its
 * database, the bus (Redis Streams when REDIS_URL is set), the app, listen; a clean stop on SIGTERM/SIGINT.
 * @example await runService('catalog', CatalogConfigSchema, (deps) => createCatalogApp(deps))
 */
export async function runService<S extends TObject>(
  name: string,
  schema: S,
  createApp: (deps: { config: Static<S>; db: Db; bus: EventBus }) => Promise<App>,
): Promise<void> {
  await runMain(name, async () => {
    const config = loadConfig(schema) as Static<S> & ServiceConfig;
    const db = createDb({ url: await databaseUrlFor(name, config) });
    const log = pino(loggerOptions(name));
    // Without Redis the bus reaches only this process: fine for one service on a laptop, not for a cluster.
    // The bus's own redelivery is for an event whose failure could not be recorded (database down); it gives up at the same limit.
    const bus = config.REDIS_URL ? createRedisBus({ url: config.REDIS_URL, log, maxDeliveries: config.EVENT_MAX_ATTEMPTS }) : createInProcessBus();
    if (!config.REDIS_URL) log.warn({}, 'REDIS_URL is not set: events reach only subscribers inside this process');
    const app = await createApp({ config, db, bus });
    await listen(app, config.PORT, config.HOST, `the ${name} port (PORT)`);
    return {
      async close() {
        await app.close();
        await bus.close();
        await db.close();
      },
    };
  });
}
