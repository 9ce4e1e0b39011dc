import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReason, type WebApp } from './web-build.js';

/** An app folder with one source file and one shared source, built (stamped) at `builtAt` when given. */
function appFolder(builtAt?: Date, files: string[] = []): WebApp {
  const dir = mkdtempSync(join(tmpdir(), 'web-app-'));
  const shared = join(dir, '../', `shared-${Math.random().toString(36).slice(2)}.ts`);
  mkdirSync(join(dir, 'src'));
  for (const path of ['src/main.tsx', 'index.html']) writeFileSync(join(dir, path), '');
  writeFileSync(shared, '');
  const past = new Date('2026-01-01T00:00:00Z');
  for (const path of [join(dir, 'src/main.tsx'), join(dir, 'index.html'), join(dir, 'src'), dir, shared]) utimesSync(path, past, past);
  if (builtAt) {
    mkdirSync(join(dir, 'dist'));
    for (const file of ['.built-at', ...files]) {
      writeFileSync(join(dir, 'dist', file), '');
      utimesSync(join(dir, 'dist', file), builtAt, builtAt);
    }
    utimesSync(dir, past, past);
  }
  return { name: 'test/app', dir, sharedSources: [shared], federated: true };
}

describe('buildReason', () => {
  it('builds an app never built, and one built without Module Federation', () => {
    expect(buildReason(appFolder())).toBe('no build yet');
    expect(buildReason(appFolder(new Date('2026-02-01T00:00:00Z')))).toBe('the build is not federated');
  });

  it('keeps a build newer than every source, and rebuilds once a source or a shared source changes', () => {
    const app = appFolder(new Date('2026-02-01T00:00:00Z'), ['remoteEntry.js']);
    expect(buildReason(app)).toBeUndefined();
    const later = new Date('2026-03-01T00:00:00Z');
    utimesSync(app.sharedSources[0]!, later, later);
    expect(buildReason(app)).toBe('sources changed');

    const other = appFolder(new Date('2026-02-01T00:00:00Z'), ['remoteEntry.js']);
    utimesSync(join(other.dir, 'src/main.tsx'), later, later);
    expect(buildReason(other)).toBe('sources changed');
  });
});
