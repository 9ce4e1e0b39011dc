import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import proxyAddr from '@fastify/proxy-addr';
import { AppError, ConfigError, currentTraceparent, parseUrls } from '@storefleet/kit';
import { DEFAULT_CHANNEL } from '@storefleet/contracts';
import type { ChannelDirectory } from './channel-directory.js';
import { ADMIN_CSP, DOCS_CSP, STRICT_CSP } from './edge-headers.js';
import type { GatewayConfig } from './config.js';
import { microCacheKey } from './micro-cache.js';
import { ProxyCall, type CallContext } from './proxy-call.js';
import { isSyncStore, rateLimitHeaders, type RateLimitStore } from './rate-limit.js';
import { sendProblem } from './problem.js';
import type { RouteMatcher } from './routes-table.js';
import type { TokenCache } from './token-cache.js';

export interface ProxyOptions extends CallContext {
  config: Pick<GatewayConfig, 'RATE_LIMIT_PER_IP' | 'RATE_LIMIT_PER_USER' | 'RATE_LIMIT_WINDOW_MS' | 'TRUSTED_PROXIES'>;
  routes: RouteMatcher;
  tokens: TokenCache;
  /** Resolves X-API-Key to the channel stamped on the upstream request as X-Channel. */
  channels: Pick<ChannelDirectory, 'resolve'>;
  /** REQUIRE_STOREFRONT_KEY: storefront routes without a token need a publishable key. */
  requireStorefrontKey?: boolean;
  rateLimits: RateLimitStore;
  /** Everything the route table does not proxy: the gateway's own Fastify routes. */
  fallback(req: IncomingMessage, res: ServerResponse): void;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
// What the scan of the client's headers does with each one.
const PASS = 0, DROP = 1, AUTHORIZATION = 2, ORIGIN = 3, REQUEST_ID_HEADER = 4, CONTENT_LENGTH = 5, CHUNKED = 6, HOST = 7, API_KEY = 8, TRACEPARENT = 9, IF_NONE_MATCH = 10;
const REQUEST_HEADERS = new Map<string, number>([
  ['connection', DROP], ['keep-alive', DROP], ['proxy-connection', DROP], ['te', DROP], ['trailer', DROP], ['upgrade', DROP],
  ['expect', DROP], ['x-forwarded-proto', DROP], ['x-forwarded-host', DROP], ['forwarded', DROP],
  ['authorization', AUTHORIZATION], ['origin', ORIGIN], ['x-request-id', REQUEST_ID_HEADER], ['content-length', CONTENT_LENGTH],
  ['transfer-encoding', CHUNKED], ['x-forwarded-for', DROP], ['host', HOST], ['traceparent', TRACEPARENT],
  // The channel is the gateway's to say, from the key: a client's own X-Channel is never passed on.
  ['x-api-key', API_KEY], ['x-channel', DROP],
  // Added by the call itself: one filling the micro-cache asks without it, to get the body.
  ['if-none-match', IF_NONE_MATCH],
]);

interface Peer {
  address: string;
  rateKey: string;
  /** The connection comes from a proxy in TRUSTED_PROXIES: each request names its client in X-Forwarded-For. */
  proxy: boolean;
}
const kPeer = Symbol('peer');
type PeerSocket = Socket & { [kPeer]?: Peer };

/** TRUSTED_PROXIES as a test of an address, or undefined when no proxy is trusted. */
export function compileTrustedProxies(value: string): ((address: string, hop: number) => boolean) | undefined {
  const proxies = parseUrls(value);
  if (proxies.length === 0) return undefined;
  try {
    return proxyAddr.compile(proxies);
  } catch (error) {
    throw new ConfigError(`TRUSTED_PROXIES=${JSON.stringify(value)} is invalid: ${(error as Error).message} (expected addresses, CIDR ranges, loopback, linklocal or uniquelocal)`);
  }
}

/**
 * The gateway's request listener. Proxied routes run a synchronous hot path (route lookup, per-IP
 * counter, cached token, per-user counter, `pool.dispatch`); a token not yet verified or an async
 * rate-limit store takes the promise path. Anything else goes to the Fastify app.
 */
export function createProxy(options: ProxyOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { routes, tokens, channels, rateLimits, edge, upstreams, config, bodyLimit, csvImportLimit } = options;
  const syncStore = isSyncStore(rateLimits) ? rateLimits : undefined;
  const windowMs = config.RATE_LIMIT_WINDOW_MS;
  const perIp = config.RATE_LIMIT_PER_IP;
  const perUser = config.RATE_LIMIT_PER_USER;
  const trustedProxy = compileTrustedProxies(config.TRUSTED_PROXIES);

  /** The connection's address and its rate-limit key, worked out once per connection. */
  function peerOf(socket: PeerSocket): Peer {
    let peer = socket[kPeer];
    if (peer === undefined) {
      const address = socket.remoteAddress ?? 'unknown';
      peer = socket[kPeer] = { address, rateKey: `ip:${address}`, proxy: trustedProxy !== undefined && trustedProxy(address, 0) };
    }
    return peer;
  }

  /**
   * The client of a request: the connection's address, unless it is a trusted proxy, whose
   * X-Forwarded-For is then read from the right for as long as its entries are trusted proxies too.
   * A client's own X-Forwarded-For is never believed.
   */
  function clientOf(req: IncomingMessage): { address: string; rateKey: string } {
    const peer = peerOf(req.socket);
    if (!peer.proxy) return peer;
    const address = proxyAddr(req, trustedProxy!);
    return { address, rateKey: `ip:${address}` };
  }

  function rateLimited(call: ProxyCall, which: 'ip' | 'user', limit: number, resetMs: number): false {
    const detail = which === 'ip' ? `Too many requests from this address: at most ${limit} per ${windowMs} ms` : `Too many requests for this account: at most ${limit} per ${windowMs} ms`;
    call.fail('rate_limited', detail, which === 'ip' ? 'rate_limited_ip' : 'rate_limited_user', rateLimitHeaders(limit, windowMs, resetMs));
    return false;
  }

  function unauthorized(call: ProxyCall, error: unknown): false {
    const appError = error instanceof AppError ? error : new AppError('unauthorized', 'The access token is invalid');
    if (appError.code === 'unavailable') call.fail('unavailable', appError.message, 'unavailable');
    else call.fail('unauthorized', appError.message, 'unauthorized', { 'www-authenticate': 'Bearer' });
    return false;
  }

  const isPublic = (call: ProxyCall) => call.access !== 'token';

  function keyRefused(call: ProxyCall): false {
    if (call.keyRefusal === 'not_loaded') call.fail('unavailable', 'The channels are not loaded yet; retry in a moment', 'unavailable', { 'retry-after': '1' });
    else if (call.keyRefusal === 'missing') call.fail('unauthorized', 'This storefront route needs a publishable key (X-API-Key)', 'unauthorized');
    else call.fail('unauthorized', 'The API key (X-API-Key) is unknown or was revoked', 'unauthorized');
    return false;
  }

  /** true: admitted; false: answered; undefined: needs the promise path (progress is kept on the call). */
  function admitNow(call: ProxyCall, now: number): boolean | undefined {
    if (syncStore === undefined) return undefined;
    const ip = syncStore.hitNow(call.ipKey, windowMs, now);
    call.ipCounted = true;
    if (ip.count > perIp) return rateLimited(call, 'ip', perIp, ip.resetAt - now);
    if (call.bodyLength > call.bodyLimit) return tooLarge(call);
    if (call.keyRefusal !== undefined) return keyRefused(call);
    if (call.authorization === undefined) return isPublic(call) || unauthorized(call, new AppError('unauthorized', 'This endpoint needs a bearer access token'));
    const token = tokens.lookup(call.authorization, now);
    if (token === undefined) return undefined;
    const user = syncStore.hitNow(token.rateKey, windowMs, now);
    if (user.count > perUser) return rateLimited(call, 'user', perUser, user.resetAt - now);
    return true;
  }

  /** A failing store (say, Redis unreachable) lets requests through rather than refusing everyone. */
  async function count(key: string): Promise<{ count: number; resetMs: number }> {
    try {
      return await rateLimits.hit(key, windowMs);
    } catch (error) {
      options.log.warn({ err: error }, 'the rate-limit store failed; the request is let through');
      return { count: 0, resetMs: 0 };
    }
  }

  async function admit(call: ProxyCall): Promise<boolean> {
    if (!call.ipCounted) {
      const ip = await count(call.ipKey);
      if (ip.count > perIp) return rateLimited(call, 'ip', perIp, ip.resetMs);
      if (call.bodyLength > call.bodyLimit) return tooLarge(call);
    }
    if (call.keyRefusal !== undefined) return keyRefused(call);
    const authorization = call.authorization;
    if (authorization === undefined) return isPublic(call) || unauthorized(call, new AppError('unauthorized', 'This endpoint needs a bearer access token'));
    let token;
    try {
      token = tokens.lookup(authorization, Date.now()) ?? (await tokens.verify(authorization));
    } catch (error) {
      return unauthorized(call, error);
    }
    const user = await count(token.rateKey);
    if (user.count > perUser) return rateLimited(call, 'user', perUser, user.resetMs);
    return true;
  }

  function tooLarge(call: ProxyCall): false {
    call.fail('payload_too_large', `The body is larger than ${call.bodyLimit} bytes`, 'payload_too_large', { connection: 'close' });
    return false;
  }

  function admitted(call: ProxyCall, ok: boolean): void {
    if (ok && !call.settled && !call.res.destroyed) call.start(Date.now());
  }

  function internalError(call: ProxyCall, error: unknown): void {
    options.log.error({ err: error, request_id: call.requestId }, 'proxying failed');
    if (!call.settled) call.fail('internal', 'The gateway failed to handle the request', 'internal');
  }

  /** The API docs pages load Swagger UI's files and the admin panel its app; everything else the gateway answers is JSON. */
  function cspOf(url: string): string {
    if (url.startsWith('/docs') || /^\/api\/docs(\/?$|\/?\?|\/init\.js)/.test(url)) return DOCS_CSP;
    return url === '/admin' || url.startsWith('/admin/') || url.startsWith('/admin?') ? ADMIN_CSP : STRICT_CSP;
  }

  function own(req: IncomingMessage, res: ServerResponse, url: string): void {
    if (req.method === 'OPTIONS' && edge.preflight(req, res)) return;
    const security = edge.own(cspOf(url));
    for (const name in security) res.setHeader(name, security[name]!);
    const origin = req.headers.origin;
    if (typeof origin === 'string' && edge.isAllowedOrigin(origin)) {
      const cors = edge.cors(origin);
      for (let i = 0; i < cors.length; i += 2) res.setHeader(cors[i]!, cors[i + 1]!);
    }
    if (!url.startsWith('/api/')) return options.fallback(req, res);
    count(clientOf(req).rateKey).then((ip) => {
      if (ip.count <= perIp) return options.fallback(req, res);
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      options.metrics.rejected('rate_limited_ip');
      sendProblem(res, 'rate_limited', `Too many requests from this address: at most ${perIp} per ${windowMs} ms`, id, rateLimitHeaders(perIp, windowMs, ip.resetMs));
    }).catch((error: unknown) => {
      options.log.error({ err: error }, 'request handling failed');
      res.destroy();
    });
  }

  return function handleRequest(req: IncomingMessage, res: ServerResponse): void {
    try {
      proxy(req, res);
    } catch (error) {
      // A bug must cost one request, not the process.
      options.log.error({ err: error }, 'request handling failed');
      if (!res.headersSent) sendProblem(res, 'internal', 'The gateway failed to handle the request', randomUUID(), edge.own());
      else res.destroy();
    }
  };

  function proxy(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url!;
    const entry = routes.match(url);
    if (entry === undefined) return own(req, res, url);
    if (req.method === 'OPTIONS' && edge.preflight(req, res)) return;
    const method = req.method!;
    const path = routes.rewrite(entry, url);
    // Only the routes a service declares for the gateway are proxied; the gateway answers the rest 404.
    const rule = routes.rule(entry, method, path);
    if (rule === undefined) return own(req, res, url);

    const client = clientOf(req);
    const raw = req.rawHeaders;
    let lines = '';
    let authorization: string | undefined;
    let corsOrigin: string | undefined;
    let requestId: string | undefined;
    let host = '';
    let bodyLength = 0;
    let declaredLength: string | undefined;
    // With OpenTelemetry on, the upstream continues this request's server span, not the client's.
    const traceparent = currentTraceparent();
    let apiKey: string | undefined;
    let ifNoneMatch: string | undefined;
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i]!;
      const value = raw[i + 1]!;
      const kind = REQUEST_HEADERS.get(name) ?? REQUEST_HEADERS.get(name.toLowerCase()) ?? PASS;
      if (kind === PASS) lines += `${name}: ${value}\r\n`;
      else if (kind === AUTHORIZATION) {
        authorization = value;
        lines += `${name}: ${value}\r\n`;
      } else if (kind === ORIGIN) {
        if (edge.isAllowedOrigin(value)) corsOrigin = value;
        lines += `${name}: ${value}\r\n`;
      } else if (kind === CONTENT_LENGTH) declaredLength = value;
      else if (kind === CHUNKED) bodyLength = -1;
      else if (kind === REQUEST_ID_HEADER) {
        if (REQUEST_ID.test(value)) requestId = value;
      } else if (kind === HOST) host = value;
      else if (kind === TRACEPARENT && traceparent === undefined) lines += `${name}: ${value}\r\n`;
      else if (kind === API_KEY) apiKey = value;
      else if (kind === IF_NONE_MATCH) ifNoneMatch = value;
    }
    if (traceparent !== undefined) lines += `traceparent: ${traceparent}\r\n`;
    if (requestId === undefined) requestId = randomUUID();
    // Without a key, the default channel; with one, its channel (null: unknown or revoked; undefined: not loaded yet).
    const channel = apiKey === undefined ? DEFAULT_CHANNEL : channels.resolve(apiKey);
    // Node's parser has already refused CR/LF in header values and the target, so lines are safe to join.
    // X-Forwarded-For names the client alone: services believe exactly this one hop.
    lines += `x-request-id: ${requestId}\r\nx-forwarded-for: ${client.address}\r\nx-forwarded-proto: http\r\nx-forwarded-host: ${host}\r\nx-channel: ${channel ?? DEFAULT_CHANNEL}\r\n`;
    if (bodyLength < 0) lines += 'transfer-encoding: chunked\r\n';
    else if (declaredLength !== undefined) {
      bodyLength = Number(declaredLength);
      lines += `content-length: ${declaredLength}\r\n`;
    }

    const call = new ProxyCall(options, req, res, rule.access, upstreams.get(entry.service), method, requestId, corsOrigin, path, lines, bodyLength, rule.csvImport ? csvImportLimit : bodyLimit, authorization, client.rateKey);
    call.ifNoneMatch = ifNoneMatch;
    // Only anonymous reads share answers: a request with a token may see what is its own.
    if (entry.microCache && options.microCache.enabled && method === 'GET' && authorization === undefined && typeof channel === 'string') {
      call.cacheKey = microCacheKey(entry.service, channel, path);
    }
    if (channel === null) call.keyRefusal = 'unknown';
    else if (channel === undefined) call.keyRefusal = 'not_loaded';
    else if (apiKey === undefined && options.requireStorefrontKey && entry.storefront && rule.access !== 'token') call.keyRefusal = 'missing';
    const now = Date.now();
    const verdict = admitNow(call, now);
    if (verdict === true) return call.start(now);
    if (verdict === false) return;
    admit(call).then((ok) => admitted(call, ok), (error: unknown) => internalError(call, error));
  }
}
