import { join } from 'node:path';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import base from '../../../vitest.config.js';

/**
 * The project's own test configuration (every project with its global setup: the embedded
 * PostgreSQL server, Debian's PostgreSQL and Redis), with one failing test as each project's only file.
 */
const projects = (base.test!.projects as TestProjectInlineConfiguration[]).map((project) =>
  ({ ...project, test: { ...project.test, include: ['test/support/failing/failing.test.ts'] } }),
);

export default defineConfig({ ...base, root: join(import.meta.dirname, '../../..'), test: { ...base.test, projects } });
