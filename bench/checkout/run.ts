// `npm run bench:checkout`: full checkouts through the gateway (add one line to a guest cart, then
// POST /api/orders from that cart with the success card) against a reference measured in the same run on
// the same PostgreSQL server, before and after the checkouts (the ratio uses their mean).
//
// Embedded mode (the default, bench/checkout/embedded.ts): the whole system in one process on embedded
// PostgreSQL, with 20 and with 50 clients; the reference is 16 clients looping
// `BEGIN; UPDATE ... WHERE qty > 0; COMMIT` on one row. Target: 0.1x the reference, no errors.
//
// Cluster mode (`--cluster`, bench/checkout/cluster.ts): the layout of `npm run start:cluster` (built with
// tsc -b first: every service its own process, two replicas of catalog and notifications, two gateways
// with the clients spread over both) on Debian's PostgreSQL and Redis, started in throwaway folders on
// free ports and stopped at the end (apt-get install -y postgresql redis-server); 50 clients, first with
// one orders replica, then with two, each on fresh databases; the reference is pgbench's default TPC-B
// script, 16 clients, on the same server. It prints the ratio (no target) and fails on any error.
//
// Options:
//   --duration=20 --warmup=30 --clients=20,50 (cluster: 50) --reference-clients=16
//   --profile (embedded: writes a V8 CPU profile of the services' process, not the gateway's, to .bench/checkout/)
//   --cluster --orders-replicas=1,2 --scale=10 (pgbench -i scale)
// On Linux it also prints the CPU each part of the system used per checkout and per reference transaction:
// embedded, the services' process, the gateway, PostgreSQL and the load generator; cluster, each replica
// and gateway process, PostgreSQL, Redis and the load generator (this process, or pgbench).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCluster } from './cluster.js';
import { benchEmbedded } from './embedded.js';
import { loadAverage } from './report.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const flags = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string | undefined]));
const list = (value: string) => value.split(',').map(Number);
const cluster = flags.has('cluster');

export interface Settings {
  duration: number;
  warmup: number;
  clients: number[];
  referenceClients: number;
  profile: boolean;
  ordersReplicas: number[];
  scale: number;
}

const settings: Settings = {
  duration: Number(flags.get('duration') ?? 20),
  warmup: Number(flags.get('warmup') ?? 30),
  clients: list(flags.get('clients') ?? (cluster ? '50' : '20,50')),
  referenceClients: Number(flags.get('reference-clients') ?? 16),
  profile: flags.has('profile'),
  ordersReplicas: list(flags.get('orders-replicas') ?? '1,2'),
  scale: Number(flags.get('scale') ?? 10),
};

// Everything runs on this one machine: a figure taken under a load above the core count is a lower bound.
console.log(`load average (1, 5, 15 min) at start: ${loadAverage()}`);
try {
  const ok = cluster ? await benchCluster(root, settings) : await benchEmbedded(root, settings);
  process.exitCode = ok ? 0 : 1;
} catch (error) {
  console.error(`\nbench:checkout failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
console.log(`load average (1, 5, 15 min) at end: ${loadAverage()}`);
