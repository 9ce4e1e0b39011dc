// `npm run bench:gateway`: the same request to the same upstream, measured direct, through nginx and
// through the Storefleet gateway (a valid JWT verified on every request). Options:
//   --duration=10 --warmup=5 --connections=50 --threads=1 --rounds=3 (median reported) --no-pin
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { freePort, TOKEN_AUDIENCE, TOKEN_ISSUER } from '@storefleet/kit';
import { writeNginxConfig } from './nginx.js';
import { runWrk, type WrkResult } from './wrk.js';

const TARGET = 0.45;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const workDir = join(root, '.bench', 'gateway');
const flags = new Map<string, string | undefined>(process.argv.slice(2).map((arg) => {
  const [name, value] = arg.replace(/^--/, '').split('=');
  return [name!, value];
}));
const num = (name: string, fallback: number) => (flags.has(name) ? Number(flags.get(name)) : fallback);
const settings = {
  duration: num('duration', 10),
  warmup: num('warmup', 5),
  connections: num('connections', 50),
  threads: num('threads', 1),
  rounds: num('rounds', 3),
  pin: !flags.has('no-pin'),
};
// Two cores: the servers (upstream + proxy under test) share CPU 0, wrk gets CPU 1.
const SERVER_CPUS = '0';
const LOAD_CPUS = '1';
const children: ChildProcess[] = [];

function fail(message: string): never {
  console.error(`\nbench:gateway failed: ${message}`);
  for (const child of children) child.kill('SIGTERM');
  process.exit(1);
}

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** nginx and wrk from Debian, installed when missing. */
function ensureTools(): void {
  const missing = [['nginx', 'nginx'], ['wrk', 'wrk']].filter(([command]) => !has(command!)).map(([, pkg]) => pkg!);
  if (!missing.length) return;
  console.log(`installing ${missing.join(', ')} with apt-get ...`);
  const asRoot = process.getuid?.() === 0;
  const apt = (args: string[]) =>
    spawnSync(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['-n', 'apt-get', ...args], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const update = apt(['update', '-qq']);
  const install = apt(['install', '-y', '-qq', ...missing]);
  if (update.status !== 0 || install.status !== 0 || missing.some((pkg) => !has(pkg))) {
    fail(`could not install ${missing.join(' and ')}: run \`apt-get update && apt-get install -y ${missing.join(' ')}\` as root, then retry`);
  }
}

function pinned(command: string, args: string[]): [string, string[]] {
  return settings.pin ? ['taskset', ['-c', SERVER_CPUS, command, ...args]] : [command, args];
}

function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const [cmd, argv] = pinned(command, args);
  const child = spawn(cmd, argv, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.on('exit', (code, signal) => {
    if (!stopping.has(child)) fail(`${name} exited (${signal ?? code}):\n${output}`);
  });
  children.push(child);
  return child;
}

const stopping = new Set<ChildProcess>();
async function stop(child: ChildProcess): Promise<void> {
  stopping.add(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5_000).then(() => child.kill('SIGKILL'))]);
}

/** Waits until `url` answers with the expected status. */
async function waitFor(url: string, expected: number, headers: Record<string, string> = {}): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      if (response.status === expected) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(100);
  }
  fail(`${url} did not answer ${expected} within 30 s (last: ${last})`);
}

async function statusOf(url: string, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  return response.status;
}

