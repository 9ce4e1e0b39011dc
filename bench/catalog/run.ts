// `npm run bench:catalog`: catalog reads on a seeded catalog (100,000 products by default), in one run:
//   1. through the Storefleet gateway, response cache warm: a list page, a product page, a search; each
//      followed by nginx (one worker, proxy_cache on) in front of the same catalog service, the same request
//      from its cache;
//   2. the response cache off (CATALOG_CACHE_BYTES=0): unique random searches through the gateway, each run
//      followed by pgbench, 16 clients, the search's SQL (page + total and facets) with random codes, straight
//      on the database, planned as the catalog plans it (prepared, generic plans); once, for comparison,
//      pgbench planned on every call;
//   3. after each pgbench, for reference, the floor of any Node service on this database: the same searches
//      answered by a bare node:http + node-postgres server running the same statement (floor.ts), directly
//      and through a gateway.
// All of it runs `rounds` times, so drifts of a shared machine's speed hit ours and the references alike.
// Targets: cached list and product page through the gateway >= 0.5x nginx; unique searches >= 0.5x pgbench; 0 errors.
// Options: --products=100000 --duration=10 --warmup=3 --connections=50 --rounds=2
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@storefleet/kit';
import { planListing } from '../../services/catalog/src/domain/product-listing.js';
import { buildListingQuery } from '../../services/catalog/src/store/product-query.js';
import { cpuPerUnit, processCount, sampleCpu, sampleProcesses, type CpuSample, type WatchedProcess } from '../checkout/cpu.js';
import { runWrk, type WrkResult } from '../gateway/wrk.js';
import { writeNginxConfig } from '../gateway/nginx.js';

const TARGET = 0.5;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const workDir = join(root, '.bench', 'catalog');
const flags = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string | undefined]));
const num = (name: string, fallback: number) => (flags.has(name) ? Number(flags.get(name)) : fallback);
const settings = { products: num('products', 100_000), duration: num('duration', 10), warmup: num('warmup', 3), connections: num('connections', 50), rounds: num('rounds', 2) };
const children = new Set<ChildProcess>();

function fail(message: string): never {
  console.error(`\nbench:catalog failed: ${message}`);
  for (const child of children) child.kill('SIGTERM');
  process.exit(1);
}

function pgbenchPath(): string {
  const found = spawnSync('sh', ['-c', 'command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -1'], { encoding: 'utf8' }).stdout.trim().split('\n').pop();
  if (!found) fail('pgbench not found: apt-get install postgresql-client');
  return found;
}

interface RunningSystem {
  child: ChildProcess;
  gatewayUrl: string;
  catalogUrl: string;
  /** Every service's base URL by name. */
  urls: Record<string, string>;
  postgresUrl: string;
}

/**
 * Starts a Node process of this repository (TypeScript sources); with `ready`, resolves once its output
 * matches it (with the match), else at once. Lines matching `progress` are shown as they come.
 */
function startNode(name: string, script: string, env: Record<string, string>, ready?: RegExp, progress?: RegExp): Promise<{ child: ChildProcess; match?: RegExpExecArray }> {
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', script], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  return new Promise((done) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const shown = progress?.exec(chunk.toString());
      if (shown) console.log(`  ${shown[0]}`);
      const match = ready?.exec(output);
      if (match) done({ child, match });
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => {
      if (children.delete(child)) fail(`${name} exited (${code}):\n${output.slice(-3000)}`);
    });
    if (!ready) done({ child });
  });
}

/** Starts the system process (system.ts) and waits for its ready line. */
async function startSystem(env: Record<string, string>): Promise<RunningSystem> {
  const { child, match } = await startNode('the system', 'bench/catalog/system.ts', env, /bench system ready (\{.*\})/, /seeded .*/);
  return { child, ...JSON.parse(match![1]!) };
}

/** Waits until `url` answers 200 (a server starting), for ten seconds at most. */
async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const status = await fetch(url).then(async (response) => (await response.arrayBuffer(), response.status), () => 0);
    if (status === 200) return;
    await sleep(100);
  }
  fail(`${url} did not answer 200 within ten seconds`);
}

async function stop(child: ChildProcess): Promise<void> {
  children.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
}

async function check(url: string): Promise<void> {
  const response = await fetch(url);
  await response.arrayBuffer();
  if (response.status !== 200) fail(`${url} answered ${response.status}`);
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}
const rows: Row[] = [];

/**
 * CPU milliseconds per request (or transaction) of each part of the system during a measured run, from
 * /proc: unlike req/s, it hardly moves with what else the machine runs.
 */
