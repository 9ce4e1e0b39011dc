import { Type, type Static } from '@sinclair/typebox';
import { freeJsonObject, pageOf, skuSchema } from './common.js';

/** The two top-level kinds of product; every category belongs to one of them. */
export const PRODUCT_KINDS = ['laptops', 'spare-parts'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];

/** Orders a product list can take; `relevance` applies only when `q` is given. */
export const PRODUCT_SORTS = ['relevance', 'price_asc', 'price_desc', 'name', 'newest'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export const MAX_PRODUCT_PRICE = 1_000_000;

const SkuSchema = skuSchema({ description: 'Stock keeping unit, unique, stored upper-case (e.g. LAP-XPS13-9340); never changes once created' });
const CategorySlugSchema = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 64, examples: ['laptops', 'memory'] });
const PriceSchema = Type.Number({ minimum: 0, maximum: MAX_PRODUCT_PRICE, description: 'Unit price, two decimals' });
const CurrencySchema = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code', examples: ['EUR'] });
const ATTRIBUTES_HELP =
  'Free-form specs. Laptops: cpu, ram_gb, storage_gb, display_in, gpu, weight_kg, os. Parts: compatible_with (array), capacity, type, form_factor.';
const AttributesSchema = freeJsonObject({ description: ATTRIBUTES_HELP });

const productRecordProperties = {
  id: Type.String({ format: 'uuid' }),
  sku: Type.String(),
  name: Type.String(),
  description: Type.String(),
  brand: Type.String(),
  category: Type.String({ description: 'Slug of the category (a leaf or a top-level kind)' }),
  price: Type.Number(),
  currency: Type.String(),
  image_url: Type.Union([Type.Null(), Type.String()]),
  attributes: AttributesSchema,
  warranty_months: Type.Integer(),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
};

/** A product as catalog stores it (and as product.* events carry it), without its stock. */
export const ProductRecordSchema = Type.Object(productRecordProperties, { additionalProperties: false });
export type ProductRecord = Static<typeof ProductRecordSchema>;

/**
 * A product as every reader sees it: the record plus availability from catalog's read model of
 * inventory.stock_changed (0 and not in stock until inventory has reported the SKU).
 */
export const ProductSchema = Type.Object(
  {
    ...productRecordProperties,
    available: Type.Integer({ minimum: 0, description: 'Units that can be ordered now (on hand minus reserved), as last reported by inventory' }),
    in_stock: Type.Boolean({ description: 'available > 0' }),
  },
  { additionalProperties: false },
);
export type Product = Static<typeof ProductSchema>;

/** Where a product picture is: an http(s) URL or a path on the storefront's own site (no javascript:, data: ...). */
export const ImageUrlSchema = Type.String({ maxLength: 2000, pattern: '^(https?://|/)\\S*$', description: 'an http(s) URL or a site path' });

const productFields = {
  sku: SkuSchema,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.String({ maxLength: 10_000, default: '' }),
  brand: Type.String({ minLength: 1, maxLength: 100 }),
  category: CategorySlugSchema,
  price: PriceSchema,
  currency: Type.String({ pattern: '^[A-Z]{3}$', default: 'EUR', description: 'ISO 4217 code' }),
  // Null first: with coerceTypes, Ajv would otherwise turn null into "" to fit the string branch.
  image_url: Type.Union([Type.Null(), ImageUrlSchema], { default: null }),
  attributes: freeJsonObject({ description: ATTRIBUTES_HELP, default: {} }),
  warranty_months: Type.Integer({ minimum: 0, maximum: 120, default: 24, description: 'Defaults to the EU legal guarantee of 24 months' }),
};

/** Body of `POST /products` and `PUT /products/:id`. */
export const CreateProductSchema = Type.Object(
  {
    sku: productFields.sku,
    name: productFields.name,
    description: Type.Optional(productFields.description),
    brand: productFields.brand,
    category: productFields.category,
    price: productFields.price,
    currency: Type.Optional(productFields.currency),
    image_url: Type.Optional(productFields.image_url),
    attributes: Type.Optional(productFields.attributes),
    warranty_months: Type.Optional(productFields.warranty_months),
  },
  { additionalProperties: false },
);
export type CreateProduct = Static<typeof CreateProductSchema>;

/** Body of `PATCH /products/:id`: any subset of the fields; `attributes` is replaced as a whole. */
export const UpdateProductSchema = Type.Object(
  {
    sku: Type.Optional(SkuSchema),
    name: Type.Optional(productFields.name),
    description: Type.Optional(Type.String({ maxLength: 10_000 })),
    brand: Type.Optional(productFields.brand),
    category: Type.Optional(productFields.category),
    price: Type.Optional(productFields.price),
    currency: Type.Optional(CurrencySchema),
    image_url: Type.Optional(Type.Union([Type.Null(), ImageUrlSchema])),
    attributes: Type.Optional(AttributesSchema),
    warranty_months: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateProduct = Static<typeof UpdateProductSchema>;

const commaList = (description: string) =>
  Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20, description }));

/** Query of `GET /products`, `/products/search`, `/laptops` and `/spare-parts`. */
export const ProductListQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Full-text search (web search syntax: "quoted phrase", -exclude, or); words also match as prefixes' })),
  category: commaList('Category slug(s), comma-separated or repeated; includes sub-categories'),
  brand: commaList('Brand(s), comma-separated or repeated; case-insensitive'),
  min_price: Type.Optional(Type.Number({ minimum: 0 })),
  max_price: Type.Optional(Type.Number({ minimum: 0 })),
  sort: Type.Optional(
    Type.Unsafe<ProductSort>(Type.String({ enum: [...PRODUCT_SORTS], description: 'Default: relevance when q is given, else name' })),
  ),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1, description: 'Ignored when cursor is given' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 1000, description: 'next_cursor of the previous page (keyset pagination on the same sort)' })),
});
export type ProductListQuery = Static<typeof ProductListQuerySchema>;

export const FacetCountSchema = Type.Object({ value: Type.String(), count: Type.Integer() });
export type FacetCount = Static<typeof FacetCountSchema>;

/** Counts over every product matching the filters, whatever the page. */
export const ProductFacetsSchema = Type.Object({
  brand: Type.Array(FacetCountSchema),
  category: Type.Array(FacetCountSchema),
  price: Type.Object({ min: Type.Union([Type.Number(), Type.Null()]), max: Type.Union([Type.Number(), Type.Null()]) }),
});
export type ProductFacets = Static<typeof ProductFacetsSchema>;

export const ProductListSchema = Type.Composite([pageOf(ProductSchema), Type.Object({ facets: ProductFacetsSchema })]);
export type ProductList = Static<typeof ProductListSchema>;

export const CategorySchema = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  parent_slug: Type.Union([Type.String(), Type.Null()]),
  product_count: Type.Integer({ description: 'Products in this category and its sub-categories' }),
});
export type Category = Static<typeof CategorySchema>;

export const CategoryListSchema = Type.Object({ items: Type.Array(CategorySchema) });
export type CategoryList = Static<typeof CategoryListSchema>;

/** `data` of product.created, product.updated and product.deleted (the record after, or before a delete). */
export const ProductEventDataSchema = ProductRecordSchema;
export type ProductEventData = ProductRecord;
