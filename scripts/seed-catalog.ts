// `npm run seed:catalog -- --products=100000 [--seed=1]`: a large generated catalog with stock, loaded
// into the databases `npm run backup` finds (packages/system/src/seed-catalog.ts says who writes what).
import { parseArgs } from 'node:util';
import { locateServiceDatabases, seedCatalog } from '@storefleet/system';

try {
  const { values } = parseArgs({ options: { products: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' } } });
  const products = Number(values.products);
  if (!Number.isInteger(products) || products < 1 || products > 10_000_000) throw new Error('--products must be a whole number from 1 to 10,000,000');
  const databases = await locateServiceDatabases({ env: process.env });
  try {
    console.log(`Seeding ${products} products into ${databases.where}`);
    const started = Date.now();
    const result = await seedCatalog({ catalogUrl: databases.urls.catalog!, inventoryUrl: databases.urls.inventory!, products, seed: Number(values.seed) });
    console.log(`${result.products} products and ${result.stocked} stock levels loaded in ${((Date.now() - started) / 1000).toFixed(1)} s (existing SKUs left alone)`);
  } finally {
    await databases.close();
  }
} catch (error) {
  console.error(`seed:catalog failed: ${(error as Error).message}`);
  process.exit(1);
}
