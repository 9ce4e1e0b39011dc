import { CreateProductSchema, type CreateProduct, type Product } from '@storefleet/contracts';
import { AppError, createFieldCheck, csvValue, type CsvResource } from '@storefleet/kit';
import { newProduct } from '../domain/product.js';
import type { ProductsStore } from './products-store.js';

const checkProduct = createFieldCheck(CreateProductSchema);

/** Every field a product has; id and the timestamps are the catalog's own: exported, ignored on import. */
export const PRODUCT_CSV_COLUMNS = [
  'sku', 'name', 'description', 'brand', 'category', 'price', 'currency', 'image_url', 'attributes', 'warranty_months', 'id', 'created_at', 'updated_at',
] as const;

/**
 * Products as CSV: one row per product, `attributes` as JSON in its cell, rows upserting by SKU. An import
 * may give only some columns: a new product needs what `POST /products` needs, an existing one keeps what
 * the file leaves out; an empty `image_url` clears it.
 */
export function createProductsCsv(products: ProductsStore): CsvResource<Product> {
  return {
    name: 'products',
    columns: PRODUCT_CSV_COLUMNS,
    key: 'sku',
    cells: (p) => [p.sku, p.name, p.description, p.brand, p.category, p.price, p.currency, p.image_url, p.attributes, p.warranty_months, p.id, p.created_at, p.updated_at],
    async apply(tx, [row]) {
      const { cells } = row!;
      const sku = cells.sku!.trim().toUpperCase();
      const given: Record<string, unknown> = {
        sku,
        name: cells.name,
        description: cells.description,
        brand: cells.brand,
        category: cells.category,
        price: csvValue.number(cells.price),
        currency: cells.currency,
        image_url: csvValue.nullable(cells.image_url),
        attributes: csvValue.json(cells.attributes, 'attributes'),
        warranty_months: csvValue.number(cells.warranty_months),
      };
      for (const [column, value] of Object.entries(given)) if (value === undefined) delete given[column];
      return products.upsertBySku(tx, sku, (current) => {
        const input = current ? { ...current, ...given } : given;
        const { id: _id, created_at: _created, updated_at: _updated, ...fields } = input;
        const problems = checkProduct(fields);
        if (problems.length) throw new AppError('validation', `${problems.length} invalid cell(s)`, { fields: problems });
        return newProduct(fields as CreateProduct);
      });
    },
  };
}
