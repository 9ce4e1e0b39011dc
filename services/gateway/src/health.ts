import type { Dispatcher } from 'undici';
import type { App } from '@storefleet/kit';
import { Type } from '@sinclair/typebox';
import { SystemHealthSchema, type ServiceHealth, type SystemHealth } from './schemas.js';
import { getFromUpstream } from './upstream-get.js';
import type { Upstream, Upstreams } from './upstreams.js';

/** True when one upstream's /readyz answers 200. */
async function probe(dispatcher: Dispatcher, upstream: Upstream, timeoutMs: number, requestId: string): Promise<boolean> {
  try {
    const response = await getFromUpstream(dispatcher, `${upstream.url}/readyz`, timeoutMs, requestId);
    await response.body.dump();
    return response.statusCode === 200;
  } catch {
    return false;
  }
}

/** Asks every upstream of every configured service for its `/readyz`, all at once. */
export async function systemHealth(upstreams: Upstreams, timeoutMs: number, requestId: string): Promise<SystemHealth> {
  const configured = upstreams.all().filter((service) => service.upstreams.length > 0);
  const results = await Promise.all(
    configured.map(async (service): Promise<[string, ServiceHealth]> => {
      const checks = await Promise.all(service.upstreams.map((upstream) => probe(upstreams.agent, upstream, timeoutMs, requestId)));
      const ready = checks.filter(Boolean).length;
      return [service.name, { status: ready === checks.length ? 'ready' : ready > 0 ? 'degraded' : 'not_ready' }];
    }),
  );
  const services = Object.fromEntries(results);
  const statuses = results.map(([, health]) => health.status);
  const status = statuses.includes('not_ready') ? 'unavailable' : statuses.includes('degraded') ? 'degraded' : 'ok';
  return { status, services };
}

/** `GET /api/health`: 200 while every service has a ready upstream, 503 otherwise. */
export function registerHealthRoute(app: App, upstreams: Upstreams, timeoutMs: number): void {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['operations'],
        operationId: 'getSystemHealth',
        summary: 'Readiness of every service behind the gateway, by name',
        security: [],
        response: { 200: SystemHealthSchema, 429: Type.Ref('Problem'), 503: SystemHealthSchema },
      },
    },
    async (request, reply) => {
      const health = await systemHealth(upstreams, timeoutMs, request.id);
      return reply.status(health.status === 'unavailable' ? 503 : 200).send(health);
    },
  );
}