function printCpu(name: string, before: CpuSample | undefined, after: CpuSample | undefined, units: number): void {
  if (!before || !after) return;
  const parts = [...cpuPerUnit(before, after, units)].filter(([part]) => part !== 'load generator');
  console.log(`    CPU per request of ${name}: ${parts.map(([part, ms]) => `${part} ${ms.toFixed(2)} ms`).join(', ')}`);
}

/** Runs wrk on `url`; with `watched`, prints the CPU per request of each watched process (see printCpu). */
async function measure(name: string, url: string, script?: string, watched?: WatchedProcess[]): Promise<Row> {
  const base = { url, threads: 1, connections: settings.connections, headers: {}, script };
  if (settings.warmup > 0) await runWrk({ ...base, durationSeconds: settings.warmup });
  const cpuBefore = watched && sampleProcesses(watched);
  const result: WrkResult = await runWrk({ ...base, durationSeconds: settings.duration });
  printCpu(name, cpuBefore, watched && sampleProcesses(watched), result.requestsPerSecond * settings.duration);
  // "Socket errors: connect 0, read 0, write 0, timeout 3": every count is an error.
  const socketErrors = [...result.errors.matchAll(/\d+/g)].reduce((sum, match) => sum + Number(match[0]), 0);
  const row = { name, rps: result.requestsPerSecond, p50: result.p50Ms, p99: result.p99Ms, errors: result.non2xx + socketErrors };
  console.log(`  ${name.padEnd(36)} ${row.rps.toFixed(0).padStart(8)} req/s  p50 ${row.p50.toFixed(2)} ms  p99 ${row.p99.toFixed(2)} ms  errors ${row.errors} ${result.errors}`);
  rows.push(row);
  return row;
}

/** wrk's Lua: each request a search for a random model code (`K417`), which names a few products of the 100,000. */
const RANDOM_SEARCH_LUA = `
math.randomseed(os.time() + math.floor(os.clock() * 1000000))
request = function()
  local code = string.char(64 + math.random(26)) .. tostring(math.random(100, 999))
  return wrk.format("GET", "/api/products/search?q=" .. code)
end
`;

/** pgbench's script: the statement a search runs (its page, total and facets), for a random code. */
function pgbenchScript(): string {
  const plan = planListing({ q: 'K417' });
  const code = `(chr(:l) || (:n)::text)`;
  const bind = (text: string, values: unknown[]) =>
    text.replace(/\$(\d+)/g, (_, i: string) => {
      const value = values[Number(i) - 1];
      if (value === plan.q) return code;
      if (value === plan.prefix) return `(lower(${code}) || ':*')`;
      return String(value);
    });
  const search = buildListingQuery(plan, { summary: true });
  return ['\\set l random(65, 90)', '\\set n random(100, 999)', `${bind(search.text, search.values).replace(/\n/g, ' ')};`, ''].join('\n');
}

/**
 * pgbench, 16 clients, the search script: `generic` runs it as the catalog runs searches (prepared
 * statements planned once per session: see genericPlansUrl), otherwise as simple queries planned on
 * every call (the figure this bench printed first).
 */
async function pgbench(postgresUrl: string, generic: boolean, systemPid: number): Promise<Row> {
  const file = join(workDir, 'search.sql');
  await writeFile(file, pgbenchScript());
  const mode = generic ? ['-M', 'prepared'] : [];
  const env = generic ? { ...process.env, PGOPTIONS: '-c plan_cache_mode=force_generic_plan' } : process.env;
  const run = (seconds: number) =>
    spawnSync(pgbenchPath(), ['-n', ...mode, '-c', '16', '-j', '2', '-T', String(seconds), '-f', file, postgresUrl], { encoding: 'utf8', env });
  // A backend exiting while /proc is read is counted neither on its own nor in its server's children's
  // time yet: each sample waits until pgbench's backends are gone.
  const processes = processCount('postgres');
  const settled = async () => {
    for (let i = 0; i < 100 && processCount('postgres') > processes; i++) await sleep(20);
  };
  run(settings.warmup);
  await settled();
  const cpuBefore = sampleCpu(systemPid);
  const result = run(settings.duration);
  await settled();
  const cpuAfter = sampleCpu(systemPid);
  const out = result.stdout + result.stderr;
  const tps = /tps = ([\d.]+)/.exec(out);
  const latency = /latency average = ([\d.]+) ms/.exec(out);
  const failed = /number of failed transactions: (\d+)/.exec(out);
  if (result.status !== 0 || !tps) fail(`pgbench failed:\n${out}`);
  printCpu(generic ? 'pgbench (generic plans)' : 'pgbench (planned per call)', cpuBefore, cpuAfter, Number(tps[1]) * settings.duration);
  const row = { name: generic ? 'pgbench 16 clients: search, generic plans' : 'pgbench 16 clients: search, planned per call', rps: Number(tps[1]), p50: Number(latency?.[1] ?? NaN), p99: NaN, errors: Number(failed?.[1] ?? 0) };
  console.log(`  ${row.name.padEnd(42)} ${row.rps.toFixed(0).padStart(8)} tx/s   average ${row.p50.toFixed(2)} ms  errors ${row.errors}`);
  rows.push(row);
  return row;
}

