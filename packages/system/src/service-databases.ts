import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { ensureDatabase, startEmbeddedPostgres } from '@storefleet/kit';
import { SERVICES } from './services.js';

/** Every service's database, found as the services and `npm start` find them. */
export interface ServiceDatabases {
  /** Database URL by service name. */
  urls: Record<string, string>;
  /** Where they are, in words, for messages. */
  where: string;
  /** Stops the embedded PostgreSQL when it was started for this (a running `npm start` keeps its own). */
  close(): Promise<void>;
}

export interface LocateOptions {
  /** `<SERVICE>_DATABASE_URL`, `POSTGRES_URL`, `DATA_DIR`, `EMBEDDED_PG_PORT`. */
  env: Record<string, string | undefined>;
  /** Creates the databases that do not exist yet (a restore into a fresh server). */
  create?: boolean;
  /** Database names are `<prefix>_<service>`, as `startSystem` names them (default `storefleet`). */
  databasePrefix?: string;
}

/**
 * Every service's database: `<SERVICE>_DATABASE_URL` (e.g. `CATALOG_DATABASE_URL`) for one service,
 * else `<prefix>_<service>` on the POSTGRES_URL server, else on the embedded PostgreSQL of DATA_DIR
 * (./data): the one a running `npm start` serves, or started here until `close`.
 * @example const dbs = await locateServiceDatabases({ env: process.env }); ...; await dbs.close()
 */
export async function locateServiceDatabases(options: LocateOptions): Promise<ServiceDatabases> {
  const { env } = options;
  const prefix = options.databasePrefix ?? 'storefleet';
  const given = Object.fromEntries(SERVICES.map((s) => [s.name, env[`${s.name.toUpperCase()}_DATABASE_URL`]]));
  const urls: Record<string, string> = {};
  for (const [name, url] of Object.entries(given)) if (url) urls[name] = url;
  if (Object.keys(urls).length === SERVICES.length) return { urls, where: 'the <SERVICE>_DATABASE_URL databases', close: async () => {} };

  let adminUrl = env.POSTGRES_URL;
  let where = `the PostgreSQL server of POSTGRES_URL (${adminUrl ? describeUrl(adminUrl) : ''})`;
  let close = async () => {};
  if (!adminUrl) {
    const dataDir = env.DATA_DIR ?? './data';
    // npm start writes the password on its first start: without it the folder holds no databases to back up.
    if (!options.create && !existsSync(join(dataDir, 'postgres-password'))) {
      throw new Error(`${dataDir} holds no embedded PostgreSQL data: set DATA_DIR to the folder npm start used, or POSTGRES_URL (or <SERVICE>_DATABASE_URL) for another server`);
    }
    const server = await startEmbeddedPostgres({ dataDir, port: Number(env.EMBEDDED_PG_PORT ?? 54329), useRunning: true });
    adminUrl = server.urlFor('postgres');
    where = `the embedded PostgreSQL of ${dataDir}`;
    close = () => server.stop();
  }
  try {
    for (const service of SERVICES) {
      if (urls[service.name]) continue;
      const database = `${prefix}_${service.name}`;
      const url = new URL(adminUrl);
      url.pathname = `/${database}`;
      urls[service.name] = options.create ? await ensureDatabase(adminUrl, database) : url.toString();
    }
  } catch (error) {
    await close();
    throw new Error(`cannot create the databases on ${where}: ${(error as Error).message}`);
  }
  return { urls, where, close };
}

/** A URL's database, host and port, without its password: safe in messages. */
export function describeUrl(url: string): string {
  const { hostname, port, pathname } = new URL(url);
  const database = decodeURIComponent(pathname.slice(1));
  return `${database ? `database ${database} on ` : ''}${hostname}:${port || 5432}`;
}

/** A connected client, or an error naming the database and why it cannot be reached. */
export async function connectTo(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    const { code, message } = error as { code?: string; message: string };
    if (code === '3D000') throw new Error(`${describeUrl(url)} does not exist (start Storefleet once to create it, or check the database URL)`);
    throw new Error(`cannot connect to ${describeUrl(url)}: ${code && !message.includes(code) ? `${code} ` : ''}${message}`);
  }
}
