import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, cp, lstat, mkdir, mkdtemp, readdir, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { freePort } from '@storefleet/kit';
import { SERVICES } from '@storefleet/system';

const repo = resolve(import.meta.dirname, '../..');
const asRoot = process.getuid?.() === 0;

/**
 * A clone of this repository inside `home` with its installed node_modules, as `git clone` and
 * `npm install` leave it: real files reached only through `home` (hard links, so it takes a moment
 * and no space; a copy where hard links cannot be made).
 */
async function checkoutIn(home: string): Promise<string> {
  const checkout = join(home, 'storefleet');
  await mkdir(checkout);
  for (const entry of await readdir(repo)) {
    if (['.git', 'data', '.bench', 'coverage'].includes(entry)) continue;
    await promisify(execFile)('cp', ['-al', join(repo, entry), checkout]).catch(() => cp(join(repo, entry), join(checkout, entry), { recursive: true, verbatimSymlinks: true }));
  }
  return checkout;
}

// As root (CI, a container, a fresh VM), PostgreSQL runs as the 'postgres' user, which cannot enter a
// home folder of mode 700 such as /root: neither the programs under node_modules nor ./data. As any
// other user the folder is their own, and this is a start from a private folder.
it(`starts the system from a checkout inside a folder of mode 700 (as ${asRoot ? 'root, like /root' : 'its owner'}), keeping its data closed to others`, async () => {
  const home = await mkdtemp(join(tmpdir(), 'sf-home-'));
  await chmod(home, 0o700);
  const checkout = await checkoutIn(home);
  const ports: Record<string, number> = { gateway: await freePort() };
  for (const service of SERVICES) ports[service.name] = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=development', 'test/system/fixtures/start-child.ts', String(await freePort()), JSON.stringify(ports)], {
    cwd: checkout,
    env: { ...process.env, ADMIN_PASSWORD: 'admin-password-for-tests' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = once(child, 'exit');
  const databaseDir = join(checkout, 'data', 'postgres');
  try {
    await expect.poll(() => (child.exitCode === null ? output : `exited: ${output}`), { timeout: 120_000, interval: 200 }).toMatch(/^ready |exited/m);
    expect(output).toMatch(/^ready /m);
    const gateway = `http://127.0.0.1:${ports.gateway}`;
    const health = await fetch(`${gateway}/api/health`);
    expect(health.status).toBe(200);
    const products = await (await fetch(`${gateway}/api/products`)).json();
    expect(products.items.length).toBeGreaterThan(0); // the demo catalog was seeded into the new databases

    expect((await stat(home)).mode & 0o777).toBe(0o700); // the home folder was not opened to others
    const data = await stat(await realpath(databaseDir));
    expect(data.mode & 0o077).toBe(0); // PostgreSQL's files: its user's only
    if (asRoot) expect(data.uid).not.toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    // As root the data may live outside the checkout, linked from ./data/postgres.
    if ((await lstat(databaseDir).catch(() => undefined))?.isSymbolicLink()) await rm(await realpath(databaseDir), { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  }
  expect(child.exitCode, output).toBe(0); // stopped cleanly on SIGTERM
});