async function main(): Promise<void> {
  for (const tool of ['wrk', 'nginx']) if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) fail(`${tool} is missing: apt-get install -y ${tool}`);
  // The seeded database is kept for the next run (system.ts seeds only what is missing); the rest is redone.
  await rm(join(workDir, 'nginx'), { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  const dataDir = join(workDir, 'data');
  // The machine may be shared: its load says how far the figures are from an idle machine's.
  const load = () => loadavg().map((value) => value.toFixed(2)).join(' ');
  const loadAtStart = load();
  console.log(`load average (1, 5, 15 min) at start: ${loadAtStart} on ${availableParallelism()} CPUs`);
  console.log(`bench:catalog  ${settings.products} products, wrk -t1 -c${settings.connections} -d${settings.duration}s (warm-up ${settings.warmup}s), pgbench -c16`);

  const cached = await startSystem({ BENCH_DATA_DIR: dataDir, BENCH_SEED_PRODUCTS: String(settings.products) });
  const gateway = cached.gatewayUrl;
  // The seed reaches the response cache by the version poll (0.5 s): wait until the list shows it.
  for (let i = 0; ; i++) {
    const total = ((await (await fetch(`${gateway}/api/products?limit=1`)).json()) as { total: number }).total;
    if (total >= settings.products) break;
    if (i > 100) fail(`the catalog shows ${total} products, not ${settings.products}`);
    await sleep(100);
  }
  const product = ((await (await fetch(`${gateway}/api/products?limit=1&sort=price_desc`)).json()) as { items: { id: string }[] }).items[0]!.id;
  const paths = { list: '/products?limit=20', product: `/products/${product}`, search: '/products/search?q=thinkpad' };
  for (const path of Object.values(paths)) await check(`${gateway}/api${path}`);

  // A shared machine's speed drifts: each measure of ours runs right before its reference, and a ratio is
  // the mean of the pairs' ratios.
  console.log('nginx (1 worker, proxy_cache) in front of the same catalog');
  const nginxPort = await freePort();
  const conf = await writeNginxConfig(join(workDir, 'nginx'), nginxPort, new URL(cached.catalogUrl).port, { cache: true });
  const nginx = spawn('nginx', ['-p', join(workDir, 'nginx'), '-c', conf, '-e', join(workDir, 'nginx', 'logs', 'error.log')], { stdio: 'ignore' });
  children.add(nginx);
  const nginxUrl = `http://127.0.0.1:${nginxPort}`;
  await waitFor(`${nginxUrl}${paths.list}`);
  const pairs: Record<string, [ours: Row, reference: Row][]> = { list: [], product: [], search: [], unique: [] };
  for (let round = 1; round <= settings.rounds; round++) {
    console.log(`round ${round} of ${settings.rounds}: through the gateway (response cache warm), then nginx proxy_cache`);
    for (const [page, label] of [['list', 'list page'], ['product', 'product page'], ['search', 'search']] as const) {
      const ours = await measure(`gateway: ${label} #${round}`, `${gateway}/api${paths[page]}`);
      pairs[page]!.push([ours, await measure(`nginx proxy_cache: ${label} #${round}`, `${nginxUrl}${paths[page]}`)]);
    }
  }
  await stop(nginx);
  const pgReplanned = await pgbench(cached.postgresUrl, false, cached.child.pid!);
  await stop(cached.child);

  const uncached = await startSystem({ BENCH_DATA_DIR: dataDir, CATALOG_CACHE_BYTES: '0' });
  const lua = join(workDir, 'random-search.lua');
  await writeFile(lua, RANDOM_SEARCH_LUA);
  const directLua = join(workDir, 'random-search-direct.lua');
  await writeFile(directLua, RANDOM_SEARCH_LUA.replace('/api/products/search', '/products/search'));
  // The floor: a bare node:http + node-postgres server running the same statement, and a gateway like the
  // system's whose catalog it is.
  const floorPort = await freePort();
  const { child: floor } = await startNode('the floor server', 'bench/catalog/floor.ts', { PORT: String(floorPort), FLOOR_DATABASE_URL: uncached.postgresUrl }, /floor ready/);
  const floorGatewayPort = await freePort();
  const upstreams = Object.fromEntries(Object.entries(uncached.urls).filter(([service]) => service !== 'gateway').map(([service, url]) => [`${service.toUpperCase()}_URLS`, url]));
  const { child: floorGateway } = await startNode('the floor\'s gateway', 'services/gateway/src/main.ts', {
    ...upstreams, CATALOG_URLS: `http://127.0.0.1:${floorPort}`, PORT: String(floorGatewayPort), HOST: '127.0.0.1', METRICS_PORT: '0',
    LOG_LEVEL: 'warn', LOG_REQUESTS: 'false', RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_USER: '1000000000',
  });
  await waitFor(`http://127.0.0.1:${floorGatewayPort}/api/products/search?q=K417`);
  const watched: WatchedProcess[] = [{ part: 'services', pid: uncached.child.pid!, childPart: 'gateway' }, { part: 'floor', pid: floor.pid! }, { part: 'floor gateway', pid: floorGateway.pid! }];
  const floors: { direct: Row; gatewayed: Row }[] = [];
  // The system has just started (its code not yet optimised, the availability view loading): one more warm-up.
  if (settings.warmup > 0) await runWrk({ url: `${uncached.gatewayUrl}/api/products/search`, threads: 1, connections: settings.connections, headers: {}, script: lua, durationSeconds: settings.warmup });
  for (let round = 1; round <= settings.rounds; round++) {
    console.log(`round ${round} of ${settings.rounds}: response cache off (CATALOG_CACHE_BYTES=0), unique random searches through the gateway, pgbench, then the floor (floor.ts) straight and through a gateway`);
    const ours = await measure(`gateway, no cache: random search #${round}`, `${uncached.gatewayUrl}/api/products/search`, lua, watched);
    pairs.unique!.push([ours, await pgbench(uncached.postgresUrl, true, uncached.child.pid!)]);
    floors.push({
      direct: await measure(`floor: random search #${round}`, `http://127.0.0.1:${floorPort}/products/search`, directLua, watched),
      gatewayed: await measure(`floor through a gateway #${round}`, `http://127.0.0.1:${floorGatewayPort}/api/products/search`, lua, watched),
    });
  }
  await stop(floorGateway);
  await stop(floor);
  await stop(uncached.child);

  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const paired = (name: string) => mean(pairs[name]!.map(([ours, reference]) => ours.rps / reference.rps));
  const uniqueMean = mean(pairs.unique!.map(([ours]) => ours.rps));
  // Each round's floor against that round's pgbench and unique searches.
  const perRound = (value: (round: number) => number) => mean(floors.map((_, round) => value(round)));
  const checks = [
    ['gateway list / nginx list', paired('list')],
    ['gateway product / nginx product', paired('product')],
    ['gateway search / nginx search (no target)', paired('search')],
    ['unique searches / pgbench (generic plans)', paired('unique')],
    ['unique searches / pgbench planned per call (no target)', uniqueMean / pgReplanned.rps],
    ['floor / pgbench (no target)', perRound((i) => floors[i]!.direct.rps / pairs.unique![i]![1].rps)],
    ['floor through a gateway / pgbench (no target)', perRound((i) => floors[i]!.gatewayed.rps / pairs.unique![i]![1].rps)],
    ['unique searches / floor through a gateway (no target)', perRound((i) => pairs.unique![i]![0].rps / floors[i]!.gatewayed.rps)],
  ] as const;
  console.log(`\n| run | req/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|`);
  for (const row of rows) console.log(`| ${row.name} | ${row.rps.toFixed(0)} | ${row.p50.toFixed(2)} | ${Number.isNaN(row.p99) ? '–' : row.p99.toFixed(2)} | ${row.errors} |`);
  console.log('');
  for (const [name, value] of checks) console.log(`${name.padEnd(56)} ${value.toFixed(3)}x${name.includes('no target') ? '' : `  (target >= ${TARGET}x: ${value >= TARGET ? 'MET' : 'NOT MET'})`}`);
  const errors = rows.reduce((sum, row) => sum + row.errors, 0);
  console.log(`errors: ${errors} (target 0: ${errors === 0 ? 'MET' : 'NOT MET'})`);
  const loadAtEnd = load();
  console.log(`load average (1, 5, 15 min) at end: ${loadAtEnd}`);
  await writeFile(join(workDir, 'results.json'), JSON.stringify({ at: new Date().toISOString(), settings, load: { start: loadAtStart, end: loadAtEnd }, rows, checks }, null, 2));
  console.log(`(raw results in ${join(workDir, 'results.json')})`);
}

process.on('SIGINT', () => fail('interrupted'));
main().catch((error: unknown) => fail((error as Error).stack ?? String(error)));
