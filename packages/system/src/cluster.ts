import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import pg from 'pg';
import { ensureDatabase } from '@storefleet/kit';
import { SERVICES } from './services.js';
import { keyStorefronts } from './channel-keys.js';
import { channelLooks, startStorefronts, storefrontChannels, type RunningStorefronts, type StorefrontChannel } from './storefronts.js';
import type { StorefrontRemote } from './web-build.js';

/** Replicas per service in the cluster layout (others run once). */
export const CLUSTER_REPLICAS: Record<string, number> = { catalog: 2, orders: 2, notifications: 2 };
/** The gateways' ports: two gateways in front of every replica. */
export const CLUSTER_GATEWAY_PORTS = [8080, 8081];
/** The storefronts of the cluster layout: three channels, each on its own port. */
export const CLUSTER_STOREFRONTS = 'nyc:5001,la:5002,eu:5003';

/** One process of the cluster: a replica of a service, or a gateway. */
export interface ClusterProcessSpec {
  /** `catalog-2`, `gateway-1`: how the output and messages name it. */
  id: string;
  /** The service it runs (`services/<service>/dist/main.js`). */
  service: string;
  port: number;
  env: Record<string, string>;
  /** What answers 200 once it serves. */
  readyPath: string;
}

export interface ClusterPlanOptions {
  /** Database URL per service. */
  databases: Record<string, string>;
  redisUrl: string;
  host?: string;
  /** Replicas per service (default CLUSTER_REPLICAS; a service it does not name runs once), e.g. `{ ...CLUSTER_REPLICAS, orders: 1 }`. */
  replicas?: Record<string, number>;
  /** Port of a replica (default: the service's port, then +100 per replica: catalog 4002, 4102). */
  portOf?: (service: string, replica: number) => number;
  /** The gateways' ports and metrics ports (default 8080, 8081 and 9464, 9465). */
  gatewayPorts?: number[];
  gatewayMetricsPorts?: number[];
  /** Environment every process sees (ADMIN_PASSWORD, LOG_LEVEL, RATE_LIMIT_PER_IP...). */
  env?: Record<string, string | undefined>;
  /** Environment of one service's replicas only, by service (identity's STOREFRONT_CHANNELS). */
  serviceEnv?: Record<string, Record<string, string>>;
}

