import { randomUUID } from 'node:crypto';
import { createCheck, type HttpClient } from '@storefleet/kit';
import { ProductLookupResultSchema, type ProductLookup } from '@storefleet/contracts/internal';
import type { CatalogProduct } from '../domain/checkout-request.js';
import { unexpected, type CallContext } from './upstream.js';

const isLookupResult = createCheck(ProductLookupResultSchema);

export interface CatalogClient {
  /**
   * The products with these SKUs or ids that exist (not deleted); unknown ones are simply absent.
   * `with_stock` adds their availability (cart views); pricing does without, from catalog's cache alone.
   */
  lookup(query: ProductLookup, context?: CallContext): Promise<CatalogProduct[]>;
}

/**
 * Catalog's `POST /internal/products/lookup`, over `http` (HTTP, or in-process in embedded mode). The
 * lookup only reads, so it carries a fresh idempotency key to let the kit client retry it.
 * @example const catalog = createCatalogClient(createHttpClient({ name: 'catalog', urls: parseUrls(config.CATALOG_URLS) }))
 */
export function createCatalogClient(http: HttpClient): CatalogClient {
  return {
    async lookup(query, context) {
      if (!query.skus?.length && !query.ids?.length) return [];
      const body = { ...(query.skus?.length ? { skus: query.skus } : {}), ...(query.ids?.length ? { ids: query.ids } : {}), ...(query.with_stock ? { with_stock: true } : {}) };
      const result = await http.call({ method: 'POST', path: '/internal/products/lookup', body, idempotencyKey: `lookup:${randomUUID()}`, context });
      if (result.status !== 200 || !isLookupResult(result.body)) throw unexpected('catalog', 'a product lookup', result);
      return result.body.items;
    },
  };
}
