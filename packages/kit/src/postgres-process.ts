import { spawn } from 'node:child_process';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The programs of one PostgreSQL build, and its major version (what a data folder's PG_VERSION holds). */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  majorVersion: string;
}

/** The user the server runs as when this process is root (PostgreSQL refuses to run as root). */
export interface RunAs {
  uid: number;
  gid: number;
}

export interface PostgresProcess {
  pid: number;
  stop(): Promise<void>;
}

/** Messages in English whatever the system's language, so the ready line can be recognised. */
const ENGLISH = { LC_MESSAGES: 'C' };

/** Its lines, without the server's timestamps and pids. */
function linesOf(output: string): string[] {
  return output
    .split('\n')
    .map((line) => line.replace(/^\d{4}-\d\d-\d\d [\d:.]+ \S+ \[\d+\] /, '').trim())
    .filter(Boolean);
}

/** The server's reason for stopping, on one line: what it logged above LOG level, and the LOG lines that name a problem. */
function serverReason(output: string): string {
  const routine = (line: string) => line.startsWith('LOG: ') && !/could not|unrecognized|invalid|denied|error|fail/i.test(line);
  return linesOf(output).filter((line) => !routine(line)).join(' ');
}

function cannotRun(program: string, error: NodeJS.ErrnoException): Error {
  const fix = error.code === 'EACCES' ? ': the user that runs PostgreSQL must be able to read and run it (and enter every folder above it)' : '';
  return new Error(`the embedded PostgreSQL could not run ${program} (${error.code ?? error.message})${fix}`);
}

/**
 * Creates a database cluster in `databaseDir` (an empty or missing folder) whose superuser
 * `postgres` has `password`. The password reaches initdb in a file only its user can read, removed after.
 */
export async function initCluster(options: { binaries: PostgresBinaries; databaseDir: string; password: string; runAs?: RunAs; log?: (line: string) => void }): Promise<void> {
  const { binaries, databaseDir, runAs } = options;
  const passwordDir = await mkdtemp(join(tmpdir(), 'storefleet-initdb-'));
  const passwordFile = join(passwordDir, 'password');
  try {
    await writeFile(passwordFile, options.password + '\n', { mode: 0o600 });
    if (runAs) {
      await chown(passwordDir, runAs.uid, runAs.gid);
      await chown(passwordFile, runAs.uid, runAs.gid);
    }
    const args = [`--pgdata=${databaseDir}`, '--auth=password', '--username=postgres', `--pwfile=${passwordFile}`, '--lc-messages=C'];
    const child = spawn(binaries.initdb, args, { ...runAs, env: { ...process.env, ...ENGLISH }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout!.on('data', (chunk) => options.log?.(String(chunk).trim()));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    await new Promise<void>((resolve, reject) => {
      child.once('error', (error) => reject(cannotRun(binaries.initdb, error)));
      child.once('close', (code, signal) => {
        if (code === 0) resolve();
        else reject(new Error(`the embedded PostgreSQL's initdb could not create its data in ${databaseDir} (${signal ?? `exit code ${code}`}): ${linesOf(stderr).join(' ')}`));
      });
    });
  } finally {
    await rm(passwordDir, { recursive: true, force: true });
  }
}

/**
 * Runs the server on an existing cluster and resolves once it accepts connections; rejects with
 * its own reason (one line) when it stops before. `stop()` asks for PostgreSQL's fast shutdown.
 */
export async function startServer(options: { binaries: PostgresBinaries; databaseDir: string; port: number; flags: string[]; runAs?: RunAs; log?: (line: string) => void }): Promise<PostgresProcess> {
  const { binaries, runAs } = options;
  const args = ['-D', options.databaseDir, '-p', String(options.port), '-c', 'lc_messages=C', ...options.flags];
  const child = spawn(binaries.postgres, args, { ...runAs, env: { ...process.env, ...ENGLISH }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let output = ''; // kept until the server is ready, to name why it stopped if it does
  let ready = false;
  await new Promise<void>((resolve, reject) => {
    child.once('error', (error) => reject(cannotRun(binaries.postgres, error)));
    // The server logs to stderr; it is read for as long as the server runs, or a full pipe would block it.
    child.stderr!.on('data', (chunk) => {
      const text = String(chunk);
      options.log?.(text.trim());
      if (ready) return;
      output += text;
      ready = output.includes('database system is ready to accept connections');
      if (ready) resolve();
    });
    child.stdout!.on('data', (chunk) => options.log?.(String(chunk).trim()));
    child.once('close', (code, signal) =>
      reject(new Error(`the embedded PostgreSQL stopped while starting (${signal ?? `exit code ${code}`}): ${serverReason(output)}`)),
    );
  });
  return {
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT'); // fast shutdown: ends sessions, checkpoints, exits
      await exited;
    },
  };
}
