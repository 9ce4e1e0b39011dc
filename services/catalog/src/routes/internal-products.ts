import type { App } from '@storefleet/kit';
import { ProductLookupResultSchema, ProductLookupSchema } from '@storefleet/contracts';
import type { ProductsStore } from '../store/products-store.js';
import { problems } from './schemas.js';

/** Service-to-service product reads (orders prices its lines here); under /internal, which the gateway never routes. */
export function internalProductRoutes(app: App, { products }: { products: ProductsStore }): void {
  app.post(
    '/internal/products/lookup',
    {
      schema: {
        tags: ['products (internal)'],
        operationId: 'lookupProducts',
        summary: 'The products with the given SKUs or ids (only those that exist), with their availability',
        body: ProductLookupSchema,
        response: { 200: ProductLookupResultSchema, ...problems(400) },
      },
    },
    async (request) => ({ items: await products.lookup(request.body) }),
  );
}
