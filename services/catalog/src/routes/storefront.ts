import type { App } from '@storefleet/kit';
import { IdParamsSchema, ProductListQuerySchema, ProductListSchema, ProductSchema, type ProductKind } from '@storefleet/contracts';
import { sendList, sendProduct, type ProductReads } from './products.js';
import { problems } from '@storefleet/kit';

const VIEWS: { kind: ProductKind; list: string; get: string; label: string }[] = [
  { kind: 'laptops', list: 'listLaptops', get: 'getLaptop', label: 'laptop' },
  { kind: 'spare-parts', list: 'listSpareParts', get: 'getSparePart', label: 'spare part' },
];

/** Storefront views: the product list and product page restricted to one top-level kind. */
export function storefrontRoutes(app: App, reads: ProductReads): void {
  for (const view of VIEWS) {
    app.get(
      `/${view.kind}`,
      {
        schema: {
          tags: ['storefront'],
          operationId: view.list,
          summary: `List ${view.label}s (same query as GET /products)`,
          querystring: ProductListQuerySchema,
          response: { 200: ProductListSchema, ...problems(400) },
        },
      },
      async (request, reply) => sendList(reads, request, reply, request.query, view.kind),
    );

    app.get(
      `/${view.kind}/:id`,
      {
        schema: {
          tags: ['storefront'],
          operationId: view.get,
          summary: `One ${view.label}; 404 for a product of another kind`,
          params: IdParamsSchema,
          response: { 200: ProductSchema, ...problems(400, 404) },
        },
      },
      async (request, reply) => sendProduct(reads, request, reply, request.params.id, view.kind),
    );
  }
}
