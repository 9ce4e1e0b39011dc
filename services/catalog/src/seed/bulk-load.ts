import type { Db } from '@storefleet/kit';
import type { GeneratedProduct } from './generated-products.js';

const BATCH = 5_000;

/**
 * Loads many products into catalog's database at once (`npm run seed:catalog`), with the availability
 * inventory holds for them, in one transaction of multi-row inserts: a data load like a restore, so no
 * product.* event is published per product (the statement trigger raises products_version, which every
 * replica polls, so their response caches move on). Existing SKUs are left alone.
 * @example await bulkLoadProducts(db, generateProducts(100_000), levels)
 */
export async function bulkLoadProducts(db: Db, products: GeneratedProduct[], levels: { sku: string; available: number; version: number }[] = []): Promise<number> {
  return db.tx(async (tx) => {
    let inserted = 0;
    for (let start = 0; start < products.length; start += BATCH) {
      const batch = products.slice(start, start + BATCH);
      const column = <K extends keyof GeneratedProduct>(key: K) => batch.map((p) => p[key]);
      const result = await tx.query(
        `INSERT INTO products (sku, name, description, brand, category, price, currency, image_url, attributes, warranty_months, created_at, updated_at)
         SELECT sku, name, description, brand, category, price, currency, image_url, attributes, warranty_months, created_at, created_at
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::text[], $8::text[], $9::jsonb[], $10::int[], $11::timestamptz[])
             AS g (sku, name, description, brand, category, price, currency, image_url, attributes, warranty_months, created_at)
         ON CONFLICT (sku) DO NOTHING`,
        [
          column('sku'),
          column('name'),
          column('description'),
          column('brand'),
          column('category'),
          column('price'),
          column('currency'),
          column('image_url'),
          batch.map((p) => JSON.stringify(p.attributes)),
          column('warranty_months'),
          column('created_at'),
        ],
      );
      inserted += result.rowCount ?? 0;
    }
    for (let start = 0; start < levels.length; start += BATCH) {
      const batch = levels.slice(start, start + BATCH);
      await tx.query(
        `INSERT INTO stock_levels (sku, available, version)
         SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[])
         ON CONFLICT (sku) DO UPDATE SET available = EXCLUDED.available, version = EXCLUDED.version, updated_at = now()
          WHERE stock_levels.version < EXCLUDED.version`,
        [batch.map((l) => l.sku), batch.map((l) => l.available), batch.map((l) => l.version)],
      );
    }
    return inserted;
  });
}
