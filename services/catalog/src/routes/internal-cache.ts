import { Type } from '@sinclair/typebox';
import type { App } from '@storefleet/kit';
import type { ResponseCache } from '../cache/response-cache.js';

// Internal and catalog's own (an operator's or a test's view), so its schema stays here, not in contracts.
const ResponseCacheStatsSchema = Type.Object({
  version: Type.Number({ description: 'catalog version the held bodies belong to' }),
  builds: Type.Integer({ description: 'bodies built from the database (list, search, product and category queries run)' }),
  hits: Type.Integer({ description: 'reads answered from memory' }),
  entries: Type.Integer(),
  bytes: Type.Integer(),
});

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
