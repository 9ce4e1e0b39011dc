import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root, from this file's sources (src/) and its build (dist/) alike. */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** A web app under apps/ that `npm start` builds before it serves it. */
export interface WebApp {
  /** Its npm workspace, e.g. `@storefleet/admin`. */
  workspace: string;
  /** Its folder, relative to the repository root, e.g. `apps/admin`. */
  dir: string;
  /** What it is called when `npm start` reports on it. */
  title: string;
  /** Other folders (relative to the root) whose files go into its build: the shared client and contracts. */
  sources: string[];
}

export const ADMIN_APP: WebApp = {
  workspace: '@storefleet/admin',
  dir: 'apps/admin',
  title: 'the admin panel',
  sources: ['packages/web-client/src', 'packages/contracts/src'],
};

/** The newest modification time of the files under `path` (a folder's own time is not counted: creating dist/ or node_modules/ in it changes that). */
function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

/** Why the app must be built (its build is missing, or a source changed after it), or undefined when it is up to date. */
export function staleReason(app: WebApp, root = REPO_ROOT): string | undefined {
  const built = join(root, app.dir, 'dist', 'index.html');
  if (!existsSync(built)) return 'it is not built yet';
  const builtAt = statSync(built).mtimeMs;
  for (const source of [app.dir, ...app.sources]) {
    if (newestChange(join(root, source)) > builtAt) return `${relative(root, join(root, source)) || source} changed since its last build`;
  }
  return undefined;
}

/**
 * Builds a web app when its build is missing or older than its sources, saying so and how long it took
 * (with the size the build reports). Resolves to whether it built. Fails with the build's output.
 * @example await buildWebAppIfStale(ADMIN_APP, console.log)
 */
export async function buildWebAppIfStale(app: WebApp, say: (line: string) => void, root = REPO_ROOT): Promise<boolean> {
  const reason = staleReason(app, root);
  if (!reason) return false;
  say(`Building ${app.title} (${reason})…`);
  const started = performance.now();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('npm', ['run', 'build', '--workspace', app.workspace], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`building ${app.title} (npm run build -w ${app.workspace}) failed with exit code ${code}:\n${text}`))));
  });
  const size = output.split('\n').find((line) => /KB gzipped/.test(line));
  say(`Built ${app.title} in ${((performance.now() - started) / 1000).toFixed(1)} s${size ? `: ${size.trim()}` : ''}`);
  return true;
}
