import { Type, type Static } from '@sinclair/typebox';
import { SAGA_STATES, type SagaState } from '@storefleet/contracts';
import { CsvImportConfig, DatabaseConfig, IdentityUrlsConfig, loadConfig } from '@storefleet/kit';

/** The checkout saga's steps: the saga states that name one (the others say it is undoing, changing or at rest). */
export type CheckoutStep = Exclude<SagaState, 'compensate' | 'transition' | 'done'>;
const isCheckoutStep = (state: SagaState): state is CheckoutStep => state !== 'compensate' && state !== 'transition' && state !== 'done';
/** Where SAGA_CRASH_AFTER can stop the process (test-only fault injection): once the order is created, or after a step. */
export type SagaStep = 'create' | CheckoutStep;
export const SAGA_STEPS: readonly SagaStep[] = ['create', ...SAGA_STATES.filter(isCheckoutStep)];

const urls = (port: number, name: string) =>
  Type.String({ minLength: 1, default: `http://127.0.0.1:${port}`, description: `comma-separated ${name} base URLs` });

/** Every environment variable orders reads; the type below is derived from it. */
export const OrdersConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 4003 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  ...DatabaseConfig,
  ...IdentityUrlsConfig,
  ...CsvImportConfig,
  CATALOG_URLS: urls(4002, 'catalog'),
  INVENTORY_URLS: urls(4005, 'inventory'),
  PAYMENTS_URLS: urls(4004, 'payments'),
  CALL_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 5000, description: 'timeout of one call to catalog, inventory or payments, in ms' }),
  CALL_BREAKER_THRESHOLD: Type.Integer({ minimum: 1, default: 5, description: 'failed calls in a row to one catalog, inventory or payments upstream that open its circuit breaker' }),
  CALL_BREAKER_RESET_MS: Type.Integer({ minimum: 1, default: 10_000, description: 'how long an open circuit breaker refuses calls before letting one trial through, in ms' }),
  SAGA_LEASE_MS: Type.Integer({ minimum: 1, default: 30_000, description: 'how long a running checkout owns its order before the resumer may take it over, in ms' }),
  SAGA_RESUME_INTERVAL_MS: Type.Integer({ minimum: 1, default: 5000, description: 'how often unfinished checkouts with an expired lease are resumed, in ms' }),
  SAGA_CRASH_AFTER: Type.Optional(
    Type.Unsafe<SagaStep>(Type.String({ enum: [...SAGA_STEPS], description: `test-only: stop the process right after this checkout step (${SAGA_STEPS.join(', ')})` })),
  ),
});
export type OrdersConfig = Static<typeof OrdersConfigSchema>;

/**
 * Reads orders' configuration from the environment.
 * @example const config = loadOrdersConfig(process.env)
 */
export function loadOrdersConfig(env: Record<string, string | undefined> = process.env): OrdersConfig {
  return loadConfig(OrdersConfigSchema, env);
}
