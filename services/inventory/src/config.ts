import { Type, type Static } from '@sinclair/typebox';
import { CsvImportConfig, DatabaseConfig, IdentityUrlsConfig, loadConfig } from '@storefleet/kit';

/** Every environment variable inventory reads; the type below is derived from it. */
export const InventoryConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 4005 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  ...DatabaseConfig,
  ...IdentityUrlsConfig,
  ...CsvImportConfig,
  SEED_DEMO_DATA: Type.Boolean({ default: true, description: 'true or false: give the demo products stock once, on first start' }),
  RESERVATION_TTL: Type.String({
    pattern: '^[1-9][0-9]*(s|m|h)?$',
    default: '15m',
    description: 'how long an unconfirmed reservation holds stock: seconds (900) or 900s, 15m, 1h',
  }),
  RESERVATION_SWEEP_MS: Type.Integer({ minimum: 10, maximum: 3_600_000, default: 10_000, description: 'milliseconds between two sweeps for expired reservations' }),
});
export type InventoryConfig = Static<typeof InventoryConfigSchema>;

/**
 * Reads inventory's configuration from the environment.
 * @example const config = loadInventoryConfig(process.env)
 */
export function loadInventoryConfig(env: Record<string, string | undefined> = process.env): InventoryConfig {
  return loadConfig(InventoryConfigSchema, env);
}
