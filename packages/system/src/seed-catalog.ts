import { bulkLoadProducts, generateProducts } from '@storefleet/catalog';
import { bulkLoadStock } from '@storefleet/inventory';
import { createDb } from '@storefleet/kit';

export interface SeedCatalogOptions {
  /** Catalog's and inventory's databases, migrated (the services have started on them once). */
  catalogUrl: string;
  inventoryUrl: string;
  products: number;
  /** Same seed, same catalog. */
  seed?: number;
}

/**
 * `npm run seed:catalog`: generates `products` realistic products and their stock, and loads each part
 * with its owner's own code into its owner's database: the products (and catalog's availability read
 * model, at the version inventory starts them at) by catalog's bulkLoadProducts, the stock and its
 * movements by inventory's bulkLoadStock. Multi-row inserts, no event per product.
 * @example await seedCatalog({ catalogUrl, inventoryUrl, products: 100_000 })
 */
export async function seedCatalog(options: SeedCatalogOptions): Promise<{ products: number; stocked: number }> {
  const products = generateProducts(options.products, options.seed ?? 1);
  // A tenth sold out, the rest between 1 and 200 units.
  const stock = products.map((product, i) => ({ sku: product.sku, on_hand: i % 10 === 9 ? 0 : 1 + ((i * 7919) % 200) }));
  const inventory = createDb({ url: options.inventoryUrl, max: 2 });
  const catalog = createDb({ url: options.catalogUrl, max: 2 });
  try {
    const stocked = await bulkLoadStock(inventory, stock);
    const loaded = await bulkLoadProducts(catalog, products, stock.map((level) => ({ sku: level.sku, available: level.on_hand, version: 1 })));
    await catalog.query('ANALYZE products');
    await inventory.query('ANALYZE stock');
    return { products: loaded, stocked };
  } finally {
    await Promise.all([inventory.close(), catalog.close()]);
  }
}
