import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerWebFiles, webFileCacheControl } from './web-files.js';

function builtApp(): string {
  const root = mkdtempSync(join(tmpdir(), 'web-files-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(root, 'config.json'), '{}');
  writeFileSync(join(root, 'assets', 'index-B2x9kQ1a.js'), 'console.log(1)');
  return root;
}

describe('web files', () => {
  it('keeps hashed files a year and makes the browser revalidate index.html, config.json and remote entries', () => {
    expect(webFileCacheControl('/dist/assets/index-B2x9kQ1a.js')).toBe('public, max-age=31536000, immutable');
    expect(webFileCacheControl('/dist/index.html')).toBe('no-cache');
    expect(webFileCacheControl('/dist/config.json')).toBe('no-cache');
    expect(webFileCacheControl('/dist/remoteEntry.js')).toBe('no-cache');
    expect(webFileCacheControl('/dist/favicon.svg')).toBe('no-cache');
  });

  it('serves a single-page app under a prefix: files with their cache policy, client routes as index.html, missing files 404', async () => {
    const app = Fastify();
    await registerWebFiles(app, { root: builtApp(), prefix: '/admin/', spa: true });
    const asset = await app.inject('/admin/assets/index-B2x9kQ1a.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const route = await app.inject('/admin/orders/123');
    expect(route.statusCode).toBe(200);
    expect(route.headers['cache-control']).toBe('no-cache');
    expect(route.body).toContain('id="root"');
    expect((await app.inject('/admin/assets/missing-AAAAAAAA.js')).statusCode).toBe(404);
    await app.close();
  });

  it('refuses to start on an app that was not built, naming its folder', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'web-files-empty-'));
    await expect(registerWebFiles(Fastify(), { root: empty, prefix: '/' })).rejects.toThrow(empty);
  });
});
