import { Type, type Static } from '@sinclair/typebox';
import { DatabaseConfig, IdentityUrlsConfig, loadConfig } from '@storefleet/kit';

/** Every environment variable warranties reads; the type below is derived from it. */
export const WarrantiesConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 4007 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  ...DatabaseConfig,
  ...IdentityUrlsConfig,
});
export type WarrantiesConfig = Static<typeof WarrantiesConfigSchema>;

/**
 * Reads warranties' configuration from the environment.
 * @example const config = loadWarrantiesConfig(process.env)
 */
export function loadWarrantiesConfig(env: Record<string, string | undefined> = process.env): WarrantiesConfig {
  return loadConfig(WarrantiesConfigSchema, env);
}
