// The system under test for `npm run bench:catalog`, in its own process: embedded PostgreSQL at
// BENCH_DATA_DIR + every service + the gateway, on free ports, CATALOG_CACHE_BYTES as given. With
// BENCH_SEED_PRODUCTS, seeds that many products (npm run seed:catalog's code) once the services have
// migrated, unless the database already holds them (the data folder is kept between runs). Prints `bench system ready {gatewayUrl, catalogUrl, urls, postgresUrl}`; stops on SIGTERM.
import { createDb, freePort, onShutdown, startEmbeddedPostgres } from '@storefleet/kit';
import { seedCatalog, startSystemOnFreePorts } from '@storefleet/system';

const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir) throw new Error('BENCH_DATA_DIR is not set');
const postgres = await startEmbeddedPostgres({ dataDir, port: await freePort() });
const system = await startSystemOnFreePorts({
  postgresUrl: postgres.urlFor('postgres'),
  logLevel: 'warn',
  databasePrefix: 'bench',
  // One load generator on one address must never trip the rate limits.
  env: { METRICS_PORT: '0', RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_USER: '1000000000', LOG_REQUESTS: 'false' },
});
onShutdown(async () => {
  await system.stop();
  await postgres.stop();
});
const seed = Number(process.env.BENCH_SEED_PRODUCTS ?? 0);
const held = seed > 0 ? await countProducts(system.databases.catalog!) : 0;
if (held < seed) {
  const started = Date.now();
  const result = await seedCatalog({ catalogUrl: system.databases.catalog!, inventoryUrl: system.databases.inventory!, products: seed });
  console.log(`seeded ${result.products} products in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
async function countProducts(url: string): Promise<number> {
  const db = createDb({ url, max: 1 });
  try {
    return (await db.query<{ count: number }>('SELECT count(*)::int AS count FROM products')).rows[0]!.count;
  } finally {
    await db.close();
  }
}

console.log(`bench system ready ${JSON.stringify({ gatewayUrl: system.gatewayUrl, catalogUrl: system.urls.catalog, urls: system.urls, postgresUrl: postgres.urlFor('bench_catalog') })}`);
