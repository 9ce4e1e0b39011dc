import { Type, type Static } from '@sinclair/typebox';
import { DatabaseConfig, IdentityUrlsConfig, loadConfig } from '@storefleet/kit';

/** Every environment variable payments reads; the type below is derived from it. */
export const PaymentsConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 4004 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  ...DatabaseConfig,
  ...IdentityUrlsConfig,
  PAYMENTS_SLOW_CARD_MS: Type.Integer({
    minimum: 0,
    maximum: 600_000,
    default: 10_000,
    description: 'an integer in 0..600000: how long the slow test card waits before it is authorized (milliseconds)',
  }),
});
export type PaymentsConfig = Static<typeof PaymentsConfigSchema>;

/**
 * Reads payments' configuration from the environment.
 * @example const config = loadPaymentsConfig(process.env)
 */
export function loadPaymentsConfig(env: Record<string, string | undefined> = process.env): PaymentsConfig {
  return loadConfig(PaymentsConfigSchema, env);
}
