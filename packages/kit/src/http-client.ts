import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import { AppError } from './errors.js';
import { createCircuitBreaker } from './circuit-breaker.js';
import { tracingEnabled } from './tracing.js';

export interface CallOptions {
  method?: Dispatcher.HttpMethod;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Makes a state-changing call safe to retry; sent as `Idempotency-Key`. */
  idempotencyKey?: string;
  /** The incoming request whose id and trace the call carries on. */
  context?: { id: string; traceparent?: string; headers?: { authorization?: string } };
  /** Forward the caller's Authorization header. */
  forwardAuth?: boolean;
  timeoutMs?: number;
}

export interface CallResult<T> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

export interface HttpClient {
  call<T = unknown>(options: CallOptions): Promise<CallResult<T>>;
  close(): Promise<void>;
}

/** The headers of a call: JSON, its idempotency key, and the request id and trace it continues. */
function requestHeaders(call: CallOptions): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  if (call.idempotencyKey) headers['idempotency-key'] = call.idempotencyKey;
  if (call.context) {
    headers['x-request-id'] = call.context.id;
    // With OpenTelemetry on, its HTTP client instrumentation sends the call's own span as traceparent.
    if (call.context.traceparent && !tracingEnabled()) headers.traceparent = call.context.traceparent;
    if (call.forwardAuth && call.context.headers?.authorization) headers.authorization = call.context.headers.authorization;
  }
  return headers;
}

