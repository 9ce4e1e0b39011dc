import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import { AppError } from './errors.js';
import { createCircuitBreaker, type CircuitBreaker } from './circuit-breaker.js';

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
    if (call.context.traceparent) headers.traceparent = call.context.traceparent;
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
 * Calls one upstream service over HTTP: a timeout on every call, round robin over its URLs,
 * a circuit breaker per URL, bounded retries with backoff for idempotent calls, and the
 * request id and `traceparent` propagated.
 * @example const catalog = createHttpClient({ name: 'catalog', urls: config.CATALOG_URLS })
 */
export function createHttpClient(options: { name: string; urls: string[]; timeoutMs?: number; retries?: number; breaker?: { threshold?: number; resetMs?: number } }): HttpClient {
  if (!options.urls.length) throw new Error(`no URL configured for ${options.name}`);
  // Each phase has its deadline: connecting, waiting for the headers, and between body chunks.
  const dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 128, connectTimeout: options.timeoutMs ?? 5_000 });
  const upstreams: { url: string; breaker: CircuitBreaker }[] = options.urls.map((url) => ({
    url: url.replace(/\/$/, ''),
    breaker: createCircuitBreaker(options.breaker),
  }));
  const retries = options.retries ?? 2;
  let next = 0;

  function pick(): { url: string; breaker: CircuitBreaker } | undefined {
    for (let i = 0; i < upstreams.length; i++) {
      const upstream = upstreams[(next + i) % upstreams.length]!;
      if (upstream.breaker.allows()) {
        next = (next + i + 1) % upstreams.length;
        return upstream;
      }
    }
    return undefined;
  }

  async function once<T>(call: CallOptions, upstream: { url: string; breaker: CircuitBreaker }): Promise<CallResult<T>> {
    const timeoutMs = call.timeoutMs ?? options.timeoutMs ?? 5_000;
    const response = await undiciRequest(upstream.url + call.path, {
      method: call.method ?? 'GET',
      headers: requestHeaders(call),
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    return result<T>(response.statusCode, response.headers, await response.body.text());
  }

  return {
    async call<T>(call: CallOptions) {
      const retriable = IDEMPOTENT.has(call.method ?? 'GET') || Boolean(call.idempotencyKey);
      let lastError: unknown;
      for (let attempt = 0; attempt <= (retriable ? retries : 0); attempt++) {
        if (attempt > 0) await sleep(50 * 2 ** (attempt - 1) + Math.random() * 25);
        const upstream = pick();
        if (!upstream) throw new AppError('unavailable', `The ${options.name} service is unavailable (circuit open)`);
        try {
          const result = await once<T>(call, upstream);
          if (RETRYABLE_STATUS.has(result.status)) {
            upstream.breaker.failure();
            lastError = new AppError('unavailable', `The ${options.name} service answered ${result.status}`);
            if (retriable) continue;
            return result;
          }
          upstream.breaker.success();
          return result;
        } catch (error) {
          upstream.breaker.failure();
          const name = (error as Error).name;
          lastError = name === 'ConnectTimeoutError' || name === 'HeadersTimeoutError' || name === 'BodyTimeoutError'
            ? new AppError('unavailable', `The ${options.name} service did not answer in time`, { cause: error })
            : new AppError('unavailable', `The ${options.name} service is unavailable`, { cause: error });
        }
      }
      throw lastError;
    },
    close: () => dispatcher.close(),
  };
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
 * the same routes, hooks, validation and answers as over HTTP. `app()` gives the running app, or
 * undefined while the service is stopped, which is `unavailable` as a refused connection would be;
 * so is a call still unanswered after its timeout.
 * @example const payments = createInProcessClient({ name: 'payments', app: () => running.get('payments') })
 */
export function createInProcessClient(options: { name: string; app: () => InjectTarget | undefined; timeoutMs?: number }): HttpClient {
  return {
    async call<T>(call: CallOptions) {
      const app = options.app();
      if (!app) throw new AppError('unavailable', `The ${options.name} service is unavailable`);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new AppError('unavailable', `The ${options.name} service did not answer in time`)),
          call.timeoutMs ?? options.timeoutMs ?? 5_000,
        );
      });
      try {
        const response = await Promise.race([
          app.inject({ method: call.method ?? 'GET', url: call.path, headers: requestHeaders(call), payload: call.body === undefined ? undefined : JSON.stringify(call.body) }),
          timeout,
        ]);
        const headers = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, typeof value === 'number' ? String(value) : value]));
        return result<T>(response.statusCode, headers, response.body);
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError('unavailable', `The ${options.name} service is unavailable`, { cause: error });
      } finally {
        clearTimeout(timer);
      }
    },
    close: async () => undefined,
  };
}
