// Served by catalog: `/internal/products/lookup`, called by orders (pricing a checkout, cart views);
// `/internal/response-cache`, read by operators and tests (catalog-cache.test.ts).
import { Type, type Static } from '@sinclair/typebox';
import { skuSchema } from '../common.js';
import { ProductRecordSchema, ProductSchema } from '../products.js';

/** Body of `POST /internal/products/lookup`; SKUs match case-insensitively. */
export const ProductLookupSchema = Type.Object(
  {
    skus: Type.Optional(Type.Array(skuSchema(), { maxItems: 100 })),
    ids: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 100 })),
    with_stock: Type.Optional(Type.Boolean({ description: 'Add available and in_stock to each product (one more read); pricing needs only the records' })),
  },
  { additionalProperties: false },
);
export type ProductLookup = Static<typeof ProductLookupSchema>;

/** Answer of `POST /internal/products/lookup`: only the products that exist, with availability when asked `with_stock`. */
export const ProductLookupResultSchema = Type.Object({
  items: Type.Array(
    Type.Object(
      { ...ProductRecordSchema.properties, available: Type.Optional(ProductSchema.properties.available), in_stock: Type.Optional(ProductSchema.properties.in_stock) },
      { additionalProperties: false },
    ),
  ),
});
export type ProductLookupResult = Static<typeof ProductLookupResultSchema>;

/** Answer of `GET /internal/response-cache`: one replica's response-cache counters. */
export const ResponseCacheStatsSchema = Type.Object({
  version: Type.Number({ description: 'catalog version the held bodies belong to' }),
  builds: Type.Integer({ description: 'bodies built from the database (list, search, product and category queries run)' }),
  hits: Type.Integer({ description: 'reads answered from memory' }),
  entries: Type.Integer(),
  bytes: Type.Integer(),
});
export type ResponseCacheStats = Static<typeof ResponseCacheStatsSchema>;
