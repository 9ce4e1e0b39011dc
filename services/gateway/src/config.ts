import { Type, type Static } from '@sinclair/typebox';
import { CsvImportConfig, parseUrls } from '@storefleet/kit';

const urls = (description: string, defaultValue?: string) =>
  defaultValue === undefined ? Type.Optional(Type.String({ description })) : Type.String({ description, default: defaultValue });

/** The gateway's environment variables; every one has an embedded-mode default or is optional. */
export const GatewayConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  METRICS_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 9464, description: 'the port (on HOST) of the gateway\'s Prometheus /metrics, apart from the public port; 0 picks a free one' }),
  TRUSTED_PROXIES: Type.String({
    default: '',
    description: 'comma-separated addresses or CIDR ranges (or loopback, linklocal, uniquelocal) of proxies in front of the gateway whose X-Forwarded-For is believed',
  }),
  IDENTITY_URLS: urls('comma-separated identity base URLs', 'http://127.0.0.1:4001'),
  CATALOG_URLS: urls('comma-separated catalog base URLs', 'http://127.0.0.1:4002'),
  ORDERS_URLS: urls('comma-separated orders base URLs'),
  PAYMENTS_URLS: urls('comma-separated payments base URLs'),
  INVENTORY_URLS: urls('comma-separated inventory base URLs'),
  NOTIFICATIONS_URLS: urls('comma-separated notifications base URLs'),
  WARRANTIES_URLS: urls('comma-separated warranties base URLs'),
  /** Where token keys come from; by default the first identity URL + /.well-known/jwks.json. */
  JWKS_URL: Type.Optional(Type.String({ description: 'a URL of a JSON Web Key Set' })),
  UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 15_000 }),
  UPSTREAM_CONNECTIONS: Type.Integer({ minimum: 1, default: 128, description: 'kept-alive connections per upstream URL' }),
  UPSTREAM_FAILURES_TO_MARK_DOWN: Type.Integer({ minimum: 1, default: 2 }),
  UPSTREAM_DOWN_MS: Type.Integer({ minimum: 0, default: 5_000 }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://', description: 'a redis:// URL: rate limits shared by every gateway replica (in memory per replica when unset), and the bus carrying session revocations' })),
  RATE_LIMIT_PER_IP: Type.Integer({ minimum: 1, default: 6_000 }),
  RATE_LIMIT_PER_USER: Type.Integer({ minimum: 1, default: 6_000 }),
  RATE_LIMIT_WINDOW_MS: Type.Integer({ minimum: 1, default: 60_000 }),
  CORS_ORIGINS: Type.String({ default: 'http://localhost:5001,http://127.0.0.1:5001', description: 'comma-separated allowed origins (besides every channel\'s allowed_origins)' }),
  REQUIRE_STOREFRONT_KEY: Type.Boolean({ default: false, description: 'true to refuse (401) public storefront routes (catalog, cart, checkout, order lookup) without a publishable key (X-API-Key)' }),
  BODY_LIMIT: Type.Integer({ minimum: 0, default: 1024 * 1024, description: 'the largest request body in bytes' }),
  ...CsvImportConfig,
  HSTS: Type.Boolean({ default: false, description: 'true to send Strict-Transport-Security (only behind TLS)' }),
  TOKEN_CACHE_SIZE: Type.Integer({ minimum: 1, default: 10_000 }),
  GATEWAY_MICROCACHE_MS: Type.Integer({
    minimum: 0,
    maximum: 1_000,
    default: 500,
    description: 'how long the gateway reuses an anonymous GET answer its service marked Cache-Control: public with an ETag (catalog reads), within the one second of freshness the catalog promises; 0 turns the micro-cache off',
  }),
  GATEWAY_MICROCACHE_BYTES: Type.Integer({ minimum: 0, default: 32 * 1024 * 1024, description: 'the bound of the micro-cache\'s held answers in bytes (an answer over an eighth of it is not kept); 0 turns it off' }),
  ADMIN_DIST: Type.Optional(Type.String({
    minLength: 1,
    description: 'the built admin panel (apps/admin/dist), served at /admin; by default the repository\'s (or the image\'s) apps/admin/dist, answered 503 while it is not built; a folder named here must be built or the gateway does not start',
  })),
});

export type GatewayConfig = Static<typeof GatewayConfigSchema>;

/** The services the gateway can route to; each reads its upstreams from `<NAME>_URLS`. */
export const SERVICES = ['identity', 'catalog', 'orders', 'payments', 'inventory', 'notifications', 'warranties'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** The upstream base URLs of one service (no trailing slash); empty when it is not configured. */
export function serviceUrls(config: GatewayConfig, service: ServiceName): string[] {
  const value = config[`${service.toUpperCase()}_URLS` as `${Uppercase<ServiceName>}_URLS`];
  return value ? parseUrls(value).map((url) => url.replace(/\/+$/, '')) : [];
}
