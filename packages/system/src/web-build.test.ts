import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staleReason, type WebApp } from './web-build.js';

const APP: WebApp = { workspace: '@test/app', dir: 'apps/app', title: 'the app', sources: ['packages/client/src'] };

/** A repository with the app's sources, a shared source folder and (optionally) a build, each file dated `at` seconds. */
function repo(dates: { source: number; shared: number; build?: number }): string {
  const root = mkdtempSync(join(tmpdir(), 'web-build-'));
  const write = (path: string, at: number) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), 'x');
    utimesSync(join(root, path), at, at);
  };
  write('apps/app/src/main.tsx', dates.source);
  write('packages/client/src/index.ts', dates.shared);
  // Dependencies do not make a build stale.
  write('apps/app/node_modules/react/index.js', 9_999_999_999);
  if (dates.build !== undefined) write('apps/app/dist/index.html', dates.build);
  return root;
}

describe('whether a web app needs building', () => {
  it('builds an app that was never built', () => {
    expect(staleReason(APP, repo({ source: 100, shared: 100 }))).toBe('it is not built yet');
  });

  it('keeps a build newer than every source', () => {
    expect(staleReason(APP, repo({ source: 100, shared: 100, build: 200 }))).toBeUndefined();
  });

  it('rebuilds when the app or a shared source changed after the build, naming what changed', () => {
    expect(staleReason(APP, repo({ source: 300, shared: 100, build: 200 }))).toBe('apps/app changed since its last build');
    expect(staleReason(APP, repo({ source: 100, shared: 300, build: 200 }))).toBe('packages/client/src changed since its last build');
  });
});
