import { join } from 'node:path';
import {
  createDb,
  createInProcessBus,
  createSessionRevocations,
  createTokenVerifier,
  ensureDatabase,
  followSessionRevocations,
  freePort,
  listen,
  loadConfig,
  revocationsFromIdentity,
  startEmbeddedPostgres,
  type App,
  type Db,
  type EmbeddedPostgresServer,
} from '@storefleet/kit';
import { GatewayConfigSchema } from '@storefleet/gateway';
import { startGatewayProcess } from './gateway-process.js';
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
  /** Stops one service (its port closes; the gateway and callers see it down). */
  stopService(name: string): Promise<void>;
  /** Starts a stopped service again on the same port and database, with extra environment. */
  startService(name: string, env?: Record<string, string | undefined>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Embedded mode: starts PostgreSQL (unless one is given), one database per service, one in-process
 * bus, each service as its own Fastify app on its own port, then the gateway in front of them, in its
 * own process (as in distributed mode). The services call each other in-process, through their apps;
 * the gateway reaches them over HTTP.
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
      if (server.stoppedLeftover) console.warn(`Stopped the embedded PostgreSQL that an earlier start left running (pid ${server.stoppedLeftover}).`);
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
    // One verifier for the services of this process, and one revocation list, fed by this process's bus.
    const revocations = createSessionRevocations();
    const verifier = createTokenVerifier({ jwksUrl: `${urls.identity}/.well-known/jwks.json`, revocations });
    const running = new Map<string, App>();

    async function startService(name: string, extraEnv: Record<string, string | undefined> = {}): Promise<void> {
      const service = SERVICES.find((s) => s.name === name);
      if (!service) throw new Error(`no service named ${name}`);
      if (running.has(name)) throw new Error(`${name} is already running`);
      const port = options.ports?.[name] ?? service.defaultPort;
      const env = { ...baseEnv, ...upstreamEnv, PORT: String(port), HOST: host, DATABASE_URL: databases[name], ...extraEnv };
      const app: App = await service.create({ env, db: dbs.get(name)!, bus, verifier, logLevel: options.logLevel, appOf: (other) => running.get(other) });
      running.set(name, app);
      await listen(app, port, host, `the ${name} port`);
    }
    async function stopService(name: string): Promise<void> {
      const app = running.get(name);
      running.delete(name);
      await app?.close();
    }

    const dbs = new Map<string, Db>();
    stops.push(async () => {
      for (const db of dbs.values()) await db.close();
    });
    stops.push(async () => {
      for (const name of [...running.keys()].reverse()) await stopService(name);
    });
    for (const service of SERVICES) {
      const url = await ensureDatabase(adminUrl, `${options.databasePrefix ?? 'storefleet'}_${service.name}`);
      databases[service.name] = url;
      dbs.set(service.name, createDb({ url }));
      await startService(service.name);
    }
    // identity answers now: its list of earlier revocations loads at once.
    const stopFollowing = followSessionRevocations({
      revocations,
      bus,
      load: revocationsFromIdentity([urls.identity!]),
      log: { info: () => {}, warn: (obj, msg) => console.warn(msg, obj), error: (obj, msg) => console.error(msg, obj) },
    });
    stops.push(async () => stopFollowing());

    const gatewayPort = options.ports?.gateway ?? Number(baseEnv.PORT ?? 8080);
    const gatewayEnv = { ...baseEnv, ...upstreamEnv, ...(options.logLevel ? { LOG_LEVEL: options.logLevel } : {}) };
    // Checked here, so a bad setting is named before a process starts.
    loadConfig(GatewayConfigSchema, { ...gatewayEnv, PORT: String(gatewayPort), HOST: host });
    const gateway = await startGatewayProcess(gatewayEnv, gatewayPort, host, bus);
    stops.push(() => gateway.stop());

    return {
      gatewayUrl: `http://${host}:${gatewayPort}`,
      urls: { ...urls, gateway: `http://${host}:${gatewayPort}` },
      databases,
      stopService,
      startService,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * startSystem on free ports (the gateway's and every service's). A port is free when picked, but another
 * process (a test file, a load generator) may take it before the system listens on it: startSystem then
 * stops what it started, and the ports are picked again, up to three tries.
 * @example const system = await startSystemOnFreePorts({ postgresUrl, databasePrefix: 'bench' })
 */
export async function startSystemOnFreePorts(options: Omit<SystemOptions, 'ports'> = {}): Promise<RunningSystem> {
  for (let attempt = 1; ; attempt++) {
    const ports: Record<string, number> = { gateway: await freePort() };
    for (const service of SERVICES) ports[service.name] = await freePort();
    try {
      return await startSystem({ ...options, ports });
    } catch (error) {
      if (attempt >= 3 || !/is already in use/.test((error as Error).message)) throw error;
    }
  }
}
