import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFile, chmod, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres } from '@storefleet/kit';
import { ROOT_RUNTIME_DIR } from '../src/postgres-files.js';
import { initCluster } from '../src/postgres-process.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('stops the server that a killed earlier start left running on the same data, then starts', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sf-leftover-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=development', join(import.meta.dirname, 'fixtures/embedded-postgres-child.ts'), dataDir, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  await expect.poll(() => output, { timeout: 60_000, interval: 100 }).toContain('ready');
  child.kill('SIGKILL');
  await once(child, 'exit');
  const leftover = Number((await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
  expect(alive(leftover)).toBe(true); // SIGKILL gave the starter no chance to stop it

  const server = await startEmbeddedPostgres({ dataDir, port });
  try {
    expect(server.stoppedLeftover).toBe(leftover);
    expect(alive(leftover)).toBe(false);
    const client = new pg.Client({ connectionString: server.urlFor('postgres') });
    await client.connect();
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await client.end();
  } finally {
    await server.stop();
  }
});

describe('a start that cannot happen says why and what to do, in one line', () => {
  const start = async (prepare: (dataDir: string) => Promise<string | void>) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sf-failing-'));
    try {
      const given = (await prepare(dataDir)) ?? dataDir;
      const failure = await startEmbeddedPostgres({ dataDir: given, port: await freePort() }).then(
        async (server) => {
          await server.stop();
          return 'started';
        },
        (error: Error) => error.message,
      );
      expect(failure).not.toContain('\n');
      return failure;
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  };

  it('a data folder that cannot be created', async () => {
    const failure = await start(async (dataDir) => {
      await writeFile(join(dataDir, 'a-file'), '');
      return join(dataDir, 'a-file', 'data');
    });
    expect(failure).toMatch(/^the data folder .*a-file\/data cannot be created or written \(ENOTDIR\): choose a folder you can write with DATA_DIR$/);
  });

  it('data written by another PostgreSQL version', async () => {
    const failure = await start(async (dataDir) => {
      await mkdir(join(dataDir, 'postgres'));
      await writeFile(join(dataDir, 'postgres', 'PG_VERSION'), '14\n');
    });
    expect(failure).toMatch(/was written by PostgreSQL 14, and the embedded server is PostgreSQL 18, which cannot read it: move that data folder away \(or set DATA_DIR to another\)/);
  });

  it('initdb failing, with its reason', async () => {
    const failure = await start(async (dataDir) => {
      await mkdir(join(dataDir, 'postgres'));
      await writeFile(join(dataDir, 'postgres', 'something-else'), '');
    });
    expect(failure).toMatch(/^the embedded PostgreSQL's initdb could not create its data in .* \(exit code 1\): .*exists but is not empty/);
  });

  it('a program of the server that cannot be run', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sf-noexec-'));
    const initdb = join(dataDir, 'initdb');
    await writeFile(initdb, '', { mode: 0o644 }); // not executable, even by root
    const failure = await initCluster({ binaries: { initdb, postgres: initdb, majorVersion: '18' }, databaseDir: join(dataDir, 'postgres'), password: 'x' }).then(
      () => 'ran',
      (error: Error) => error.message,
    );
    await rm(dataDir, { recursive: true, force: true });
    expect(failure).toBe(`the embedded PostgreSQL could not run ${initdb} (EACCES): the user that runs PostgreSQL must be able to read and run it (and enter every folder above it)`);
  });

  it('the server stopping while it starts, with its reason', async () => {
    const failure = await start(async (dataDir) => {
      const server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
      await server.stop();
      await appendFile(join(dataDir, 'postgres', 'postgresql.conf'), 'no_such_setting = 1\n');
    });
    expect(failure).toMatch(/^the embedded PostgreSQL stopped while starting \(exit code 1\): .*no_such_setting/);
  });
});

it.runIf(process.getuid?.() === 0)('as root, runs PostgreSQL from its copy of the programs, made once and reused by the next start', async () => {
  const copies = async () => {
    const names = (await readdir(ROOT_RUNTIME_DIR)).filter((name) => name.startsWith('postgres-'));
    return Promise.all(names.map(async (name) => `${name} ${(await stat(join(ROOT_RUNTIME_DIR, name))).ino}`));
  };
  const dataDir = await mkdtemp(join(tmpdir(), 'sf-reuse-'));
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  const before = await copies(); // the test run's server made it at the latest
  await server.stop();
  const again = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  await again.stop();
  await rm(dataDir, { recursive: true, force: true });
  expect(before).toHaveLength(1);
  expect(await copies()).toEqual(before);
});

it('starts on a data folder inside a folder closed to others (mode 700, like /root), even where an earlier failed start left an empty data/postgres', async () => {
  const home = await mkdtemp(join(tmpdir(), 'sf-closed-'));
  await chmod(home, 0o700);
  const dataDir = join(home, 'data');
  await mkdir(join(dataDir, 'postgres'), { recursive: true });
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  const databaseDir = await realpath(join(dataDir, 'postgres'));
  try {
    const client = new pg.Client({ connectionString: server.urlFor('postgres') });
    await client.connect();
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await client.end();
    expect((await stat(databaseDir)).mode & 0o077).toBe(0); // its files stay its user's only
    expect((await stat(home)).mode & 0o777).toBe(0o700); // and the closed folder stays closed
    // As root the server's user cannot enter it: the data lives in a folder of that user's, linked from data/postgres.
    if (process.getuid?.() === 0) expect(databaseDir.startsWith(join(ROOT_RUNTIME_DIR, 'clusters'))).toBe(true);
  } finally {
    await server.stop();
    await rm(databaseDir, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  }
});

it('with useRunning, uses the server running on the same data (a running npm start) and leaves it running', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sf-use-running-'));
  const running = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  try {
    const again = await startEmbeddedPostgres({ dataDir, port: await freePort(), useRunning: true });
    expect(again.port).toBe(running.port);
    await again.ensureDatabase('made_through_the_running_one');
    await again.stop();
    const client = new pg.Client({ connectionString: running.urlFor('made_through_the_running_one') });
    await client.connect(); // still up, and it was the same server
    await client.end();
  } finally {
    await running.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});
