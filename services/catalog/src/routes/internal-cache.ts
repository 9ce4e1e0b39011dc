import { ResponseCacheStatsSchema } from '@storefleet/contracts/internal';
import type { App } from '@storefleet/kit';
import type { ResponseCache } from '../cache/response-cache.js';

/** The response cache's counters; under /internal, which the gateway never routes. */
export function internalCacheRoutes(app: App, { responses }: { responses: ResponseCache }): void {
  app.get(
    '/internal/response-cache',
    {
      schema: {
        tags: ['cache (internal)'],
        operationId: 'responseCacheStats',
        summary: 'Builds, hits and size of this replica’s response cache',
        response: { 200: ResponseCacheStatsSchema },
      },
    },
    async () => responses.stats(),
  );
}