function result<T>(status: number, headers: CallResult<T>['headers'], text: string): CallResult<T> {
  let body: unknown = text;
  if (text && String(headers['content-type'] ?? '').includes('json')) body = JSON.parse(text);
  return { status, headers, body: body as T };
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const RETRYABLE_STATUS = new Set([502, 503, 504]);

/**
 * Sends one call to one upstream and gives its answer, whatever the status; it throws when there is
 * no answer (refused, stopped, or nothing within `timeoutMs`), best as `AppError('unavailable')`.
 */
export type Transport = <T>(call: CallOptions, timeoutMs: number) => Promise<CallResult<T>>;

/** How calls to one service fail: the same over HTTP and in-process, so embedded mode fails as distributed mode does. */
export interface CallPolicy {
  /** Deadline of one attempt (default 5000 ms); a call may override it. */
  timeoutMs?: number;
  /** Extra attempts of an idempotent call (or one with an idempotency key) after a failure (default 2). */
  retries?: number;
  /** Per upstream: opens after `threshold` failures in a row (default 5) for `resetMs` (default 10 s). */
  breaker?: { threshold?: number; resetMs?: number; now?: () => number };
}

/**
 * The call policy over any transport: round robin over the upstreams, a circuit breaker per upstream,
 * a deadline per attempt, and bounded retries with backoff for calls that are safe to repeat. A
 * 502/503/504 answer counts as a failure like no answer at all.
 */
function createPolicyClient(name: string, transports: Transport[], policy: CallPolicy, close: () => Promise<void>): HttpClient {
  const upstreams = transports.map((send) => ({ send, breaker: createCircuitBreaker(policy.breaker) }));
  const retries = policy.retries ?? 2;
  let next = 0;

  function pick(): (typeof upstreams)[number] | undefined {
    for (let i = 0; i < upstreams.length; i++) {
      const upstream = upstreams[(next + i) % upstreams.length]!;
      if (upstream.breaker.allows()) {
        next = (next + i + 1) % upstreams.length;
        return upstream;
      }
    }
    return undefined;
  }

  return {
    async call<T>(call: CallOptions) {
      const retriable = IDEMPOTENT.has(call.method ?? 'GET') || Boolean(call.idempotencyKey);
      const timeoutMs = call.timeoutMs ?? policy.timeoutMs ?? 5_000;
      let lastError: unknown;
      for (let attempt = 0; attempt <= (retriable ? retries : 0); attempt++) {
        if (attempt > 0) await sleep(50 * 2 ** (attempt - 1) + Math.random() * 25);
        const upstream = pick();
        if (!upstream) throw new AppError('unavailable', `The ${name} service is unavailable (circuit open)`);
        try {
          const result = await upstream.send<T>(call, timeoutMs);
          if (RETRYABLE_STATUS.has(result.status)) {
            upstream.breaker.failure();
            lastError = new AppError('unavailable', `The ${name} service answered ${result.status}`);
            if (retriable) continue;
            return result;
          }
          upstream.breaker.success();
          return result;
        } catch (error) {
          upstream.breaker.failure();
          lastError = error instanceof AppError ? error : new AppError('unavailable', `The ${name} service is unavailable`, { cause: error });
        }
      }
      throw lastError;
    },
    close,
  };
}

/**
 * Calls one upstream service over HTTP, with the call policy (timeouts, breaker per URL, retries)
 * and the request id and `traceparent` propagated.
 * @example const catalog = createHttpClient({ name: 'catalog', urls: config.CATALOG_URLS })
 */
export function createHttpClient(options: { name: string; urls: string[] } & CallPolicy): HttpClient {
  if (!options.urls.length) throw new Error(`no URL configured for ${options.name}`);
  // Each phase has its deadline: connecting, waiting for the headers, and between body chunks.
  const dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 128, connectTimeout: options.timeoutMs ?? 5_000 });
  const transports = options.urls.map((url): Transport => {
    const base = url.replace(/\/$/, '');
    return async <T>(call: CallOptions, timeoutMs: number) => {
      try {
        const response = await undiciRequest(base + call.path, {
          method: call.method ?? 'GET',
          headers: requestHeaders(call),
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          dispatcher,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        return result<T>(response.statusCode, response.headers, await response.body.text());
      } catch (error) {
        const late = ['ConnectTimeoutError', 'HeadersTimeoutError', 'BodyTimeoutError'].includes((error as Error).name);
        throw new AppError('unavailable', late ? `The ${options.name} service did not answer in time` : `The ${options.name} service is unavailable`, { cause: error });
      }
    };
  });
  return createPolicyClient(options.name, transports, options, () => dispatcher.close());
}

/** Parses a comma-separated URL list (`http://a:4002,http://b:4002`). */
export function parseUrls(value: string): string[] {
  return value.split(',').map((u) => u.trim()).filter(Boolean);
}

/** What an in-process client calls: a service's Fastify app. */
export interface InjectTarget {
  inject(request: { method: Dispatcher.HttpMethod; url: string; headers: Record<string, string>; payload?: string }): Promise<{
    statusCode: number;
    headers: Record<string, string | string[] | number | undefined>;
    body: string;
  }>;
}

/**
 * Calls a service that runs in this same process (embedded mode) through its app, without a socket:
 * the same routes, hooks, validation and answers as over HTTP, and the same call policy (timeouts,
 * breaker, retries) as `createHttpClient`. `app()` gives the running app, or undefined while the
 * service is stopped, which fails as a refused connection would; so does a call unanswered in time.
 * @example const payments = createInProcessClient({ name: 'payments', app: () => running.get('payments') })
 */
export function createInProcessClient(options: { name: string; app: () => InjectTarget | undefined } & CallPolicy): HttpClient {
  const transport: Transport = async <T>(call: CallOptions, timeoutMs: number) => {
    const app = options.app();
    if (!app) throw new AppError('unavailable', `The ${options.name} service is unavailable`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AppError('unavailable', `The ${options.name} service did not answer in time`)), timeoutMs);
    });
    try {
      const response = await Promise.race([
        app.inject({ method: call.method ?? 'GET', url: call.path, headers: requestHeaders(call), payload: call.body === undefined ? undefined : JSON.stringify(call.body) }),
        timeout,
      ]);
      const headers = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, typeof value === 'number' ? String(value) : value]));
      return result<T>(response.statusCode, headers, response.body);
    } finally {
      clearTimeout(timer);
    }
  };
  return createPolicyClient(options.name, [transport], options, async () => undefined);
}
