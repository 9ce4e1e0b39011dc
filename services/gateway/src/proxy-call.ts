import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { matchesEtag, type ErrorCode } from '@storefleet/kit';
import type { EdgeHeaders } from './edge-headers.js';
import type { Connection, PooledRequest } from './http1/connection.js';
import type { ProxyMetrics, RejectReason } from './metrics.js';
import { heldAnswer, keepableEtag, type HeldAnswer, type MicroCache } from './micro-cache.js';
import { sendProblem } from './problem.js';
import type { Access } from './routes-table.js';
import type { ServiceUpstreams, Upstream, Upstreams } from './upstreams.js';

/** What every call shares; built once by createProxy. */
export interface CallContext {
  upstreams: Upstreams;
  edge: EdgeHeaders;
  metrics: ProxyMetrics;
  /** The largest body of a route, unless it takes a CSV import (csvImportLimit). */
  bodyLimit: number;
  csvImportLimit: number;
  /** Public answers held for GATEWAY_MICROCACHE_MS, and the calls waiting for one being fetched. */
  microCache: MicroCache<ProxyCall>;
  log: Pick<FastifyBaseLogger, 'warn' | 'error'>;
}

/** Response headers the gateway sets itself or that are hop-by-hop, so an upstream's copy is dropped. */
const DROPPED_RESPONSE_HEADERS = new Set([
  'connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'te', 'trailer', 'upgrade',
  'x-request-id', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'strict-transport-security',
  'access-control-allow-origin', 'access-control-allow-credentials', 'access-control-expose-headers',
]);
const RETRIABLE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const TIMEOUTS = new Set(['UPSTREAM_HEADERS_TIMEOUT', 'UPSTREAM_BODY_TIMEOUT']);
const kCall = Symbol('proxyCall');

class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

/** Counts a streamed (chunked) request body and fails once it passes the limit. */
class BodyLimit extends Transform {
  private seen = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) done(new BodyTooLargeError(`the body is larger than ${this.limit} bytes`));
    else done(null, chunk);
  }
}

function onClientClose(this: ServerResponse & { [kCall]?: ProxyCall }): void {
  const call = this[kCall];
  if (call !== undefined && !call.settled && !this.writableFinished) call.cancel();
}

/**
 * One proxied request (one object per request): it goes to the next healthy upstream, its answer
 * streams straight into the client response, and a request without a body that fails before any
 * answer is retried on another upstream.
 */
export class ProxyCall implements PooledRequest {
  head = '';
  body: Readable | null = null;
  readonly noResponseBody: boolean;
  connection: Connection | null = null;
  upstream: Upstream | undefined = undefined;
  tried = 0;
  settled = false;
  /** Admission progress: the per-address hit is counted once even when admission goes async. */
  ipCounted = false;
  /**
   * Why the request's publishable key is refused, checked once its address is counted (so guessing
   * keys is rate-limited like anything else): the key is unknown or revoked, the channels are not
   * loaded yet, or the route needs a key and none was sent.
   */
  keyRefusal: 'unknown' | 'not_loaded' | 'missing' | undefined = undefined;
  /** The client's If-None-Match: passed upstream, except by a call filling the micro-cache (it needs the body). */
  ifNoneMatch: string | undefined = undefined;
  /** Set for an anonymous GET the micro-cache may answer (see createProxy): its key there. */
  cacheKey: string | undefined = undefined;
  /** This call asks upstream for the micro-cache's `cacheKey`; others may wait for its answer. */
  private filling = false;
  /** The answer being read into memory for the micro-cache instead of streamed. */
  private keeping: { status: number; headers: string[]; etag: string; chunks: Buffer[]; sentAt: number } | null = null;
  /** When the request last went upstream: a kept answer's age counts from here. */
  private sentAt = 0;
  private staleRetried = false;
  private resumeUpstream: (() => void) | null = null;

