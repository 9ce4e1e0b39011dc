import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createService } from '@storefleet/kit';
import { ADMIN_CSP } from '../src/edge-headers.js';
import { DEFAULT_ADMIN_DIST, registerAdminPanel } from '../src/admin-panel.js';
import { closeAfterEach, createKeys, send, startGateway } from './support.js';

const keys = await createKeys();

/** A built admin panel as Vite leaves it: index.html and hashed assets. */
function builtAdmin(): string {
  const root = mkdtempSync(join(tmpdir(), 'admin-dist-'));

  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Storefleet admin</title><script type="module" src="/admin/assets/index-DvKetBxx.js"></script>');
  writeFileSync(join(root, 'assets', 'index-DvKetBxx.js'), 'console.log("admin")');
  return root;
}

describe('the admin panel at /admin', () => {
  const cleanups = closeAfterEach();

  async function gateway(env: Record<string, string>): Promise<string> {
    const started = await startGateway(env, { jwks: keys.jwks });
    cleanups.push(() => started.gateway.close());
    return started.url;
  }

  it('serves the built app: index.html revalidated, hashed files kept a year, client routes answered with the app, under a CSP that lets it run', async () => {
    const url = await gateway({ ADMIN_DIST: builtAdmin() });
    const redirect = await send(url, 'GET', '/admin');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('/admin/');

    const page = await send(url, 'GET', '/admin/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toBe(ADMIN_CSP);
    expect(page.headers['x-frame-options']).toBe('DENY');

    const route = await send(url, 'GET', '/admin/orders/1b0e4c1e-8f0a-4d51-9a1c-3f1d2a9b7c00');
    expect(route.status).toBe(200);
    expect(route.text).toContain('Storefleet admin');

    const script = await send(url, 'GET', '/admin/assets/index-DvKetBxx.js');
    expect(script.status).toBe(200);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await send(url, 'GET', '/admin/assets/missing-DvKetBxx.js')).status).toBe(404);

    // The gateway's JSON keeps its strict policy.
    expect((await send(url, 'GET', '/api/health')).headers['content-security-policy']).toMatch(/^default-src 'none'/);
    // Pages, not API: the OpenAPI document does not list them.
    expect(Object.keys((await send(url, 'GET', '/api/docs/json')).json.paths).filter((path) => path.startsWith('/admin'))).toEqual([]);
  });

  it('refuses to start when ADMIN_DIST names a folder without a build, naming it', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'admin-empty-'));
    await expect(gateway({ ADMIN_DIST: empty })).rejects.toThrow(`The web app in ${empty} is not built`);
  });

  it('starts without a build in the default place and answers /admin with a 503 problem saying how to build it', async () => {
    const app = await createService({ name: 'gateway', logLevel: 'silent' });
    cleanups.push(() => app.close());
    await registerAdminPanel(app, { root: mkdtempSync(join(tmpdir(), 'admin-unbuilt-')), required: false });
    const reply = await app.inject({ method: 'GET', url: '/admin/products' });
    expect(reply.statusCode).toBe(503);
    expect(reply.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(reply.json().detail).toMatch(/The admin panel is not built .*npm run build -w @storefleet\/admin/);
  });

  it('looks for the build in apps/admin/dist by default, from the sources and from the compiled gateway alike', () => {
    expect(DEFAULT_ADMIN_DIST).toBe(join(import.meta.dirname, '../../../apps/admin/dist'));
  });
});
