import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const text = readFileSync(join(root, '.github/workflows/ci.yml'), 'utf8');
const workflow = parse(text);
type Step = { name?: string; uses?: string; run?: string; with?: Record<string, string> };
const steps = (job: string): Step[] => workflow.jobs[job].steps;
const runs = (job: string) => steps(job).map((s) => s.run ?? '').join('\n');

describe('the CI workflow', () => {
  it('is valid per the GitHub workflow schema', () => {
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  it('tests every pull request and push with the Debian packages .ci/run installs', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['pull_request', 'push']));
    // Every apt-get install line of .ci/run (some install only what is missing), every package on it.
    const ciRun = readFileSync(join(root, '.ci/run'), 'utf8');
    const ciPackages = [...ciRun.matchAll(/apt-get install[^\n]*?((?:\s+[a-z][\w.+-]*)+)\s*(?:>|$)/gm)].flatMap((m) => m[1]!.trim().split(/\s+/));
    expect(ciPackages).toContain('postgresql');
    for (const pkg of ciPackages) expect(runs('test')).toMatch(new RegExp(`apt-get install .*\\b${pkg}\\b`));
    const commands = steps('test').map((s) => s.run);
    expect(commands).toEqual(expect.arrayContaining([expect.stringMatching(/^npm ci\b/), 'npx tsc -b && npx tsc -p tsconfig.test.json', 'npm run test:full']));
  });

  /** A job that builds one image per matrix entry, scans it, and only then pushes it to GHCR with the tag and the commit. */
  function expectImageJob(name: string, build: { file: string; 'build-args': string }): void {
    const job = workflow.jobs[name];
    expect(workflow.on.push.tags).toBeDefined();
    expect(job.if, name).toContain("startsWith(github.ref, 'refs/tags/')");
    expect(job.needs, name).toBe('test');
    const all = steps(name);
    const built = all.findIndex((s) => s.uses?.startsWith('docker/build-push-action@'));
    const scan = all.findIndex((s) => s.uses?.startsWith('aquasecurity/trivy-action@'));
    const push = all.findIndex((s) => /docker push/.test(s.run ?? ''));
    expect(built, name).toBeGreaterThanOrEqual(0);
    expect(scan, name).toBeGreaterThan(built);
    expect(push, name).toBeGreaterThan(scan);
    expect(all[built]!.with, name).toMatchObject(build);
    expect(all[built]!.with!.tags, name).toMatch(/:\$\{\{ github\.ref_name \}\}[\s\S]*:\$\{\{ github\.sha \}\}/);
    expect(all[scan]!.with!['exit-code'], name).toBe('1');
    expect(runs(name), name).toContain('ghcr.io/');
    expect(job.permissions.packages, name).toBe('write');
  }

  it('on a tag, builds every service from deploy/Dockerfile, scans it, and only then pushes it to GHCR with the tag and the commit', () => {
    const services = readdirSync(join(root, 'services')).filter((name) => existsSync(join(root, 'services', name, 'package.json')));
    expect([...workflow.jobs.images.strategy.matrix.service].sort()).toEqual(services.sort());
    expectImageJob('images', { file: 'deploy/Dockerfile', 'build-args': 'SERVICE=${{ matrix.service }}' });
  });

  it("on a tag, builds the storefront's shell and every remote from deploy/Dockerfile.web as storefront-<app>, scans and pushes them the same way", () => {
    const apps = readdirSync(join(root, 'apps/storefront')).filter((name) => existsSync(join(root, 'apps/storefront', name, 'vite.config.ts')));
    expect([...workflow.jobs['web-images'].strategy.matrix.app].sort()).toEqual(apps.sort());
    expect(apps).toEqual(expect.arrayContaining(['shell', 'auth', 'products', 'cart', 'checkout', 'profile']));
    expectImageJob('web-images', { file: 'deploy/Dockerfile.web', 'build-args': 'APP=storefront/${{ matrix.app }}' });
    // The images the Kubernetes manifests run: storefront-shell and storefront-<remote>.
    expect(runs('web-images')).toContain('/storefront-${{ matrix.app }}');
  });
});
