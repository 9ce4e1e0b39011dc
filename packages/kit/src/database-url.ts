import { Type } from '@sinclair/typebox';
import { ConfigError } from './config.js';
import { ensureDatabase } from './embedded-postgres.js';

/**
 * The variables that say where a service's database and event bus are, and how its subscriber groups
 * retry a failing event; spread into each service's config schema.
 */
export const DatabaseConfig = {
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://', description: 'a redis:// URL: the event bus (Redis Streams) shared by every service' })),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'a postgres:// URL of the service\'s own database' })),
  POSTGRES_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'a postgres:// URL of a server on which the service creates its database' })),
  EVENT_MAX_ATTEMPTS: Type.Integer({
    minimum: 1,
    maximum: 1000,
    default: 10,
    description: 'an integer in 1..1000: failures of one event in one subscriber group before it is parked as a dead letter',
  }),
  EVENT_RETRY_MS: Type.Integer({
    minimum: 10,
    maximum: 3_600_000,
    default: 30_000,
    description: 'an integer in 10..3600000: how long a subscriber group waits before it retries an event that failed (milliseconds)',
  }),
};

/**
 * The service's database URL: DATABASE_URL as given, or `storefleet_<service>` created on the
 * POSTGRES_URL server; neither set stops the service with a message naming both.
 * @example const url = await databaseUrlFor('catalog', config)
 */
export async function databaseUrlFor(service: string, config: { DATABASE_URL?: string; POSTGRES_URL?: string }): Promise<string> {
  if (config.DATABASE_URL) return config.DATABASE_URL;
  if (config.POSTGRES_URL) return ensureDatabase(config.POSTGRES_URL, `storefleet_${service}`);
  throw new ConfigError(`Invalid configuration:\n  DATABASE_URL is required: expected a postgres:// URL of the ${service} database (or set POSTGRES_URL to a server on which storefleet_${service} is created; npm start does this for you)`);
}
