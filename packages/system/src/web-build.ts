import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = join(import.meta.dirname, '../../..');

/** A web app built by Vite: its folder, and the folders outside it whose changes also call for a rebuild. */
export interface WebApp {
  /** e.g. `storefront/products`. */
  name: string;
  dir: string;
  /** Shared sources bundled into it (the storefront's common package and federation setup, the API client). */
  sharedSources: string[];
  /** Built with Module Federation: a build without `remoteEntry.js` is a broken one. */
  federated?: boolean;
}

export const STOREFRONT_REMOTES = ['auth', 'products', 'cart', 'checkout', 'profile'] as const;
export type StorefrontRemote = (typeof STOREFRONT_REMOTES)[number];

/** The storefront's shell and its remotes, each its own Vite build. */
export function storefrontApps(): WebApp[] {
  const base = join(ROOT, 'apps/storefront');
  const sharedSources = [join(base, 'common'), join(base, 'federation.ts'), join(ROOT, 'packages/web-client/src'), join(ROOT, 'package-lock.json')];
  return ['shell', ...STOREFRONT_REMOTES].map((name) => ({ name: `storefront/${name}`, dir: join(base, name), sharedSources, federated: true }));
}

/** The admin panel (served by the gateway at /admin), one plain Vite build. */
export function adminApp(): WebApp {
  return { name: 'admin', dir: join(ROOT, 'apps/admin'), sharedSources: [join(ROOT, 'packages/web-client/src'), join(ROOT, 'packages/contracts/src'), join(ROOT, 'package-lock.json')] };
}

const IGNORED = new Set(['node_modules', 'dist', '.vite']);

/** The newest modification time of a file or of any file under a folder (tests included: cheap, and never misses a source). */
function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) if (!IGNORED.has(entry)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

const STAMP = '.built-at';

/** Why an app needs building (`no build yet`, `sources changed`), or undefined when its build is current. */
export function buildReason(app: WebApp): string | undefined {
  const stamp = join(app.dir, 'dist', STAMP);
  if (!existsSync(stamp)) return 'no build yet';
  if (app.federated && !existsSync(join(app.dir, 'dist/remoteEntry.js'))) return 'the build is not federated';
  const builtAt = statSync(stamp).mtimeMs;
  const changed = Math.max(newestChange(app.dir), ...app.sharedSources.map(newestChange));
  return changed > builtAt ? 'sources changed' : undefined;
}

/** The JavaScript of a build: raw and gzipped bytes, summed over every .js file. */
export function buildSize(app: WebApp): { files: number; bytes: number; gzipped: number } {
  const size = { files: 0, bytes: 0, gzipped: 0 };
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js')) {
        const content = readFileSync(path);
        size.files += 1;
        size.bytes += content.length;
        size.gzipped += gzipSync(content).length;
      }
    }
  };
  walk(join(app.dir, 'dist'));
  return size;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * The environment of a build: the caller's, but never a test runner's. @module-federation/vite turns
 * itself off when it sees NODE_ENV=test or VITEST (a build started from a test would be a plain,
 * unfederated bundle).
 */
function buildEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'JEST_WORKER_ID'));
  return { ...env, NODE_ENV: 'production' };
}

/** Runs `vite build` in the app's folder; on failure the error names the app and ends with Vite's output. */
export async function buildWebApp(app: WebApp): Promise<void> {
  const vite = join(createRequire(join(ROOT, 'package.json')).resolve('vite/package.json'), '../bin/vite.js');
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: app.dir, env: buildEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`Building ${app.name} failed (vite build in ${relative(process.cwd(), app.dir) || '.'}):\n${output.join('').slice(-4000)}`);
  if (app.federated && !existsSync(join(app.dir, 'dist/remoteEntry.js'))) throw new Error(`Building ${app.name} made no remoteEntry.js: Module Federation did not run`);
  writeFileSync(join(app.dir, 'dist', STAMP), new Date().toISOString());
}

/**
 * Builds the apps whose build is missing or older than their sources (or all, with `force`), one
 * after the other (two builds at once only fight over the cores), saying why and how long each took,
 * with its size.
 * @example await ensureWebBuilt(storefrontApps(), { log: console.log })
 */
export async function ensureWebBuilt(apps: WebApp[], options: { log?: (line: string) => void; force?: boolean } = {}): Promise<void> {
  const log = options.log ?? (() => {});
  for (const app of apps) {
    const reason = options.force ? 'asked' : buildReason(app);
    if (!reason) continue;
    const started = performance.now();
    log(`Building ${app.name} (${reason})…`);
    await buildWebApp(app);
    const size = buildSize(app);
    log(`Built ${app.name} in ${((performance.now() - started) / 1000).toFixed(1)} s: ${size.files} JavaScript files, ${kb(size.bytes)} (${kb(size.gzipped)} gzipped)`);
  }
}
