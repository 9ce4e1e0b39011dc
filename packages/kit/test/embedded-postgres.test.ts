import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres } from '@storefleet/kit';

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
