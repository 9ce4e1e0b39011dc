import { join } from 'node:path';
import {
  createDb,
  createInProcessBus,
  createTokenVerifier,
  ensureDatabase,
  listen,
  loadConfig,
  startEmbeddedPostgres,
  type App,
  type Db,
  type EmbeddedPostgresServer,
} from '@storefleet/kit';
import { GatewayConfigSchema, createGateway } from '@storefleet/gateway';
import { SERVICES } from './services.js';

export interface SystemOptions {
  /** Where the embedded PostgreSQL keeps its data (ignored with `postgresUrl`). */
  dataDir?: string;
  /** Use this PostgreSQL server (admin URL) instead of starting the embedded one. */
  postgresUrl?: string;
  embeddedPostgresPort?: number;
  /** Port per service name and for `gateway`. */
  ports?: Record<string, number>;
  host?: string;
  logLevel?: string;
  /** Database names are `<prefix>_<service>` (default `storefleet`): tests use one prefix per suite. */
  databasePrefix?: string;
  /** Extra environment seen by every service (ADMIN_PASSWORD, SEED_DEMO_DATA, ...). */
  env?: Record<string, string | undefined>;
}

export interface RunningSystem {
  gatewayUrl: string;
  urls: Record<string, string>;
  databases: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Embedded mode: starts PostgreSQL (unless one is given), one database per service, one in-process
 * bus, each service as its own Fastify app on its own port, then the gateway in front of them.
 * @example const system = await startSystem({ dataDir: './data' }); ... await system.stop()
 */
export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  const host = options.host ?? '127.0.0.1';
  const baseEnv = { ...process.env, ...options.env };
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stops.splice(0).reverse()) await fn().catch((error) => console.error(error));
  };

  try {
    let adminUrl = options.postgresUrl;
    if (!adminUrl) {
      const server: EmbeddedPostgresServer = await startEmbeddedPostgres({
        dataDir: join(options.dataDir ?? './data'),
        port: options.embeddedPostgresPort ?? 54329,
      });
      stops.push(() => server.stop());
      adminUrl = server.urlFor('postgres');
    }

    const bus = createInProcessBus();
    const urls: Record<string, string> = {};
    const databases: Record<string, string> = {};
    const upstreamEnv: Record<string, string> = {};
    for (const service of SERVICES) {
      urls[service.name] = `http://${host}:${options.ports?.[service.name] ?? service.defaultPort}`;
      upstreamEnv[`${service.name.toUpperCase()}_URLS`] = urls[service.name]!;
    }
    const verifier = createTokenVerifier({ jwksUrl: `${urls.identity}/.well-known/jwks.json` });

    for (const service of SERVICES) {
      const port = options.ports?.[service.name] ?? service.defaultPort;
      const url = await ensureDatabase(adminUrl, `${options.databasePrefix ?? 'storefleet'}_${service.name}`);
      databases[service.name] = url;
      const db: Db = createDb({ url });
      stops.push(() => db.close());
      const env = { ...baseEnv, ...upstreamEnv, PORT: String(port), HOST: host, DATABASE_URL: url };
      const app: App = await service.create({ env, db, bus, verifier, logLevel: options.logLevel });
      stops.push(() => app.close());
      await listen(app, port, host, `the ${service.name} port`);
    }

    const gatewayPort = options.ports?.gateway ?? Number(baseEnv.PORT ?? 8080);
    const gateway = await createGateway({
      config: loadConfig(GatewayConfigSchema, { ...baseEnv, ...upstreamEnv, PORT: String(gatewayPort), HOST: host }),
      logLevel: options.logLevel,
    });
    stops.push(() => gateway.close());
    await gateway.listen(gatewayPort, host);

    return { gatewayUrl: `http://${host}:${gatewayPort}`, urls: { ...urls, gateway: `http://${host}:${gatewayPort}` }, databases, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
