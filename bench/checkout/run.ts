// `npm run bench:checkout`: full checkouts through the gateway in embedded mode (add one line to a
// guest cart, then POST /api/orders from that cart with the success card), with 20 and with 50
// clients, against a reference measured in the same run on the same PostgreSQL server, before and after
// the checkouts (the ratio uses their mean): 16 clients looping `BEGIN; UPDATE ... WHERE qty > 0; COMMIT`
// on one row. Options:
//   --duration=20 --warmup=30 --clients=20,50 --reference-clients=16
//   --profile (writes a V8 CPU profile of the services' process, not the gateway's, to .bench/checkout/)
// On Linux it also prints the CPU each part of the system used per checkout and per reference transaction.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Pool } from 'undici';
import { cpuPerUnit, PARTS, sampleCpu, type Part } from './cpu.js';

const TARGET = 0.1;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const flags = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const settings = {
  duration: Number(flags.get('duration') ?? 20),
  warmup: Number(flags.get('warmup') ?? 30),
  clients: (flags.get('clients') ?? '20,50').split(',').map(Number),
  referenceClients: Number(flags.get('reference-clients') ?? 16),
  profile: flags.has('profile'),
};
const ADMIN = { email: 'bench-admin@storefleet.test', password: `bench-${randomBytes(8).toString('hex')}` };
const SKU = 'BENCH-CHECKOUT-1';

/** Milliseconds of CPU per unit of work for each part of the system; undefined where /proc is missing. */
type CpuCost = Map<Part, number> | undefined;

interface RunResult {
  cpu: CpuCost;
  completed: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors5xx: number;
  otherFailures: Map<string, number>;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** What bench/checkout/system.ts prints before its {gatewayUrl, postgresUrl} once it is ready. */
const READY_LINE = 'bench system ready ';

/** Starts bench/checkout/system.ts in a child process and waits for its ready line. */
async function startSystemProcess(dataDir: string): Promise<{ child: ChildProcess; gatewayUrl: string; postgresUrl: string }> {
  const profile = settings.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(root, '.bench', 'checkout')}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', '--conditions=development', join(root, 'bench/checkout/system.ts')], {
    cwd: root,
    env: {
      ...process.env,
      BENCH_DATA_DIR: dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      // The load comes from one address and a few guests: the edge's abuse limits are not what is measured.
      RATE_LIMIT_PER_IP: '100000000',
      RATE_LIMIT_PER_USER: '100000000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Every other line (the system's logs) goes on to stderr, also once it is ready: a pipe nobody reads
  // would fill up and stop the system at its next log line.
  return new Promise((resolve, reject) => {
    let ready = false;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!ready && line.startsWith(READY_LINE)) {
        ready = true;
        resolve({ child, ...JSON.parse(line.slice(READY_LINE.length)) });
      } else process.stderr.write(`${line}\n`);
    });
    child.once('exit', (code) => {
      if (!ready) reject(new Error(`the system process exited (code ${code}) before it was ready`));
    });
  });
}

