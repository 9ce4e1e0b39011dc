// `npm run bench:checkout` in embedded mode: the whole system in one child process (bench/checkout/system.ts)
// on embedded PostgreSQL; the reference is 16 clients looping a single-row conditional update on its server.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Pool } from 'undici';
import { sampleCpu } from './cpu.js';
import { costOf, percentile, prepare, runCheckouts, type RunResult } from './load.js';
import { printReport, type ReferenceResult } from './report.js';
import type { Settings } from './run.js';

const TARGET = 0.1;
const ADMIN = { email: 'bench-admin@storefleet.test', password: `bench-${randomBytes(8).toString('hex')}` };

/** What bench/checkout/system.ts prints before its {gatewayUrl, postgresUrl} once it is ready. */
const READY_LINE = 'bench system ready ';

/** Starts bench/checkout/system.ts in a child process and waits for its ready line. */
async function startSystemProcess(root: string, dataDir: string, profile: boolean): Promise<{ child: ChildProcess; gatewayUrl: string; postgresUrl: string }> {
  const profiling = profile ? ['--cpu-prof', `--cpu-prof-dir=${join(root, '.bench', 'checkout')}`] : [];
  const child = spawn(process.execPath, [...profiling, '--import', 'tsx', '--conditions=development', join(root, 'bench/checkout/system.ts')], {
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

/** The database's own ceiling for this shape of work: one hot row, conditional decrement, one commit each. */
async function runReference(postgresUrl: string, clients: number, seconds: number, systemPid: number): Promise<ReferenceResult> {
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
  const cpu = costOf(cpuBefore, sampleCpu(systemPid), latencies.length);
  await pool.end();
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures: 0, cpu };
}

export async function benchEmbedded(root: string, settings: Settings): Promise<boolean> {
  const dataDir = await mkdtemp(join(tmpdir(), 'storefleet-bench-'));
  let system: ChildProcess | undefined;
  try {
    console.log(`bench:checkout — embedded, ${settings.duration} s per run, clients ${settings.clients.join(' and ')}, reference ${settings.referenceClients} clients`);
    const started = await startSystemProcess(root, dataDir, settings.profile);
    system = started.child;
    const sample = () => sampleCpu(system!.pid!);
    const pool = new Pool(started.gatewayUrl, { connections: Math.max(...settings.clients) + 4, pipelining: 1 });
    await prepare(pool, ADMIN);

    const referenceRun = async (when: string) => {
      process.stderr.write(`reference (${when}): ${settings.referenceClients} clients, ${settings.duration} s\n`);
      return runReference(started.postgresUrl, settings.referenceClients, settings.duration, system!.pid!);
    };
    const before = await referenceRun('before');
    const checkouts: { label: string; result: RunResult }[] = [];
    for (const clients of settings.clients) {
      // Each run measures the system warm, as a server runs. The Node processes sit idle while the reference
      // runs, and V8 keeps optimizing code for a while: after 5 s of warm-up, it spent 2.0 s of CPU compiling
      // during a 10 s run at 20 clients (147 functions); after 25 s, 0.5 s (32 functions).
      if (settings.warmup > 0) await runCheckouts([pool], clients, settings.warmup, sample);
      process.stderr.write(`checkout: ${clients} clients, ${settings.duration} s\n`);
      checkouts.push({ label: `checkout, ${clients} clients`, result: await runCheckouts([pool], clients, settings.duration, sample) });
    }
    const after = await referenceRun('after');
    await pool.close();
    return printReport({ reference: `PostgreSQL single-row update, ${settings.referenceClients} clients`, before, after, checkouts, target: TARGET });
  } finally {
    if (system && system.exitCode === null) {
      system.kill('SIGTERM');
      await new Promise((resolve) => system!.once('exit', resolve));
    }
    await rm(dataDir, { recursive: true, force: true });
  }
}
