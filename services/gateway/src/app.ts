import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  answerClientError, applyRevocationEvent, createRedisBus, createService, createSessionRevocations, createTokenVerifier, followSessionRevocations,
  jwksUrlOf, revocationsFromIdentity, type App, type EventEnvelope, type SessionRevocations, type TokenVerifier,
} from '@storefleet/kit';
import { DEFAULT_ADMIN_DIST, registerAdminPanel } from './admin-panel.js';
import { CHANNEL_EVENT_TYPES } from '@storefleet/contracts';
import { channelsFromIdentity, createChannelDirectory, type ChannelDirectory } from './channel-directory.js';
import { serviceUrls, type GatewayConfig } from './config.js';
import { registerDeadLetterRoutes } from './dead-letters.js';
import { registerDocsRoutes } from './docs.js';
import { createEdgeHeaders } from './edge-headers.js';
import { registerHealthRoute } from './health.js';
import { createMetricsServer, createProxyMetrics } from './metrics.js';
import { createMicroCache } from './micro-cache.js';
import { compileTrustedProxies, createProxy } from './proxy.js';
import { createMemoryRateLimitStore, type RateLimitStore } from './rate-limit.js';
import { createRedisRateLimitStore } from './rate-limit-redis.js';
import { ROUTES, createRouteMatcher, type RouteEntry } from './routes-table.js';
import { createTokenCache } from './token-cache.js';
import { createUpstreams, type Upstreams } from './upstreams.js';

export { GatewayConfigSchema, type GatewayConfig } from './config.js';
export { ROUTES, type Access, type RouteEntry } from './routes-table.js';
export { createMemoryRateLimitStore, type RateLimitStore } from './rate-limit.js';
export { channelsFromIdentity, createChannelDirectory, type ChannelDirectory } from './channel-directory.js';

export interface GatewayOptions {
  config: GatewayConfig;
  /**
   * Verifies access tokens; by default against JWKS_URL or the first identity URL's JWKS, with a
   * revocation list kept up to date (see followIdentity).
   */
  verifier?: TokenVerifier;
  /** The users' session revocations checked on every request, cached tokens included; kept up to date only with the default verifier. */
  revocations?: SessionRevocations;
  /**
   * The channels, to resolve `X-API-Key` and allow their origins; by default loaded from identity's
   * `/internal/channels` and reloaded on each channel.* event (see followIdentity).
   */
  channels?: ChannelDirectory;
  /** Where rate-limit counters live; by default in memory. */
  rateLimitStore?: RateLimitStore;
  /** The route table; by default ROUTES. */
  routes?: RouteEntry[];
  logLevel?: string;
}

export interface Gateway {
  /** The public HTTP server (proxy hot path in front, the Fastify app behind it). */
  server: Server;
  /** The gateway's own Fastify app (/api/health, /api/docs, /healthz, /readyz, /docs, the admin panel at /admin). */
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

const isChannelEvent = (type: unknown) => (CHANNEL_EVENT_TYPES as readonly unknown[]).includes(type);

/**
 * Keeps what the gateway learns from identity up to date: the revocation list (the revocations made
 * before this start, then each `user.sessions_revoked` event) and the channel directory (reloaded on
 * each channel.* event). Events come from Redis Streams (REDIS_URL, a broadcast read, since every
 * gateway replica needs every event) and, in embedded mode, relayed by the process that started this
 * one over its IPC channel (its services' bus is in-process). Returns the stop.
 */
function followIdentity(
  config: GatewayConfig,
  follow: { revocations?: SessionRevocations; channels?: ChannelDirectory },
  log: App['log'],
): () => Promise<void> {
  const { revocations, channels } = follow;
  const bus = config.REDIS_URL && (revocations || channels) ? createRedisBus({ url: config.REDIS_URL, log }) : undefined;
  const identityUrls = serviceUrls(config, 'identity');
  if (revocations && !identityUrls.length) log.warn({}, 'IDENTITY_URLS is not set: tokens revoked before this start are accepted until they expire');
  const stopRevocations = revocations && followSessionRevocations({
    revocations,
    bus,
    load: identityUrls.length ? revocationsFromIdentity(identityUrls) : undefined,
    log,
  });
  const stopChannels = channels && bus?.broadcast([...CHANNEL_EVENT_TYPES], async () => channels.refresh());
  const relayed = (message: unknown) => {
    if (typeof message !== 'object' || message === null) return;
    const event = message as EventEnvelope;
    if (revocations) applyRevocationEvent(revocations, event);
    if (channels && isChannelEvent(event.type)) channels.refresh();
  };
  if (process.connected) process.on('message', relayed);
  return async () => {
    process.off('message', relayed);
    stopRevocations?.();
    stopChannels?.();
    channels?.stop();
    await bus?.close();
  };
}

/** Identity's channels, or none when IDENTITY_URLS is not set (every key is then refused). */
function defaultChannels(config: GatewayConfig, log: App['log']): ChannelDirectory {
  const identityUrls = serviceUrls(config, 'identity');
  if (!identityUrls.length) log.warn({}, 'IDENTITY_URLS is not set: no channel is known, every X-API-Key is refused');
  return createChannelDirectory({ load: identityUrls.length ? channelsFromIdentity(identityUrls) : async () => ({ items: [] }), log });
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
  const revocations = options.revocations ?? createSessionRevocations();
  const verifier = options.verifier ?? createTokenVerifier({ jwksUrl: gatewayJwksUrl(config), revocations });
  const channels = options.channels ?? defaultChannels(config, app.log);
  const stopFollowing = followIdentity(config, { revocations: options.verifier ? undefined : revocations, channels: options.channels ? undefined : channels }, app.log);
  const tokens = createTokenCache(verifier, config.TOKEN_CACHE_SIZE, revocations);
  const rateLimits =
    options.rateLimitStore ??
    (config.REDIS_URL ? createRedisRateLimitStore(config.REDIS_URL) : createMemoryRateLimitStore({ sweepMs: config.RATE_LIMIT_WINDOW_MS }));
  const edge = createEdgeHeaders({ corsOrigins: config.CORS_ORIGINS, hsts: config.HSTS, channelOrigin: channels.hasOrigin });
  const probeTimeout = Math.min(config.UPSTREAM_TIMEOUT_MS, 3_000);

  registerHealthRoute(app, upstreams, probeTimeout);
  registerDeadLetterRoutes(app, upstreams, config.UPSTREAM_TIMEOUT_MS);
  registerDocsRoutes(app, { upstreams, routes, timeoutMs: probeTimeout });
  await registerAdminPanel(app, { root: config.ADMIN_DIST ?? DEFAULT_ADMIN_DIST, required: config.ADMIN_DIST !== undefined });
  await app.ready();

  const server = createServer(
    createProxy({
      config,
      routes,
      tokens,
      channels,
      requireStorefrontKey: config.REQUIRE_STOREFRONT_KEY,
      rateLimits,
      edge,
      upstreams,
      metrics,
      bodyLimit: config.BODY_LIMIT,
      csvImportLimit: config.CSV_IMPORT_MAX_BYTES,
      microCache: createMicroCache({ ttlMs: config.GATEWAY_MICROCACHE_MS, maxBytes: config.GATEWAY_MICROCACHE_BYTES }),
      log: app.log,
      fallback: (req, res) => app.routing(req, res),
    }),
  );
  // Requests Node's parser refuses (malformed, heads over 16 KB) are answered as problem details too.
  server.on('clientError', answerClientError);

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
      await stopFollowing();
      await upstreams.close();
      await rateLimits.close?.();
    },
  };
}
