import { Type } from '@sinclair/typebox';
import type { App } from '@storefleet/kit';
import { IdParamsSchema, ProductListQuerySchema, ProductListSchema, ProductSchema, type ProductKind, type ProductListQuery } from '@storefleet/contracts';
import { planListing } from '../domain/product-listing.js';
import { productNotFound } from '../domain/product.js';
import type { ProductsStore } from '../store/products-store.js';
import { problems } from '@storefleet/kit';

export const SearchQuerySchema = Type.Object({
  ...ProductListQuerySchema.properties,
  q: Type.String({ minLength: 1, maxLength: 200, description: 'Full-text search (required here)' }),
});

/** Lists products for a query, optionally inside one storefront view. */
export async function listProducts(products: ProductsStore, query: ProductListQuery, kind?: ProductKind) {
  const plan = planListing(query, kind);
  return { ...(await products.list(plan)), page: plan.page, limit: plan.limit };
}

/** Public product reads: list with filters and facets, search, one product. */
export function productRoutes(app: App, { products }: { products: ProductsStore }): void {
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
    async (request) => listProducts(products, request.query),
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
    async (request) => listProducts(products, request.query),
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
    async (request) => {
      const product = await products.get(request.params.id);
      if (!product) throw productNotFound(request.params.id);
      return product;
    },
  );
}
