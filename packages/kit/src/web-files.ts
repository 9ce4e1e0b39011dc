import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export interface WebFilesOptions {
  /** The built app (a Vite `dist/` folder). */
  root: string;
  /** The URL path it is served under, e.g. `/admin/` or `/`. */
  prefix: string;
  /** Answer `index.html` for paths that are no file (client-side routes), instead of 404. */
  spa?: boolean;
  /** Add `Access-Control-Allow-Origin: *` (a federated remote's files are loaded by other origins' shells). */
  cors?: boolean;
}

/** Files whose name never changes between builds: a browser must ask again each time (`no-cache` still allows a 304). */
const MUTABLE = new Set(['index.html', 'config.json', 'remoteEntry.js', 'mf-manifest.json']);
/** Vite's hashed output names: `name-<8+ chars of hash>.ext`. */
const HASHED = /-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

/** The cache policy of one built file: immutable when its name carries a content hash, revalidated otherwise. */
export function webFileCacheControl(path: string): string {
  const name = basename(path);
  if (!MUTABLE.has(name) && HASHED.test(name)) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

/**
 * Serves a built web app with the cache headers every web app here needs. Fails at start, naming the folder,
 * when the app was not built.
 */
export async function registerWebFiles(app: FastifyInstance, options: WebFilesOptions): Promise<void> {
  if (!existsSync(`${options.root}/index.html`) && !existsSync(`${options.root}/remoteEntry.js`)) {
    throw new Error(`The web app in ${options.root} is not built (no index.html or remoteEntry.js there)`);
  }
  await app.register(fastifyStatic, {
    root: options.root,
    prefix: options.prefix,
    wildcard: !options.spa,
    cacheControl: false,
    setHeaders(res, path) {
      res.header('cache-control', webFileCacheControl(path));
      if (options.cors) res.header('access-control-allow-origin', '*');
    },
  });
  if (options.spa) {
    const prefix = options.prefix.endsWith('/') ? options.prefix : `${options.prefix}/`;
    // Client-side routes (no file extension) get the app's index.html; missing files stay 404.
    // Pages, not API: kept out of the app's OpenAPI document (as @fastify/static keeps its own routes).
    app.get(`${prefix}*`, { schema: { hide: true } }, (request, reply) => {
      const path = request.url.split('?')[0]!;
      if (/\.[a-z0-9]+$/i.test(path)) return reply.callNotFound();
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    });
  }
}
