import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '@storefleet/kit';
import { IdParamsSchema, ProductListQuerySchema, ProductListSchema, ProductSchema, type ProductKind, type ProductListQuery } from '@storefleet/contracts';
import { listBody, plainBody, productBody, type CachedBody } from '../cache/cached-body.js';
import type { ResponseCache } from '../cache/response-cache.js';
import { planListing, type ListingPlan } from '../domain/product-listing.js';
import { productNotFound } from '../domain/product.js';
import { listingKey, productKey, summaryKey } from '../domain/read-keys.js';
import { recordOf, type Listing, type ProductsStore, type ProductSummary } from '../store/products-store.js';
import type { CachedReads } from './http-cache.js';
import { problems } from '@storefleet/kit';

export const SearchQuerySchema = Type.Object({
  ...ProductListQuerySchema.properties,
  q: Type.String({ minLength: 1, maxLength: 200, description: 'Full-text search (required here)' }),
});

/** What a public product read needs: the store to build bodies, the cache to answer from. */
export interface ProductReads {
  products: ProductsStore;
  responses: ResponseCache;
  send: CachedReads;
}

/**
 * The body of a listing, without availability (merged in when answering). The total and facets are
 * cached apart, by the filters alone, so the pages of one listing count their products once: when they
 * are not held, one statement reads the window and counts them.
 */
async function buildList({ products, responses }: ProductReads, plan: ListingPlan): Promise<CachedBody> {
  let listing: Listing | undefined;
  const summaryBody = await responses.get(summaryKey(plan), async () => {
    listing = await products.listing(plan, { summary: true });
    return plainBody(listing.summary);
  });
  listing ??= await products.listing(plan, { summary: false });
  // Read back from the cache only when this build did not just count it.
  const summary = listing.summary ?? (JSON.parse(summaryBody.parts[0]!) as ProductSummary);
  return listBody({ items: listing.items, total: summary.total, next_cursor: listing.next_cursor, facets: summary.facets, page: plan.page, limit: plan.limit });
}

/** The body of a product page; a product that does not exist (in this view) is a 404, never cached. */
async function buildProduct(products: ProductsStore, id: string, kind?: ProductKind): Promise<CachedBody> {
  const product = await products.get(id, kind);
  if (!product) throw productNotFound(id);
  return productBody(recordOf(product));
}

/** Answers a product list for a query, optionally inside one storefront view, from the response cache. */
export function sendList(reads: ProductReads, request: FastifyRequest, reply: FastifyReply, query: ProductListQuery, kind?: ProductKind) {
  const plan = planListing(query, kind);
  return reads.send(request, reply, listingKey(plan), () => buildList(reads, plan));
}

/** Answers a product page, optionally inside one storefront view, from the response cache. */
export function sendProduct({ products, send }: ProductReads, request: FastifyRequest, reply: FastifyReply, id: string, kind?: ProductKind) {
  return send(request, reply, productKey(id, kind), () => buildProduct(products, id, kind));
}

/** Public product reads: list with filters and facets, search, one product. */
export function productRoutes(app: App, reads: ProductReads): void {
  app.get(
    '/products',
    {
      schema: {
        tags: ['products'],
        operationId: 'listProducts',
        summary: 'List products: search, filters, sort, page or cursor pagination, facets',
        querystring: ProductListQuerySchema,
        response: { 200: ProductListSchema, ...problems(400) },
      },
    },
    async (request, reply) => sendList(reads, request, reply, request.query),
  );

  app.get(
    '/products/search',
    {
      schema: {
        tags: ['products'],
        operationId: 'searchProducts',
        summary: 'Full-text product search (the list with q required)',
        querystring: SearchQuerySchema,
        response: { 200: ProductListSchema, ...problems(400) },
      },
    },
    async (request, reply) => sendList(reads, request, reply, request.query),
  );

  app.get(
    '/products/:id',
    {
      schema: {
        tags: ['products'],
        operationId: 'getProduct',
        summary: 'One product',
        params: IdParamsSchema,
        response: { 200: ProductSchema, ...problems(400, 404) },
      },
    },
    async (request, reply) => sendProduct(reads, request, reply, request.params.id),
  );
}
