import { createHash } from 'node:crypto';
import type { App } from '@storefleet/kit';

/** True when an If-None-Match header names `etag` (weak or strong) or is `*`. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const value = tag.trim();
    return value === '*' || value.replace(/^W\//, '') === etag;
  });
}

/**
 * Adds an ETag and `Cache-Control: public` to every successful GET of a scope, and answers
 * 304 Not Modified when the client already holds that representation.
 */
export function installHttpCache(scope: App, options: { maxAgeSeconds?: number } = {}): void {
  const cacheControl = `public, max-age=${options.maxAgeSeconds ?? 30}`;
  scope.addHook('onSend', async (request, reply, payload) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
    reply.header('etag', etag).header('cache-control', cacheControl);
    if (!matchesEtag(request.headers['if-none-match'], etag)) return payload;
    reply.code(304).removeHeader('content-type').removeHeader('content-length');
    return null;
  });
}
