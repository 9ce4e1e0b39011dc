import { Type } from '@sinclair/typebox';
import { ConfigError } from './config.js';
import { ensureDatabase } from './embedded-postgres.js';

/** The variables that say where a service's database and event bus are; spread into each service's config schema. */
export const DatabaseConfig = {
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://', description: 'a redis:// URL: the event bus (Redis Streams) shared by every service' })),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'a postgres:// URL of the service\'s own database' })),
  POSTGRES_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'a postgres:// URL of a server on which the service creates its database' })),
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
