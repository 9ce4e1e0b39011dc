import { randomBytes, randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyBaseLogger, type RawServerDefault, type RawRequestDefaultExpression, type RawReplyDefaultExpression } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import proxyAddr from '@fastify/proxy-addr';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Registry } from 'prom-client';
import { ProblemSchema } from '@storefleet/contracts';
import { ConfigError } from './config.js';
import { answerClientError, answerFrameworkError, installProblemHandlers } from './errors.js';
import { lazyChild, loggerOptions } from './logger.js';
import { installMetrics } from './metrics.js';
import { currentTraceparent } from './tracing.js';
import { createValidatorCompiler } from './validation.js';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    /** W3C trace context of this request, received or started here. */
    traceparent: string;
  }
}

export interface ServiceOptions {
  name: string;
  version?: string;
  description?: string;
  /** Readiness beyond "the process answers": database reachable and migrated, upstreams known. */
  ready?: () => Promise<boolean>;
  bodyLimit?: number;
  logLevel?: string;
  /**
   * Where request metrics are counted. By default a registry of the app's own, served at /metrics on
   * its port; given one, the caller serves it (the gateway's port is public: it serves on METRICS_PORT).
   */
  metricsRegistry?: Registry;
  /** Whose X-Forwarded-For names the client; by default the gateway's (one hop, from a private address). */
  trustProxy?: boolean | ((address: string, hop: number) => boolean);
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const privateNetwork = proxyAddr.compile(['loopback', 'linklocal', 'uniquelocal']);
/**
 * The client address is the gateway's X-Forwarded-For, and only that: one hop is trusted, and only
 * when the connection comes from a private address (the gateway). Anything a client wrote further
 * left in the header is ignored, so it cannot choose its own address (login throttling is per IP).
 */
const trustGatewayHop = (address: string, hop: number): boolean => hop === 0 && privateNetwork(address, hop);
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

// Random ids come from a pooled buffer: one call to the system's random source per 4 KiB, not two per request.
let randomPool = Buffer.alloc(0);
let randomOffset = 0;
function randomHex(bytes: number): string {
  if (randomOffset + bytes > randomPool.length) {
    randomPool = randomBytes(4096);
    randomOffset = 0;
  }
  randomOffset += bytes;
  return randomPool.toString('hex', randomOffset - bytes, randomOffset);
}

/** Continues the caller's trace with a new span id, or starts a trace. */
export function nextTraceparent(incoming: string | undefined): string {
  const match = incoming ? TRACEPARENT.exec(incoming) : null;
  return `00-${match?.[1] ?? randomHex(16)}-${randomHex(8)}-01`;
}

/** The trace context of each request, set when its logger is made (before any hook runs). */
const traceparents = new WeakMap<object, string>();

/**
 * Builds a Fastify app with what every Storefleet service has: request ids, JSON logs,
 * problem-details errors, /healthz, /readyz, /metrics and /docs (OpenAPI from route schemas).
 * @example const app = await createService({ name: 'catalog', ready: db.ready })
 */
export async function createService(options: ServiceOptions): Promise<App> {
  const app = Fastify({
    logger: loggerOptions(options.name, options.logLevel),
    requestIdHeader: 'x-request-id',
    logController: new LogController({ requestIdLogLabel: 'request_id', disableRequestLogging: process.env.LOG_REQUESTS === 'false' }),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // One child logger per request carries both its request id and its trace id.
    childLoggerFactory(logger, bindings, childOptions, raw) {
      const header = raw.headers.traceparent;
      // With OpenTelemetry on, the request's server span (already started by the HTTP instrumentation) is its trace.
      const traceparent = currentTraceparent() ?? nextTraceparent(typeof header === 'string' ? header : undefined);
      traceparents.set(raw, traceparent);
      return lazyChild(logger, { ...bindings, trace_id: traceparent.slice(3, 35) }, childOptions);
    },
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Errors raised before any route runs are problem details like every other error.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    trustProxy: options.trustProxy ?? trustGatewayHop,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('traceparent', '');
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.traceparent;
    request.traceparent = traceparents.get(request.raw) ?? nextTraceparent(typeof header === 'string' ? header : undefined);
    reply.header('x-request-id', request.id);
    // No cache may keep an answer unless its route says so (catalog's public reads, the JWKS): tokens,
    // profiles, carts, orders and payments must never be stored, and a new route is safe by default.
    reply.header('cache-control', 'no-store');
  });

  app.setValidatorCompiler(createValidatorCompiler());
  installProblemHandlers(app);
  // The API speaks JSON: any other body type is refused with 415 unless a route adds a parser (CSV import).
  app.removeContentTypeParser('text/plain');
  // Routes refer to errors as Type.Ref('Problem'); OpenAPI names shared schemas by their $id.
  app.addSchema(ProblemSchema);
  await app.register(swagger, {
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    openapi: {
      openapi: '3.1.0',
      info: { title: `Storefleet ${options.name}`, version: options.version ?? '0.1.0', description: options.description },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  installMetrics(app, options.name, options.metricsRegistry);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok', service: options.name }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const ready = options.ready ? await options.ready().catch(() => false) : true;
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', service: options.name });
  });
  return app;
}

/** The error for a port something else listens on, naming it (`what`: "the catalog port"). */
export function portInUse(what: string, port: number, host: string): Error {
  return new Error(`${what} ${port} is already in use on ${host}: stop what uses it or set another port`);
}

/** Listens, turning "address in use" into a message that names the port. */
export async function listen(app: FastifyInstance, port: number, host = '127.0.0.1', what = 'port'): Promise<string> {
  try {
    return await app.listen({ port, host });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw portInUse(what, port, host);
    throw error;
  }
}

/**
 * Stops cleanly on SIGTERM/SIGINT: runs `close` once, then exits; a second signal exits at once.
 * @example onShutdown(async () => { await app.close(); await db.close() })
 */
export function onShutdown(close: () => Promise<void>, log: Pick<FastifyBaseLogger, 'info' | 'error'> = console): void {
  let closing = false;
  const handler = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    log.info(`${signal} received, shutting down`);
    close().then(
      () => process.exit(0),
      (error) => {
        log.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
  // Started by another process with an IPC channel (embedded mode's gateway): stop when it goes away.
  if (process.connected) process.once('disconnect', () => handler('SIGTERM'));
}

/**
 * The body of every `main.ts`: runs `start`, and turns a bad configuration or a port in use into
 * one clear line on stderr and exit code 1 instead of a stack trace.
 * @example await runMain('catalog', async () => { ...; return { close } })
 */
export async function runMain(service: string, start: () => Promise<{ close(): Promise<void> }>): Promise<void> {
  try {
    const running = await start();
    onShutdown(() => running.close());
  } catch (error) {
    const message = error instanceof ConfigError || /already in use/.test((error as Error).message) ? (error as Error).message : (error as Error).stack;
    console.error(`${service} could not start: ${message}`);
    process.exit(1);
  }
}
