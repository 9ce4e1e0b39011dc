import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseUrls } from '@storefleet/kit';

/** The CSP of the gateway's own JSON: nothing may load, nothing may frame it. */
export const STRICT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/** The CSP of the API docs pages: Swagger UI's own files from this origin, nothing else. */
export const DOCS_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/** The CSP of the admin panel (/admin): its own scripts, styles and API calls, nothing else. */
export const ADMIN_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'authorization, content-type, idempotency-key, x-api-key, x-cart-id, x-channel, x-request-id, traceparent, if-none-match, if-match';
const EXPOSED_HEADERS = 'x-request-id, retry-after, ratelimit-limit, ratelimit-remaining, ratelimit-reset, ratelimit-policy, location, etag, content-disposition, x-cart-id';
const HEADER_LIST = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$/;

export interface EdgeHeaders {
  /** Security headers for every response, as flat `[name, value, ...]`. */
  security: readonly string[];
  /** The gateway's own responses: security headers plus a CSP. */
  own(csp?: string): Record<string, string>;
  isAllowedOrigin(origin: string): boolean;
  /** CORS headers of an actual (not preflight) response from an allowed origin, flat. */
  cors(origin: string): string[];
  /** Answers a CORS preflight and returns true, or returns false when the request is not one. */
  preflight(req: IncomingMessage, res: ServerResponse): boolean;
}

/**
 * The edge's header policy, computed once from config: security headers and a CORS allowlist
 * (a disallowed origin simply gets no CORS headers, so the browser refuses the response).
 */
export function createEdgeHeaders(options: { corsOrigins: string; hsts: boolean; /** Origins allowed besides CORS_ORIGINS: the channels'. */ channelOrigin?: (origin: string) => boolean }): EdgeHeaders {
  const origins = new Set(parseUrls(options.corsOrigins).map((o) => o.replace(/\/+$/, '')));
  const security = ['x-content-type-options', 'nosniff', 'x-frame-options', 'DENY', 'referrer-policy', 'no-referrer'];
  if (options.hsts) security.push('strict-transport-security', 'max-age=31536000; includeSubDomains');
  const securityObject: Record<string, string> = {};
  for (let i = 0; i < security.length; i += 2) securityObject[security[i]!] = security[i + 1]!;

  const channelOrigin = options.channelOrigin ?? (() => false);
  const isAllowedOrigin = (origin: string) => origins.has(origin) || channelOrigin(origin);

  return {
    security,
    own: (csp = STRICT_CSP) => ({ ...securityObject, 'content-security-policy': csp }),
    isAllowedOrigin,
    cors: (origin) => [
      'access-control-allow-origin', origin,
      'access-control-allow-credentials', 'true',
      'access-control-expose-headers', EXPOSED_HEADERS,
      'vary', 'Origin',
    ],
    preflight(req, res) {
      const origin = req.headers.origin;
      const method = req.headers['access-control-request-method'];
      if (req.method !== 'OPTIONS' || typeof origin !== 'string' || typeof method !== 'string') return false;
      const headers: Record<string, string> = { ...securityObject, 'content-security-policy': STRICT_CSP, vary: 'Origin, Access-Control-Request-Headers' };
      if (isAllowedOrigin(origin)) {
        const asked = req.headers['access-control-request-headers'];
        headers['access-control-allow-origin'] = origin;
        headers['access-control-allow-credentials'] = 'true';
        headers['access-control-allow-methods'] = ALLOWED_METHODS;
        headers['access-control-allow-headers'] = typeof asked === 'string' && HEADER_LIST.test(asked) ? asked : ALLOWED_HEADERS;
        headers['access-control-max-age'] = '600';
      }
      res.writeHead(204, headers);
      res.end();
      return true;
    },
  };
}
