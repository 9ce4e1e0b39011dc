// `npm run bench:checkout -- --cluster`: the checkouts against the layout of `npm run start:cluster` (every
// service its own built process, replicas, two gateways) on Debian's PostgreSQL and Redis, started here
// on free ports in throwaway folders; the reference is pgbench's TPC-B on the same PostgreSQL server.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Pool } from 'undici';
import { ensureDatabase, freePort } from '@storefleet/kit';
import { CLUSTER_REPLICAS, SERVICES, startCluster, type RunningCluster } from '@storefleet/system';
import { startDebianPostgres, type DebianPostgres } from '../../test/support/debian-postgres.js';
import { startDebianRedis, type DebianRedis } from '../../test/support/debian-redis.js';
import { sampleProcesses, type WatchedProcess } from './cpu.js';
import { costOf, percentile, prepare, runCheckouts, type RunResult } from './load.js';
import { printReport, type ReferenceResult } from './report.js';
import type { Settings } from './run.js';

const ADMIN = { email: 'bench-admin@storefleet.test', password: `bench-${randomBytes(8).toString('hex')}` };

interface Servers {
  postgres: DebianPostgres;
  redis: DebianRedis;
}

/** Runs a command to its end; its output (stdout and stderr) is kept for the error or the figures. */
function runCommand(file: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** The cluster runs each service's built `dist/main.js`: build first, so it is the code of this checkout. */
function build(root: string): void {
  process.stderr.write('building (tsc -b)\n');
  const result = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the build (tsc -b) failed: the cluster runs the built services');
}

/**
 * pgbench's default script (TPC-B: three updates, a select and an insert per transaction) for `seconds`;
 * p50/p99 come from its per-transaction log.
 */
async function runPgbench(pgbench: string, url: string, clients: number, seconds: number, watched: WatchedProcess[]): Promise<ReferenceResult> {
  const logDir = await mkdtemp(join(tmpdir(), 'storefleet-pgbench-'));
  try {
    const cpuBefore = sampleProcesses(watched);
    const jobs = Math.min(clients, availableParallelism());
    const { code, output } = await runCommand(pgbench, ['-c', String(clients), '-j', String(jobs), '-T', String(seconds), '--log', `--log-prefix=${join(logDir, 'tx')}`, url]);
    const cpuAfter = sampleProcesses(watched);
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(output);
    const processed = /number of transactions actually processed: (\d+)/.exec(output);
    if (code !== 0 || !tps || !processed) throw new Error(`pgbench failed:\n${output}`);
    // One line per transaction: "client_id transaction_no time_us script_no time_epoch time_us_part".
    const latencies: number[] = [];
    for (const file of await readdir(logDir)) {
      for (const line of (await readFile(join(logDir, file), 'utf8')).split('\n')) {
        const micros = Number(line.split(' ')[2]);
        if (line && Number.isFinite(micros)) latencies.push(micros / 1000);
      }
    }
    latencies.sort((a, b) => a - b);
    return {
      perSecond: Number(tps[1]),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      failures: Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0),
      cpu: costOf(cpuBefore, cpuAfter, Number(processed[1])),
    };
  } finally {
    await rm(logDir, { recursive: true, force: true });
  }
}

/** The start:cluster layout with `orders` replicas of orders, on free ports and its own databases, its rate limits out of reach. */
async function startLayout(root: string, servers: Servers, orders: number): Promise<RunningCluster> {
  // Each layout starts from nothing: no events, rate-limit counters or cache entries of the previous one.
  const redis = new Redis(servers.redis.url);
  await redis.flushall();
  redis.disconnect();
  const replicas: Record<string, number> = { ...CLUSTER_REPLICAS, orders };
  const ports = new Map<string, number>();
  for (const service of SERVICES) for (let replica = 1; replica <= (replicas[service.name] ?? 1); replica++) ports.set(`${service.name}-${replica}`, await freePort());
  return startCluster({
    postgresUrl: servers.postgres.adminUrl,
    redisUrl: servers.redis.url,
    databasePrefix: `bench_orders${orders}`,
    replicas,
    portOf: (service, replica) => ports.get(`${service}-${replica}`)!,
    gatewayPorts: [await freePort(), await freePort()],
    // 0: each gateway's /metrics on a free port.
    gatewayMetricsPorts: [0, 0],
    env: {
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      // The load comes from one address and a few guests: the edge's abuse limits are not what is measured.
      RATE_LIMIT_PER_IP: '1000000000',
      RATE_LIMIT_PER_USER: '1000000000',
    },
    root,
    // A process that dies shows as errors in the figures, not as a restart hidden in them.
    restart: false,
    print: (line) => process.stderr.write(`${line}\n`),
  });
}

