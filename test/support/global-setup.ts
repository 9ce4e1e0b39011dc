import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, startEmbeddedPostgres } from '@storefleet/kit';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    /** Only in the distributed project (test/support/debian-redis.ts). */
    redisUrl: string;
  }
}

/** One embedded PostgreSQL server for the whole run; each test file makes its own databases on it. */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), 'storefleet-test-'));
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  project.provide('postgresAdminUrl', server.urlFor('postgres'));
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