async function call(pool: Pool, method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await pool.request({
    method,
    path,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

async function prepare(pool: Pool): Promise<void> {
  const login = await call(pool, 'POST', '/api/users/login', ADMIN);
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status}`);
  const auth = { authorization: `Bearer ${login.body.access_token}` };
  const product = await call(pool, 'POST', '/api/products', { sku: SKU, name: 'Bench memory module', brand: 'Storefleet', category: 'memory', price: 49.9 }, auth);
  if (product.status !== 201) throw new Error(`create product failed: ${product.status} ${JSON.stringify(product.body)}`);
  const stock = await call(pool, 'PUT', `/api/inventory/${SKU}`, { on_hand: 1_000_000, reason: 'benchmark stock' }, auth);
  if (stock.status !== 200) throw new Error(`set stock failed: ${stock.status} ${JSON.stringify(stock.body)}`);
}

/** `clients` loops, each: add one line to its guest cart, check the cart out; until `seconds` pass. */
async function runCheckouts(pool: Pool, clients: number, seconds: number, systemPid: number): Promise<RunResult> {
  const latencies: number[] = [];
  let errors5xx = 0;
  const otherFailures = new Map<string, number>();
  const fail = (what: string) => otherFailures.set(what, (otherFailures.get(what) ?? 0) + 1);
  const cpuBefore = sampleCpu(systemPid);
  const started = performance.now();
  const deadline = started + seconds * 1000;

  async function client(index: number): Promise<void> {
    let cartId: string | undefined;
    const email = `bench-${index}@example.com`;
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const added = await call(pool, 'POST', '/api/cart/items', { sku: SKU, quantity: 1 }, cartId ? { 'x-cart-id': cartId } : {});
      if (added.status >= 500) errors5xx++;
      if (added.status !== 201 && added.status !== 200) {
        fail(`add to cart ${added.status}`);
        continue;
      }
      cartId = added.body.id;
      const order = await call(pool, 'POST', '/api/orders', { email, payment: { card_number: '4242424242424242' } }, { 'x-cart-id': cartId! });
      if (order.status >= 500) errors5xx++;
      if (order.status !== 201) {
        fail(`checkout ${order.status} ${order.body?.detail ?? ''}`);
        continue;
      }
      latencies.push(performance.now() - t0);
    }
  }

  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = sampleCpu(systemPid);
  latencies.sort((a, b) => a - b);
  return { cpu: cpuBefore && cpuAfter && cpuPerUnit(cpuBefore, cpuAfter, latencies.length), completed: latencies.length, perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors5xx, otherFailures };
}

/** The database's own ceiling for this shape of work: one hot row, conditional decrement, one commit each. */
async function runReference(postgresUrl: string, clients: number, seconds: number, systemPid: number): Promise<{ perSecond: number; p50: number; p99: number; cpu: CpuCost }> {
  const url = new URL(postgresUrl);
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS bench_reference');
  await admin.query('CREATE DATABASE bench_reference');
  await admin.end();
  url.pathname = '/bench_reference';
  const pool = new pg.Pool({ connectionString: url.toString(), max: clients });
  await pool.query('CREATE TABLE stock (id int PRIMARY KEY, qty int NOT NULL)');
  await pool.query('INSERT INTO stock VALUES (1, 1000000000)');
  const latencies: number[] = [];
  const cpuBefore = sampleCpu(systemPid);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = await pool.connect();
      try {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          await client.query('BEGIN');
          await client.query('UPDATE stock SET qty = qty - 1 WHERE id = 1 AND qty > 0');
          await client.query('COMMIT');
          latencies.push(performance.now() - t0);
        }
      } finally {
        client.release();
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = sampleCpu(systemPid);
  await pool.end();
  latencies.sort((a, b) => a - b);
  const cpu = cpuBefore && cpuAfter && cpuPerUnit(cpuBefore, cpuAfter, latencies.length);
  return { perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpu };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Where the CPU went: the throughput ratio is roughly the inverse of the ratio of these totals (the machine's cores are the limit). */
function cpuTable(rows: [string, CpuCost][]): string {
  if (rows.some(([, cpu]) => !cpu)) return '\nCPU per unit of work: not measured (it is read from /proc, which this system lacks)';
  const total = (cpu: Map<Part, number>) => [...cpu.values()].reduce((a, b) => a + b, 0);
  return [
    '',
    `| CPU per unit of work | ${PARTS.join(' | ')} | total |`,
    `|---|${PARTS.map(() => '---:').join('|')}|---:|`,
    ...rows.map(([label, cpu]) => `| ${label} | ${PARTS.map((part) => ms(cpu!.get(part)!)).join(' | ')} | ${ms(total(cpu!))} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'storefleet-bench-'));
  let system: ChildProcess | undefined;
  try {
    console.log(`bench:checkout — ${settings.duration} s per run, clients ${settings.clients.join(' and ')}, reference ${settings.referenceClients} clients`);
    const started = await startSystemProcess(dataDir);
    system = started.child;
    const pool = new Pool(started.gatewayUrl, { connections: Math.max(...settings.clients) + 4, pipelining: 1 });
    await prepare(pool);

    // The reference is measured before and after the checkout runs and the ratio uses their mean: on a
    // shared machine it drifts by ±15 % within minutes, and both ends bracket what the checkouts saw.
    const referenceRun = async (when: string) => {
      process.stderr.write(`reference (${when}): ${settings.referenceClients} clients, ${settings.duration} s\n`);
      return runReference(started.postgresUrl, settings.referenceClients, settings.duration, system!.pid!);
    };
    const before = await referenceRun('before');
    const results: { clients: number; result: RunResult }[] = [];
    for (const clients of settings.clients) {
      // Each run measures the system warm, as a server runs. The Node processes sit idle while the reference
      // runs, and V8 keeps optimizing code for a while: after 5 s of warm-up, it spent 2.0 s of CPU compiling
      // during a 10 s run at 20 clients (147 functions); after 25 s, 0.5 s (32 functions).
      if (settings.warmup > 0) await runCheckouts(pool, clients, settings.warmup, system!.pid!);
      process.stderr.write(`checkout: ${clients} clients, ${settings.duration} s\n`);
      results.push({ clients, result: await runCheckouts(pool, clients, settings.duration, system!.pid!) });
    }
    const after = await referenceRun('after');
    const reference = (before.perSecond + after.perSecond) / 2;

    const referenceRow = (when: string, r: typeof before) =>
      `| reference ${when}: PostgreSQL single-row update, ${settings.referenceClients} clients | ${r.perSecond.toFixed(0)} tx/s | ${ms(r.p50)} | ${ms(r.p99)} | 0 | ${(r.perSecond / reference).toFixed(2)}× |`;
    const rows = [referenceRow('before', before), referenceRow('after', after)];
    let met = true;
    for (const { clients, result } of results) {
      const ratio = result.perSecond / reference;
      met &&= ratio >= TARGET && result.errors5xx === 0 && result.otherFailures.size === 0;
      rows.push(`| checkout, ${clients} clients | ${result.perSecond.toFixed(1)} /s | ${ms(result.p50)} | ${ms(result.p99)} | ${result.errors5xx} | ${ratio.toFixed(3)}× |`);
      for (const [what, count] of result.otherFailures) rows.push(`|   failed: ${what} | ${count} | | | | |`);
    }
    await pool.close();
    console.log(['', '| run | throughput | p50 | p99 | 5xx | vs reference |', '|---|---:|---:|---:|---:|---:|', ...rows].join('\n'));
    console.log(`\nreference = mean of before and after: ${reference.toFixed(0)} tx/s`);
    console.log(cpuTable([
      [`reference before (per transaction)`, before.cpu],
      [`reference after (per transaction)`, after.cpu],
      ...results.map(({ clients, result }): [string, CpuCost] => [`checkout, ${clients} clients (per checkout)`, result.cpu]),
    ]));
    console.log(`target: ≥ ${TARGET}× the reference with no errors — ${met ? 'met' : 'NOT met'}`);
    process.exitCode = met ? 0 : 1;
  } finally {
    if (system && system.exitCode === null) {
      system.kill('SIGTERM');
      await new Promise((resolve) => system!.once('exit', resolve));
    }
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
