import { Type, type Static } from '@sinclair/typebox';
import { CsvImportConfig, DatabaseConfig, IdentityUrlsConfig, loadConfig } from '@storefleet/kit';

/** Every environment variable catalog reads; the type below is derived from it. */
export const CatalogConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 4002 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  ...DatabaseConfig,
  ...IdentityUrlsConfig,
  CATALOG_CACHE_BYTES: Type.Integer({
    minimum: 0,
    default: 64 * 1024 * 1024,
    description: 'bytes of public read bodies (lists, search, product pages, categories) kept in memory per replica; 0 turns the response cache off',
  }),
  ...CsvImportConfig,
  SEED_DEMO_DATA: Type.Boolean({ default: true, description: 'true or false: insert demo products when the catalog is empty' }),
});
export type CatalogConfig = Static<typeof CatalogConfigSchema>;

/**
 * Reads catalog's configuration from the environment.
 * @example const config = loadCatalogConfig(process.env)
 */
export function loadCatalogConfig(env: Record<string, string | undefined> = process.env): CatalogConfig {
  return loadConfig(CatalogConfigSchema, env);
}