  constructor(
    readonly ctx: CallContext,
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    /** Who may call the route: a `token` route refuses a request without one. */
    readonly access: Access,
    readonly service: ServiceUpstreams,
    readonly method: string,
    readonly requestId: string,
    /** An allowed CORS origin, or undefined. */
    readonly corsOrigin: string | undefined,
    /** The upstream path with its query. */
    readonly path: string,
    /** Header lines for the upstream, each ending in CRLF, without Host. */
    readonly headerLines: string,
    /** Bytes declared by Content-Length, -1 when chunked, 0 when no body. */
    readonly bodyLength: number,
    /** The largest body this route takes. */
    readonly bodyLimit: number,
    readonly authorization: string | undefined,
    /** The client's per-address rate-limit key. */
    readonly ipKey: string,
  ) {
    this.noResponseBody = method === 'HEAD';
  }

  /** Answers from the micro-cache, waits for its fill, or sends the request to the next healthy upstream. */
  start(now: number): void {
    const key = this.cacheKey;
    if (key !== undefined) {
      const held = this.ctx.microCache.lookup(key, now);
      if (held !== undefined) {
        this.ctx.metrics.microCache('hit');
        return this.answer(held);
      }
      if (!this.ctx.microCache.join(key, this)) {
        this.ctx.metrics.microCache('wait');
        return;
      }
      this.ctx.metrics.microCache('fill');
      this.filling = true;
    }
    this.send(now);
  }

  private send(now: number): void {
    if (this.bodyLength > 0) this.body = this.req;
    else if (this.bodyLength < 0) this.body = this.req.pipe(new BodyLimit(this.bodyLimit));
    (this.res as ServerResponse & { [kCall]?: ProxyCall })[kCall] = this;
    this.res.on('close', onClientClose);
    this.dispatch(now, undefined);
  }

  /** Writes a held answer with this request's own headers, or 304 when the client holds it. */
  private answer(held: HeldAnswer): void {
    this.settled = true;
    if (this.res.destroyed) return;
    const notModified = matchesEtag(this.ifNoneMatch, held.etag);
    const headers = notModified ? held.notModifiedHeaders.slice() : held.headers.slice();
    this.addOwnHeaders(headers);
    this.res.writeHead(notModified ? 304 : held.status, headers);
    this.res.end(notModified ? undefined : held.body);
  }

  /**
   * Ends this call's fill of the micro-cache: the waiting calls get `held`, or without it (the answer
   * was not one to keep, or failed) each asks upstream itself.
   */
  private endFill(held: HeldAnswer | undefined): void {
    if (!this.filling) return;
    this.filling = false;
    const now = Date.now();
    for (const waiter of this.ctx.microCache.settle(this.cacheKey!, held)) {
      if (held !== undefined) waiter.answer(held);
      else {
        waiter.cacheKey = undefined;
        waiter.send(now);
      }
    }
  }

  private dispatch(now: number, lastError: string | undefined): void {
    const upstream = this.ctx.upstreams.pick(this.service, now, this.tried);
    if (upstream === undefined) {
      const name = this.service.name;
      if (this.service.upstreams.length === 0) return this.fail('unavailable', `The service ${name} is not configured`, 'unavailable');
      if (lastError === undefined) return this.fail('unavailable', `The ${name} service is unavailable (all upstreams are down)`, 'unavailable');
      if (TIMEOUTS.has(lastError)) return this.fail('timeout', `The ${name} service did not answer in time`, 'timeout');
      return this.fail('bad_gateway', `The ${name} service could not be reached`, 'bad_gateway');
    }
    this.upstream = upstream;
    this.tried |= 1 << upstream.index;
    this.keeping = null;
    this.sentAt = now;
    const conditional = this.ifNoneMatch === undefined || this.filling ? '' : `if-none-match: ${this.ifNoneMatch}\r\n`;
    this.head = `${this.method} ${this.path} HTTP/1.1\r\n${upstream.hostLine}${this.headerLines}${conditional}\r\n`;
    upstream.pool.dispatch(this, now);
  }

  /** Answers an error problem with the gateway's headers. */
  fail(code: ErrorCode, detail: string, reason: RejectReason, extra?: Record<string, string>): void {
    this.settled = true;
    this.ctx.metrics.rejected(reason);
    const headers = { ...this.ctx.edge.own(), ...extra };
    if (this.corsOrigin !== undefined) Object.assign(headers, pairs(this.ctx.edge.cors(this.corsOrigin)));
    // A request body the gateway stopped reading leaves the connection unusable.
    if (this.bodyLength !== 0 && !this.req.complete) headers.connection = 'close';
    sendProblem(this.res, code, detail, this.requestId, headers);
    this.endFill(undefined);
  }