export async function benchCluster(root: string, settings: Settings): Promise<boolean> {
  console.log(
    `bench:checkout — cluster layout on Debian's PostgreSQL and Redis, ${settings.duration} s per run (warm-up ${settings.warmup} s), ` +
      `orders replicas ${settings.ordersReplicas.join(' and ')}, clients ${settings.clients.join(' and ')}, pgbench TPC-B scale ${settings.scale} with ${settings.referenceClients} clients`,
  );
  let postgres: DebianPostgres | undefined;
  let redis: DebianRedis | undefined;
  let cluster: RunningCluster | undefined;
  let stopping: Promise<void> | undefined;
  // Ctrl-C too stops what the bench started: the PostgreSQL server runs detached (pg_ctl) and would outlive it.
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const stop of [() => cluster?.stop(), () => redis?.stop(), () => postgres?.stop()]) {
        await Promise.resolve(stop()).catch((error: Error) => console.error(`stopping: ${error.message}`));
      }
    })());
  const interrupted = () => void stopAll().then(() => process.exit(130));
  process.once('SIGINT', interrupted);
  try {
    postgres = await startDebianPostgres();
    redis = await startDebianRedis();
    const servers: Servers = { postgres, redis };
    const pgbench = join(postgres.bin, 'pgbench');
    if (!existsSync(pgbench)) throw new Error(`${pgbench} not found: apt-get install -y postgresql`);
    const serverParts: WatchedProcess[] = [
      { part: 'PostgreSQL', pid: postgres.pid },
      { part: 'Redis', pid: redis.pid },
    ];
    // After the servers: a missing Debian package is named before the build's minute.
    build(root);

    const pgbenchUrl = await ensureDatabase(postgres.adminUrl, 'bench_pgbench');
    process.stderr.write(`pgbench -i -s ${settings.scale}\n`);
    const init = await runCommand(pgbench, ['-i', '-q', '-s', String(settings.scale), pgbenchUrl]);
    if (init.code !== 0) throw new Error(`pgbench -i failed:\n${init.output}`);
    const referenceRun = (when: string) => {
      process.stderr.write(`pgbench (${when}): ${settings.referenceClients} clients, ${settings.duration} s\n`);
      return runPgbench(pgbench, pgbenchUrl, settings.referenceClients, settings.duration, serverParts);
    };
    const before = await referenceRun('before');

    const checkouts: { label: string; result: RunResult }[] = [];
    for (const orders of settings.ordersReplicas) {
      process.stderr.write(`starting the cluster with ${orders} orders replica(s)\n`);
      cluster = await startLayout(root, servers, orders);
      const running = cluster;
      const gateways = running.gatewayUrls.map((url) => new Pool(url, { connections: Math.ceil(Math.max(...settings.clients) / running.gatewayUrls.length) + 2, pipelining: 1 }));
      // Every replica and gateway by its id (`orders-2`), then the servers.
      const sample = () => sampleProcesses([...running.processes.flatMap((p) => (p.pid() ? [{ part: p.spec.id, pid: p.pid()! }] : [])), ...serverParts]);
      await prepare(gateways[0]!, ADMIN);
      for (const clients of settings.clients) {
        if (settings.warmup > 0) await runCheckouts(gateways, clients, settings.warmup, sample);
        process.stderr.write(`checkout: ${orders} orders replica(s), ${clients} clients, ${settings.duration} s\n`);
        const label = `cluster, ${orders} orders replica${orders === 1 ? '' : 's'}, ${clients} clients`;
        checkouts.push({ label, result: await runCheckouts(gateways, clients, settings.duration, sample) });
      }
      await Promise.all(gateways.map((pool) => pool.close()));
      await running.stop();
      cluster = undefined;
    }

    const after = await referenceRun('after');
    return printReport({ reference: `pgbench TPC-B scale ${settings.scale}, ${settings.referenceClients} clients`, before, after, checkouts });
  } finally {
    await stopAll();
    process.off('SIGINT', interrupted);
  }
}
