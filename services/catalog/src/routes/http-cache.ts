import type { FastifyReply, FastifyRequest } from 'fastify';
import { matchesEtag } from '@storefleet/kit';
import type { AvailabilityView } from '../cache/availability-view.js';
import { etagOf, renderBody, type CachedBody } from '../cache/cached-body.js';
import type { ResponseCache } from '../cache/response-cache.js';

/**
 * Clients and proxies may keep a body but must ask again before using it (a 304 costs little): a
 * product change or a sale is seen within a second, which a max-age would not allow. `public` with an
 * ETag is also what lets the gateway's micro-cache reuse an anonymous answer for GATEWAY_MICROCACHE_MS.
 */
const CACHE_CONTROL = 'public, no-cache';

/**
 * Answers public reads from the response cache: the cached body with today's availability merged in,
 * its ETag, and 304 when the client holds that representation (without rendering the body).
 * @example const send = cachedReads({ responses, availability }); return send(request, reply, 'categories', build)
 */
export function cachedReads({ responses, availability }: { responses: ResponseCache; availability: AvailabilityView }) {
  return async function send(request: FastifyRequest, reply: FastifyReply, key: string, build: () => Promise<CachedBody>): Promise<FastifyReply> {
    const body = await responses.get(key, build);
    const levels = body.skus.map((sku) => availability.availableOf(sku));
    const etag = etagOf(body, levels);
    reply.header('etag', etag).header('cache-control', CACHE_CONTROL);
    if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(renderBody(body, levels));
  };
}

export type CachedReads = ReturnType<typeof cachedReads>;