  /** The client went away: stop the upstream call without blaming the upstream. */
  cancel(): void {
    this.settled = true;
    if (this.connection !== null) this.connection.abort();
    else this.upstream?.pool.withdraw(this);
    this.endFill(undefined);
  }

  onHeaders(statusCode: number, upstreamHeaders: string[]): void {
    this.ctx.upstreams.succeeded(this.upstream!);
    this.ctx.metrics.proxied(this.service.name, statusCode);
    const headers: string[] = [];
    for (let i = 0; i < upstreamHeaders.length; i += 2) {
      const name = upstreamHeaders[i]!;
      if (!DROPPED_RESPONSE_HEADERS.has(name.toLowerCase())) headers.push(name, upstreamHeaders[i + 1]!);
    }
    if (this.filling) {
      const etag = keepableEtag(statusCode, headers, this.ctx.microCache.maxBodyBytes);
      if (etag !== undefined) {
        this.keeping = { status: statusCode, headers, etag, chunks: [], sentAt: this.sentAt };
        return;
      }
      this.endFill(undefined);
    }
    this.addOwnHeaders(headers);
    this.res.writeHead(statusCode, headers);
  }

  /** The gateway's headers on an answer: request id, security headers, CORS for an allowed origin. */
  private addOwnHeaders(headers: string[]): void {
    headers.push('x-request-id', this.requestId);
    const security = this.ctx.edge.security;
    for (let i = 0; i < security.length; i++) headers.push(security[i]!);
    if (this.corsOrigin !== undefined) {
      const cors = this.ctx.edge.cors(this.corsOrigin);
      for (let i = 0; i < cors.length; i++) headers.push(cors[i]!);
    }
  }

  onData(chunk: Buffer): boolean {
    if (this.keeping !== null) {
      this.keeping.chunks.push(chunk);
      return true;
    }
    if (this.res.write(chunk)) return true;
    this.resumeUpstream ??= () => this.connection?.resume();
    this.res.once('drain', this.resumeUpstream);
    return false;
  }

  onComplete(): void {
    const kept = this.keeping;
    if (kept !== null) {
      this.keeping = null;
      const held = heldAnswer(kept.status, kept.headers, Buffer.concat(kept.chunks), kept.etag, kept.sentAt + this.ctx.microCache.ttlMs);
      this.endFill(held);
      return this.answer(held);
    }
    this.settled = true;
    this.res.end();
    // The upstream answered before reading the whole body: discard the rest from the client.
    if (this.body !== null && !this.req.complete) {
      this.req.unpipe();
      this.req.resume();
    }
  }

  onError(error: Error & { code?: string }): void {
    if (this.settled) return;
    if (error instanceof BodyTooLargeError) {
      return this.fail('payload_too_large', `The body is larger than ${this.bodyLimit} bytes`, 'payload_too_large', { connection: 'close' });
    }
    const code = error.code ?? error.name;
    const upstream = this.upstream!;
    const now = Date.now();
    if (code === 'UPSTREAM_STALE_CONNECTION' && !this.staleRetried && this.body === null && RETRIABLE_METHODS.has(this.method)) {
      this.staleRetried = true;
      this.tried &= ~(1 << upstream.index);
      return this.dispatch(now, code);
    }
    this.ctx.metrics.upstreamError(this.service.name, upstream.url, code);
    this.ctx.upstreams.failed(upstream, now, code);
    if (this.res.headersSent) {
      // Mid-stream: cut the client connection so it sees a broken response, not a short one.
      this.settled = true;
      this.ctx.log.warn({ upstream: upstream.url, code, request_id: this.requestId }, 'upstream failed mid-response');
      this.res.destroy();
      return;
    }
    if (this.body === null && RETRIABLE_METHODS.has(this.method)) return this.dispatch(now, code);
    this.tried = ~0;
    this.dispatch(now, code);
  }
}

function pairs(flat: string[]): Record<string, string> {
  const object: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) object[flat[i]!] = flat[i + 1]!;
  return object;
}
