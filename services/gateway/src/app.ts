import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createService, createTokenVerifier, jwksUrlOf, type App, type TokenVerifier } from '@storefleet/kit';
import type { GatewayConfig } from './config.js';
import { registerDocsRoutes } from './docs.js';
import { createEdgeHeaders } from './edge-headers.js';
import { registerHealthRoute } from './health.js';
import { createMetricsServer, createProxyMetrics } from './metrics.js';
import { compileTrustedProxies, createProxy } from './proxy.js';
import { createMemoryRateLimitStore, type RateLimitStore } from './rate-limit.js';
import { createRedisRateLimitStore } from './rate-limit-redis.js';
import { ROUTES, createRouteMatcher, type RouteEntry } from './routes-table.js';
import { createTokenCache } from './token-cache.js';
import { createUpstreams, type Upstreams } from './upstreams.js';

export { GatewayConfigSchema, type GatewayConfig } from './config.js';
export { ROUTES, type Access, type RouteEntry } from './routes-table.js';
export { createMemoryRateLimitStore, type RateLimitStore } from './rate-limit.js';

export interface GatewayOptions {
  config: GatewayConfig;
  /** Verifies access tokens; by default against JWKS_URL or the first identity URL's JWKS. */
  verifier?: TokenVerifier;
  /** Where rate-limit counters live; by default in memory. */
  rateLimitStore?: RateLimitStore;
  /** The route table; by default ROUTES. */
  routes?: RouteEntry[];
  logLevel?: string;
}

export interface Gateway {
  /** The public HTTP server (proxy hot path in front, the Fastify app behind it). */
  server: Server;
  /** The gateway's own Fastify app (/api/health, /api/docs, /healthz, /readyz, /docs). */
  app: App;
  upstreams: Upstreams;
  /** Listens (defaults: PORT, HOST) and resolves to the base URL, e.g. `http://127.0.0.1:8080`; /metrics listens on METRICS_PORT of the same host. */
  listen(port?: number, host?: string): Promise<string>;
  /** Where Prometheus scrapes `/metrics` once listening, e.g. `http://127.0.0.1:9464/metrics`. */
  metricsUrl(): string;
  /** Stops accepting, lets in-flight requests finish (5 s at most), closes upstream pools. */
  close(): Promise<void>;
}

function baseUrlOf(server: Server): string {
  const address = server.address() as AddressInfo;
  return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
}

/** Listens and resolves to the base URL, naming the variable of a port already in use. */
function listenOn(server: Server, port: number, host: string, variable: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} is already in use on ${host}: stop what uses it or set ${variable}`) : error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(baseUrlOf(server));
    });
  });
}

function gatewayJwksUrl(config: GatewayConfig): string {
  if (config.JWKS_URL) return config.JWKS_URL;
  if (!config.IDENTITY_URLS) throw new Error('IDENTITY_URLS or JWKS_URL must be set: the gateway verifies tokens against identity\'s keys');
  return jwksUrlOf(config.IDENTITY_URLS);
}

/**
 * Builds the API gateway: route table, edge auth, rate limits, CORS and security headers, and a
 * proxy to each service's upstreams.
 * @example const gateway = await createGateway({ config: loadConfig(GatewayConfigSchema) }); await gateway.listen()
 */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { config } = options;
  const entries = options.routes ?? ROUTES;
  const metrics = createProxyMetrics();
  const app = await createService({
    name: 'gateway',
    description: 'The single public entry point: routing, token checks, rate limits, CORS, load balancing.',
    logLevel: options.logLevel,
    metricsRegistry: metrics.registry,
    // The gateway's own routes see the client as the proxy does: only TRUSTED_PROXIES may name it.
    trustProxy: compileTrustedProxies(config.TRUSTED_PROXIES) ?? false,
  });
  const upstreams = createUpstreams(config, app.log);
  const routes = createRouteMatcher(entries);
  const tokens = createTokenCache(options.verifier ?? createTokenVerifier({ jwksUrl: gatewayJwksUrl(config) }), config.TOKEN_CACHE_SIZE);
  const rateLimits =
    options.rateLimitStore ??
    (config.REDIS_URL ? createRedisRateLimitStore(config.REDIS_URL) : createMemoryRateLimitStore({ sweepMs: config.RATE_LIMIT_WINDOW_MS }));
  const edge = createEdgeHeaders({ corsOrigins: config.CORS_ORIGINS, hsts: config.HSTS });
  const probeTimeout = Math.min(config.UPSTREAM_TIMEOUT_MS, 3_000);

  registerHealthRoute(app, upstreams, probeTimeout);
  registerDocsRoutes(app, { upstreams, routes, timeoutMs: probeTimeout });
  await app.ready();

  const server = createServer(
    createProxy({
      config,
      routes,
      tokens,
      rateLimits,
      edge,
      upstreams,
      metrics,
      bodyLimit: config.BODY_LIMIT,
      log: app.log,
      fallback: (req, res) => app.routing(req, res),
    }),
  );

  const metricsServer = createMetricsServer(metrics.registry);

  return {
    server,
    app,
    upstreams,
    async listen(port = config.PORT, host = config.HOST) {
      const url = await listenOn(server, port, host, 'PORT');
      app.log.info({ url }, 'gateway listening');
      const metricsUrl = await listenOn(metricsServer, config.METRICS_PORT, host, 'METRICS_PORT');
      app.log.info({ url: `${metricsUrl}/metrics` }, 'gateway metrics listening');
      return url;
    },
    metricsUrl() {
      return `${baseUrlOf(metricsServer)}/metrics`;
    },
    async close() {
      if (metricsServer.listening) {
        const closed = new Promise<void>((resolve) => metricsServer.close(() => resolve()));
        metricsServer.closeAllConnections();
        await closed;
      }
      if (server.listening) {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), 5_000);
        await closed;
        clearTimeout(force);
      }
      await app.close();
      await upstreams.close();
      await rateLimits.close?.();
    },
  };
}
