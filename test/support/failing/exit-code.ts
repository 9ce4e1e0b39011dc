import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../../..');

/**
 * Runs Vitest in a child process on one deliberately failing test in `project` (with that project's
 * global setup) and returns its exit code and what it printed.
 */
export function runFailingTest(project: 'unit' | 'system' | 'distributed') {
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/support/failing/vitest.config.ts', '--project', project],
    { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true', VITEST: undefined, VITEST_POOL_ID: undefined, VITEST_WORKER_ID: undefined, NODE_ENV: undefined } },
  );
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}