function definedEntries(env: Record<string, string | undefined> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * The cluster layout: every service its own process (by default two replicas of catalog, orders and notifications),
 * in start order (SERVICES: notifications, identity first, orders last), then two gateways; each process configured only by its
 * environment, with every caller's `<SERVICE>_URLS` naming all replicas.
 */
export function planCluster(options: ClusterPlanOptions): ClusterProcessSpec[] {
  const host = options.host ?? '127.0.0.1';
  const portOf = options.portOf ?? ((service, replica) => SERVICES.find((s) => s.name === service)!.defaultPort + 100 * (replica - 1));
  const shared = { ...definedEntries(options.env), REDIS_URL: options.redisUrl, HOST: host };
  const upstreams: Record<string, string> = {};
  const replicas = SERVICES.map((service) => {
    const count = (options.replicas ?? CLUSTER_REPLICAS)[service.name] ?? 1;
    const ports = Array.from({ length: count }, (_, i) => portOf(service.name, i + 1));
    upstreams[`${service.name.toUpperCase()}_URLS`] = ports.map((port) => `http://${host}:${port}`).join(',');
    return { service, ports };
  });
  const specs: ClusterProcessSpec[] = replicas.flatMap(({ service, ports }) =>
    ports.map((port, i) => ({
      id: `${service.name}-${i + 1}`,
      service: service.name,
      port,
      env: { ...shared, ...upstreams, ...options.serviceEnv?.[service.name], DATABASE_URL: options.databases[service.name]!, PORT: String(port) },
      readyPath: '/readyz',
    })),
  );
  const gatewayPorts = options.gatewayPorts ?? CLUSTER_GATEWAY_PORTS;
  gatewayPorts.forEach((port, i) => {
    const metricsPort = options.gatewayMetricsPorts?.[i] ?? 9464 + i;
    specs.push({ id: `gateway-${i + 1}`, service: 'gateway', port, env: { ...shared, ...upstreams, PORT: String(port), METRICS_PORT: String(metricsPort) }, readyPath: '/healthz' });
  });
  return specs;
}

/** Names what is missing when PostgreSQL or Redis cannot be reached, before any process starts. */
export async function checkClusterServers(postgresUrl: string | undefined, redisUrl: string | undefined): Promise<void> {
  const problems: string[] = [];
  if (!postgresUrl) problems.push('POSTGRES_URL is not set (a PostgreSQL server on which one database per service is created, e.g. postgres://postgres:secret@127.0.0.1:5432/postgres)');
  if (!redisUrl) problems.push('REDIS_URL is not set (the event bus, shared rate limits and cache, e.g. redis://127.0.0.1:6379)');
  if (postgresUrl) {
    const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
    } catch (error) {
      problems.push(`PostgreSQL at POSTGRES_URL (${hostOf(postgresUrl)}) cannot be reached: ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => {});
    }
  }
  if (redisUrl) {
    const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 5_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
    // ioredis reports the cause (ECONNREFUSED...) as an 'error' event and rejects with a vaguer one.
    let cause: Error | undefined;
    redis.on('error', (error) => (cause ??= error));
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      problems.push(`Redis at REDIS_URL (${hostOf(redisUrl)}) cannot be reached: ${(cause ?? (error as Error)).message}`);
    } finally {
      redis.disconnect();
    }
  }
  if (problems.length) throw new Error(problems.join('\n'));
}

function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 'default port'}`;
  } catch {
    return 'an invalid URL';
  }
}

export interface ClusterOptions extends Omit<ClusterPlanOptions, 'databases' | 'redisUrl' | 'serviceEnv'> {
  postgresUrl: string;
  redisUrl: string;
  /** Database names are `<prefix>_<service>` (default `storefleet`). */
  databasePrefix?: string;
  /** The repository root (where `services/<name>/dist/main.js` are). */
  root?: string;
  /** Where each process's output and the supervisor's messages go (default: this process's stdout/stderr). */
  print?: (line: string) => void;
  /** Restart a process that dies (default true). */
  restart?: boolean;
  /**
   * Storefronts to serve once the gateways are up (their web build must exist: `ensureWebBuilt`). identity
   * makes each channel sure at its start (STOREFRONT_CHANNELS, as in `npm start`), with its key kept in `dataDir`.
   */
  storefronts?: { id: string; port: number }[];
  /** Where the channels' keys are kept (default `./data`). */
  dataDir?: string;
  remotePorts?: Partial<Record<StorefrontRemote, number>>;
}

export interface ClusterProcess {
  spec: ClusterProcessSpec;
  url: string;
  /** How many times the supervisor restarted it. */
  restarts: number;
  pid(): number | undefined;
  /** Everything it printed (its last 200 lines). */
  output(): string[];
}

export interface RunningCluster {
  processes: ClusterProcess[];
  specs: ClusterProcessSpec[];
  gatewayUrls: string[];
  /** The storefronts' channels, with their keys, and each storefront's URL by channel. */
  channels: StorefrontChannel[];
  storefrontUrls: Record<string, string>;
  urls(service: string): string[];
  /** Stops one process and keeps it stopped (until `start`). */
  stopProcess(id: string): Promise<void>;
  startProcess(id: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `npm run start:cluster`: one database per service on POSTGRES_URL, then every process of `planCluster`
 * (replicas of a service start together), each waited for until ready; a process that dies is restarted,
 * saying so; then the storefronts, once both gateways take their channels' keys; `stop` ends every
 * one (SIGTERM, so each drains).
 */
export async function startCluster(options: ClusterOptions): Promise<RunningCluster> {
  const print = options.print ?? ((line: string) => console.log(line));
  await checkClusterServers(options.postgresUrl, options.redisUrl);
  const databases: Record<string, string> = {};
  for (const service of SERVICES) databases[service.name] = await ensureDatabase(options.postgresUrl, `${options.databasePrefix ?? 'storefleet'}_${service.name}`);
  // As `npm start`: every identity replica makes sure of the storefronts' channels at its start, with the kept keys.
  const keyed = await keyStorefronts(options.dataDir ?? './data', options.storefronts ?? [], options.env?.WEB_CHANNEL_KEY);
  const serviceEnv = keyed.length ? { identity: { STOREFRONT_CHANNELS: JSON.stringify(storefrontChannels(keyed, options.host)) } } : undefined;
  const specs = planCluster({ ...options, databases, serviceEnv });
  const supervised = specs.map((spec) => supervise(spec, { root: options.root ?? process.cwd(), print, restart: options.restart ?? true }));
  let web: RunningStorefronts | undefined;
  const cluster: RunningCluster = {
    processes: supervised,
    specs,
    gatewayUrls: supervised.filter((p) => p.spec.service === 'gateway').map((p) => p.url),
    channels: [],
    storefrontUrls: {},
    urls: (service) => supervised.filter((p) => p.spec.service === service).map((p) => p.url),
    stopProcess: (id) => byId(id).stop(),
    startProcess: (id) => byId(id).start(),
    async stop() {
      await web?.stop();
      await Promise.all(supervised.map((p) => p.stop()));
    },
  };
  function byId(id: string) {
    const found = supervised.find((p) => p.spec.id === id);
    if (!found) throw new Error(`no process ${id} in the cluster (${supervised.map((p) => p.spec.id).join(', ')})`);
    return found;
  }
  try {
    // In start order; the replicas of one service together (they share their migrations' advisory lock).
    const groups = [...new Set(specs.map((s) => s.service))];
    for (const service of groups) await Promise.all(supervised.filter((p) => p.spec.service === service).map((p) => p.start()));
    if (keyed.length) {
      for (const gateway of cluster.gatewayUrls) for (const storefront of keyed) await untilAccepted(gateway, storefront.key);
      // Each config.json shows its channel as identity has it (an admin may have renamed or recoloured it).
      const looks = await channelLooks(cluster.urls('identity')[0]!);
      cluster.channels = keyed.map((storefront) => ({ ...storefront, ...looks[storefront.id] }));
      web = await startStorefronts({ gatewayUrl: cluster.gatewayUrls[0]!, storefronts: cluster.channels, host: options.host, remotePorts: options.remotePorts });
      cluster.storefrontUrls = web.urls;
    }
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

/** Waits until a gateway takes a key (it loads the channels at its start and again on each channel.* event), for up to a minute. */
async function untilAccepted(gateway: string, key: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const status = await fetch(`${gateway}/api/products?limit=1`, { headers: { 'x-api-key': key } }).then((r) => r.status, () => 0);
    if (status === 200) return;
    await sleep(100);
  }
  throw new Error(`the gateway ${gateway} did not accept the key ${key.slice(0, 9)}… within a minute`);
}

type Supervised = ClusterProcess & { start(): Promise<void>; stop(): Promise<void> };

function supervise(spec: ClusterProcessSpec, options: { root: string; print: (line: string) => void; restart: boolean }): Supervised {
  const url = `http://${spec.env.HOST ?? '127.0.0.1'}:${spec.port}`;
  const lines: string[] = [];
  let child: ChildProcess | undefined;
  let wanted = false;
  let exited: Promise<void> = Promise.resolve();
  // Restarts of a process that keeps dying back off, so a broken one does not spin.
  let backoffMs = 500;

  const say = (line: string) => {
    lines.push(line);
    if (lines.length > 200) lines.shift();
    options.print(`[${spec.id}] ${line}`);
  };

  function spawnChild(): ChildProcess {
    const started = spawn(process.execPath, [`services/${spec.service}/dist/main.js`], {
      cwd: options.root,
      env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [started.stdout!, started.stderr!]) {
      let partial = '';
      stream.on('data', (chunk: Buffer) => {
        const text = partial + chunk.toString();
        const parts = text.split('\n');
        partial = parts.pop()!;
        for (const line of parts) if (line) say(line);
      });
    }
    exited = new Promise((resolve) =>
      started.once('exit', (code, signal) => {
        if (child === started) child = undefined;
        resolve();
        if (!wanted) return;
        say(`exited (${signal ?? `code ${code}`}); restarting in ${backoffMs} ms`);
        handle.restarts += 1;
        const delay = backoffMs;
        backoffMs = Math.min(backoffMs * 2, 30_000);
        setTimeout(() => {
          if (!wanted || child) return;
          child = spawnChild();
          waitReady(child).then(
            () => {
              backoffMs = 500;
              say(`ready again on ${url}`);
            },
            (error) => say((error as Error).message),
          );
        }, delay).unref();
      }),
    );
    return started;
  }

  async function waitReady(running: ChildProcess): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (running.exitCode !== null || running.signalCode !== null) throw new Error(`${spec.id} stopped while starting (${running.signalCode ?? `code ${running.exitCode}`}):\n${lines.slice(-20).join('\n')}`);
      if (await fetch(url + spec.readyPath).then((r) => r.ok, () => false)) return;
      if (attempt > 600) throw new Error(`${spec.id} did not become ready on ${url}${spec.readyPath} within a minute:\n${lines.slice(-20).join('\n')}`);
      await sleep(100);
    }
  }

  const handle: Supervised = {
    spec,
    url,
    restarts: 0,
    pid: () => child?.pid,
    output: () => [...lines],
    async start() {
      if (child) return;
      wanted = true;
      child = spawnChild();
      await waitReady(child);
    },
    async stop() {
      wanted = false;
      child?.kill('SIGTERM');
      await exited;
    },
  };
  return handle;
}

/**
 * Prometheus file-discovery targets (deploy/observability/prometheus.yml reads targets/*.json) for the
 * processes of a cluster: each service's own port, the gateways' METRICS_PORT.
 */
export function prometheusTargets(specs: ClusterProcessSpec[]): { labels: { service: string }; targets: string[] }[] {
  const byService = new Map<string, string[]>();
  for (const spec of specs) {
    const port = spec.service === 'gateway' ? spec.env.METRICS_PORT : String(spec.port);
    byService.set(spec.service, [...(byService.get(spec.service) ?? []), `${spec.env.HOST ?? '127.0.0.1'}:${port}`]);
  }
  return [...byService].map(([service, targets]) => ({ labels: { service }, targets }));
}
