import { randomUUID } from 'node:crypto';
import { createHttpClient, parseUrls, type HttpClient } from '@storefleet/kit';
import type { CatalogProduct } from '../domain/checkout-request.js';
import { unexpected, type CallContext } from './upstream.js';

export interface CatalogClient {
  /** The products with these SKUs or ids that exist (not deleted); unknown ones are simply absent. */
  lookup(query: { skus?: string[]; ids?: string[] }, context?: CallContext): Promise<CatalogProduct[]>;
}

/**
 * Catalog over HTTP: `POST /internal/products/lookup`. The lookup only reads, so it carries a fresh
 * idempotency key to let the kit client retry it.
 * @example const catalog = createHttpCatalogClient({ urls: config.CATALOG_URLS, timeoutMs: config.CALL_TIMEOUT_MS })
 */
export function createHttpCatalogClient(options: { urls: string; timeoutMs: number }): CatalogClient & { close(): Promise<void> } {
  const http: HttpClient = createHttpClient({ name: 'catalog', urls: parseUrls(options.urls), timeoutMs: options.timeoutMs, retries: 1 });
  return {
    async lookup(query, context) {
      if (!query.skus?.length && !query.ids?.length) return [];
      const body = { ...(query.skus?.length ? { skus: query.skus } : {}), ...(query.ids?.length ? { ids: query.ids } : {}) };
      const result = await http.call<{ items: CatalogProduct[] }>({ method: 'POST', path: '/internal/products/lookup', body, idempotencyKey: `lookup:${randomUUID()}`, context });
      if (result.status !== 200) throw unexpected('catalog', 'a product lookup', result);
      return result.body.items;
    },
    close: () => http.close(),
  };
}
