import { Type, type Static } from '@sinclair/typebox';
import { DatabaseConfig, loadConfig, parseUrls } from '@storefleet/kit';

/** Every environment variable catalog reads; the type below is derived from it. */
export const CatalogConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 4002 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  ...DatabaseConfig,
  IDENTITY_URLS: Type.String({
    minLength: 1,
    default: 'http://127.0.0.1:4001',
    description: 'comma-separated identity base URLs; the key set is read from <first>/.well-known/jwks.json',
  }),
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

/** identity's key set URL: `<first IDENTITY_URLS entry>/.well-known/jwks.json`. */
export function jwksUrlOf(identityUrls: string): string {
  const [first] = parseUrls(identityUrls);
  if (!first) throw new Error('IDENTITY_URLS names no URL');
  return `${first.replace(/\/+$/, '')}/.well-known/jwks.json`;
}
