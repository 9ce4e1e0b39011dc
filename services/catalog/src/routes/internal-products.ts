import type { App, Db } from '@storefleet/kit';
import { ProductLookupResultSchema, ProductLookupSchema } from '@storefleet/contracts/internal';
import { availabilityOf } from '../domain/availability.js';
import type { ProductsStore } from '../store/products-store.js';
import type { StockLevelsStore } from '../store/stock-levels-store.js';
import { problems } from '@storefleet/kit';

/** Service-to-service product reads (orders prices its lines here); under /internal, which the gateway never routes. */
export function internalProductRoutes(app: App, { db, products, stockLevels }: { db: Db; products: ProductsStore; stockLevels: StockLevelsStore }): void {
  app.post(
    '/internal/products/lookup',
    {
      schema: {
        tags: ['products (internal)'],
        operationId: 'lookupProducts',
        summary: 'The products with the given SKUs or ids (only those that exist), from the product cache; with their availability when asked',
        body: ProductLookupSchema,
        response: { 200: ProductLookupResultSchema, ...problems(400) },
      },
    },
    async (request) => {
      const items = await products.lookup(request.body);
      if (!request.body.with_stock) return { items };
      const levels = await stockLevels.availableOf(db, items.map((item) => item.sku));
      return { items: items.map((item) => ({ ...item, ...availabilityOf(levels.get(item.sku)!) })) };
    },
  );
}