/** A tiny JWKS server (identity's role) and a token signed by its key. */
async function startKeys(): Promise<{ jwksUrl: string; token: string; close: () => void }> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench-key', alg: 'EdDSA', use: 'sig' };
  const body = JSON.stringify({ keys: [jwk] });
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const token = await new SignJWT({ role: 'customer', email: 'bench@storefleet.test' })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'bench-key' })
    .setSubject('5d0c3b52-8a6e-4f0b-9c1d-2e3f4a5b6c7d')
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(privateKey);
  return { jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`, token, close: () => server.close() };
}

async function measure(name: string, url: string, headers: Record<string, string>): Promise<WrkResult> {
  const base = { url, threads: settings.threads, connections: settings.connections, headers, cpus: settings.pin ? LOAD_CPUS : undefined };
  if (settings.warmup > 0) await runWrk({ ...base, durationSeconds: settings.warmup });
  const result = await runWrk({ ...base, durationSeconds: settings.duration });
  if (result.non2xx > 0) fail(`${name}: ${result.non2xx} responses were not 2xx`);
  console.log(`  ${name.padEnd(8)} ${result.requestsPerSecond.toFixed(0).padStart(8)} req/s  p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms ${result.errors}`);
  return result;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  ensureTools();
  await mkdir(workDir, { recursive: true });
  // The keys server takes its port first: a port freePort found is free only until someone binds it.
  const keys = await startKeys();
  const [upstreamPort, nginxPort, gatewayPort] = [await freePort(), await freePort(), await freePort()];
  const auth = { authorization: `Bearer ${keys.token}` };
  const path = '/api/users/me'; // a protected gateway route: the token is checked on every request

  console.log(`bench:gateway  wrk -t${settings.threads} -c${settings.connections} -d${settings.duration}s (warm-up ${settings.warmup}s), rounds ${settings.rounds}, ` +
    (settings.pin ? `servers pinned to CPU ${SERVER_CPUS}, wrk to CPU ${LOAD_CPUS} (taskset)` : 'no CPU pinning'));
  const upstream = start('upstream', process.execPath, ['--import', 'tsx', 'bench/gateway/upstream.ts', String(upstreamPort)]);
  await waitFor(`http://127.0.0.1:${upstreamPort}${path}`, 200);

  const nginxConf = await writeNginxConfig(join(workDir, 'nginx'), nginxPort, upstreamPort);
  const gatewayEnv = {
    ...process.env,
    PORT: String(gatewayPort),
    METRICS_PORT: '0',
    HOST: '127.0.0.1',
    IDENTITY_URLS: `http://127.0.0.1:${upstreamPort}`,
    CATALOG_URLS: `http://127.0.0.1:${upstreamPort}`,
    JWKS_URL: keys.jwksUrl,
    // Counted on every request, but high enough that one load generator on one address never trips them.
    RATE_LIMIT_PER_IP: '1000000000',
    RATE_LIMIT_PER_USER: '1000000000',
    LOG_LEVEL: 'warn',
    LOG_REQUESTS: 'false',
    NODE_ENV: 'production',
  };

  const results: Record<'direct' | 'nginx' | 'gateway', WrkResult[]> = { direct: [], nginx: [], gateway: [] };
  for (let round = 1; round <= settings.rounds; round++) {
    if (settings.rounds > 1) console.log(`round ${round}`);
    results.direct.push(await measure('direct', `http://127.0.0.1:${upstreamPort}${path}`, auth));

    const nginx = start('nginx', 'nginx', ['-p', join(workDir, 'nginx'), '-c', nginxConf, '-e', join(workDir, 'nginx', 'logs', 'error.log')]);
    await waitFor(`http://127.0.0.1:${nginxPort}${path}`, 200);
    results.nginx.push(await measure('nginx', `http://127.0.0.1:${nginxPort}${path}`, auth));
    await stop(nginx);

    const gateway = start('gateway', process.execPath, ['--conditions=development', '--import', 'tsx', 'services/gateway/src/main.ts'], gatewayEnv);
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}${path}`;
    await waitFor(`http://127.0.0.1:${gatewayPort}/healthz`, 200);
    // The token really is checked: no token and a tampered one are refused, the valid one passes.
    const tampered = { authorization: `Bearer ${keys.token.slice(0, -4)}AAAA` };
    const [without, bad, good] = [await statusOf(gatewayUrl), await statusOf(gatewayUrl, tampered), await statusOf(gatewayUrl, auth)];
    if (without !== 401 || bad !== 401 || good !== 200) fail(`gateway auth check: no token ${without}, tampered ${bad}, valid ${good} (expected 401, 401, 200)`);
    results.gateway.push(await measure('gateway', gatewayUrl, auth));
    await stop(gateway);
  }
  await stop(upstream);
  keys.close();

  const summary = Object.fromEntries(
    (Object.keys(results) as (keyof typeof results)[]).map((name) => [
      name,
      { rps: median(results[name].map((r) => r.requestsPerSecond)), p50: median(results[name].map((r) => r.p50Ms)), p99: median(results[name].map((r) => r.p99Ms)) },
    ]),
  ) as Record<keyof typeof results, { rps: number; p50: number; p99: number }>;
  const ratio = (a: number, b: number) => (a / b).toFixed(3);
  console.log(`\n| target   |    req/s | p50 ms | p99 ms |`);
  console.log(`|----------|---------:|-------:|-------:|`);
  for (const [name, r] of Object.entries(summary)) {
    console.log(`| ${name.padEnd(8)} | ${r.rps.toFixed(0).padStart(8)} | ${r.p50.toFixed(2).padStart(6)} | ${r.p99.toFixed(2).padStart(6)} |`);
  }
  const gatewayVsNginx = summary.gateway.rps / summary.nginx.rps;
  console.log(`\ngateway/nginx  ${ratio(summary.gateway.rps, summary.nginx.rps)}`);
  console.log(`gateway/direct ${ratio(summary.gateway.rps, summary.direct.rps)}`);
  console.log(`nginx/direct   ${ratio(summary.nginx.rps, summary.direct.rps)}`);
  const met = gatewayVsNginx >= TARGET;
  console.log(`target gateway >= ${TARGET}x nginx: ${met ? 'MET' : 'NOT MET'} (${gatewayVsNginx.toFixed(3)}x)`);
  await writeFile(join(workDir, 'results.json'), JSON.stringify({ at: new Date().toISOString(), settings, results, summary, gatewayVsNginx, met }, null, 2));
  console.log(`(raw results in ${join(workDir, 'results.json')})`);
}

process.on('SIGINT', () => fail('interrupted'));
main().catch((error: unknown) => fail((error as Error).stack ?? String(error)));
