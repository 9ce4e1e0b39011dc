import FindMyWay, { type HTTPMethod } from 'find-my-way';
import type { ServiceName } from './config.js';

/**
 * Who may call a route through the gateway: anyone (`public`), anyone, with a token if they have
 * one (`optional`: a guest or a signed-in cart), or only the bearer of a valid access token
 * (`token`). Roles (admin) are the service's own check.
 */
export type Access = 'public' | 'optional' | 'token';

/** A route's access and, for a CSV import, a body up to CSV_IMPORT_MAX_BYTES instead of BODY_LIMIT. */
export interface RouteRule {
  access: Access;
  csvImport?: true;
}

/** The three CSV routes of a resource under `path` (admins only: the service checks the role). */
function csvRoutes(path: string): Record<string, Access | RouteRule> {
  return { [`GET ${path}/export`]: 'token', [`POST ${path}/import`]: { access: 'token', csvImport: true }, [`GET ${path}/imports/:id`]: 'token' };
}

/** One line of the gateway's route table: a path prefix, the service behind it, and its routes. */
export interface RouteEntry {
  /** Matches the prefix itself and anything after it that starts with `/` or `?`. */
  prefix: string;
  service: ServiceName;
  /** Removed from the front of the path before it goes upstream (`/api/users/login` → `/login`). */
  strip: string;
  /**
   * The service's routes the gateway proxies under this prefix, written as the service registers
   * them (`'GET /products/:id'`, after stripping) → who may call them. A GET route answers HEAD too.
   * Anything else under the prefix (a service's /metrics, /docs, /healthz, /readyz, /internal/ and
   * admin-only operations routes) is not proxied: the gateway answers 404 itself.
   */
  routes: Record<string, Access | RouteRule>;
  /**
   * What a storefront calls (catalog reads, cart, checkout, order lookup): with REQUIRE_STOREFRONT_KEY,
   * its `public` and `optional` routes need a publishable key (X-API-Key).
   */
  storefront?: boolean;
  /**
   * Its anonymous GETs may be answered from the gateway's micro-cache (GATEWAY_MICROCACHE_MS), when
   * the service marks the answer `Cache-Control: public` with an ETag (the catalog's public reads).
   */
  microCache?: boolean;
}

// Identity's `/:id` sits beside the kit's /metrics, /docs, /healthz and /readyz: only a UUID
// (what identity accepts) is an id, so those never reach identity as `/:id`.
const UUID = '(^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$)';

/**
 * Every route the gateway proxies. Adding a route is one line; adding a service is one entry per
 * prefix. A service without configured URLs answers 503.
 */
export const ROUTES: RouteEntry[] = [
  {
    prefix: '/api/users', service: 'identity', strip: '/api/users',
    routes: {
      'POST /register': 'public', 'POST /login': 'public', 'POST /refresh': 'public', 'POST /logout': 'public',
      'POST /password/forgot': 'public', 'POST /password/reset': 'public',
      'GET /.well-known/jwks.json': 'public',
      'GET /me': 'token', 'PATCH /me': 'token',
      'GET /': 'token', [`GET /:id${UUID}`]: 'token', [`PATCH /:id${UUID}`]: 'token', [`DELETE /:id${UUID}`]: 'token',
      ...csvRoutes(''),
    },
  },
  {
    prefix: '/api/products', service: 'catalog', strip: '/api', storefront: true, microCache: true,
    routes: {
      'GET /products': 'public', 'GET /products/search': 'public', 'GET /products/:id': 'public',
      'POST /products': 'token', 'PUT /products/:id': 'token', 'PATCH /products/:id': 'token', 'DELETE /products/:id': 'token',
      ...csvRoutes('/products'),
    },
  },
  { prefix: '/api/categories', service: 'catalog', strip: '/api', storefront: true, microCache: true, routes: { 'GET /categories': 'public' } },
  { prefix: '/api/laptops', service: 'catalog', strip: '/api', storefront: true, microCache: true, routes: { 'GET /laptops': 'public', 'GET /laptops/:id': 'public' } },
  { prefix: '/api/spare-parts', service: 'catalog', strip: '/api', storefront: true, microCache: true, routes: { 'GET /spare-parts': 'public', 'GET /spare-parts/:id': 'public' } },
  {
    prefix: '/api/inventory', service: 'inventory', strip: '/api',
    routes: {
      'GET /inventory': 'token', 'GET /inventory/alerts': 'token', 'GET /inventory/:sku': 'token', 'PUT /inventory/:sku': 'token',
      'GET /inventory/:sku/movements': 'token',
      ...csvRoutes('/inventory'),
    },
  },
  {
    prefix: '/api/cart', service: 'orders', strip: '/api', storefront: true,
    routes: {
      'GET /cart': 'optional', 'DELETE /cart': 'optional', 'POST /cart/items': 'optional',
      'PATCH /cart/items/:sku': 'optional', 'DELETE /cart/items/:sku': 'optional',
    },
  },
  {
    prefix: '/api/orders', service: 'orders', strip: '/api', storefront: true,
    routes: {
      // Guests check out and look up their orders without a token.
      'POST /orders': 'optional', 'GET /orders/lookup': 'public',
      'GET /orders': 'token', 'GET /orders/analytics': 'token', 'GET /orders/:id': 'token', 'DELETE /orders/:id': 'token', 'GET /orders/:id/timeline': 'token',
      'PATCH /orders/:id/status': 'token',
      ...csvRoutes('/orders'),
    },
  },
  {
    prefix: '/api/channels', service: 'identity', strip: '/api',
    routes: {
      'GET /channels': 'token', 'POST /channels': 'token', 'GET /channels/:id': 'token', 'PATCH /channels/:id': 'token', 'DELETE /channels/:id': 'token',
      'POST /channels/:id/keys': 'token', 'DELETE /channels/:id/keys/:key_id': 'token',
    },
  },
  {
    prefix: '/api/payments', service: 'payments', strip: '/api',
    routes: { 'GET /payments': 'token', 'GET /payments/:id': 'token', 'POST /payments/:id/refund': 'token' },
  },
  {
    prefix: '/api/warranties', service: 'warranties', strip: '/api',
    routes: {
      // Guests look a warranty up by email + serial, and claim on it with the same proof in the body.
      'GET /warranties/lookup': 'public', 'POST /warranties/:id/claims': 'optional',
      'GET /warranties': 'token', 'GET /warranties/:id': 'token', 'PATCH /warranties/:id': 'token', 'PATCH /warranties/claims/:id': 'token',
    },
  },
  {
    prefix: '/api/notifications', service: 'notifications', strip: '/api',
    routes: {
      'GET /notifications': 'token', 'POST /notifications/:id/read': 'token', 'POST /notifications/read-all': 'token',
      'GET /notifications/messages': 'token', 'GET /notifications/messages/:id': 'token', 'POST /notifications/messages/:id/resend': 'token',
    },
  },
  {
    prefix: '/api/webhooks', service: 'notifications', strip: '/api',
    routes: {
      'GET /webhooks': 'token', 'POST /webhooks': 'token', 'GET /webhooks/:id': 'token', 'PATCH /webhooks/:id': 'token', 'DELETE /webhooks/:id': 'token',
      'POST /webhooks/:id/rotate-secret': 'token', 'POST /webhooks/:id/test': 'token', 'GET /webhooks/:id/deliveries': 'token',
      'POST /webhooks/deliveries/:id/redeliver': 'token',
    },
  },
];

export interface RouteMatcher {
  /** The entry for a request target, or undefined when the gateway itself (or nobody) answers it. */
  match(url: string): RouteEntry | undefined;
  /** The upstream path of a matched target. */
  rewrite(entry: RouteEntry, url: string): string;
  /** Who may call `method upstreamPath` (query allowed) of an entry, or undefined when the entry does not declare it. */
  access(entry: RouteEntry, method: string, upstreamPath: string): Access | undefined;
  /** The whole rule of `method upstreamPath`: its access and whether it takes a CSV import's body. */
  rule(entry: RouteEntry, method: string, upstreamPath: string): RouteRule | undefined;
  /**
   * The gateway path and access of a service operation as OpenAPI names it (`get`, `/products/{id}`),
   * or undefined when no entry declares it.
   */
  operation(service: string, method: string, servicePath: string): { path: string; access: Access } | undefined;
}

/** `/:id(^…$)` and `/:id` → `/{id}`: a declared path as OpenAPI writes it. */
function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)(\([^/]*\))?/g, '{$1}');
}

/** Compiles the table once: longest prefix first, so a more specific line wins; one router per entry. */
export function createRouteMatcher(entries: RouteEntry[]): RouteMatcher {
  const sorted = [...entries].sort((a, b) => b.prefix.length - a.prefix.length);
  const count = sorted.length;
  // The options Fastify gives find-my-way, so a path matches here exactly when it matches in the service,
  // but for the length of a parameter: one over the service's limit (100) is passed on, so the service
  // answers it as a 414 problem instead of the gateway calling a real route missing (404).
  const routers = new Map<RouteEntry, FindMyWay.Instance<FindMyWay.HTTPVersion.V1>>();
  const operations = new Map<string, { path: string; access: Access }>();
  const noop = () => {};
  for (const entry of entries) {
    const router = FindMyWay({ caseSensitive: true, ignoreTrailingSlash: false, ignoreDuplicateSlashes: false, maxParamLength: 16_384 });
    for (const [route, given] of Object.entries(entry.routes)) {
      const rule: RouteRule = typeof given === 'string' ? { access: given } : given;
      const access = rule.access;
      const space = route.indexOf(' ');
      const method = route.slice(0, space) as HTTPMethod;
      const path = route.slice(space + 1);
      router.on(method === 'GET' ? ['GET', 'HEAD'] : method, path, noop, rule);
      const servicePath = openApiPath(path);
      operations.set(`${entry.service} ${method.toLowerCase()} ${servicePath}`, { path: servicePath === '/' && entry.strip ? entry.strip : entry.strip + servicePath, access });
    }
    // Generated lookup code: a few times faster than walking the tree, and this runs on every request.
    routers.set(entry, router.compile());
  }

  function match(url: string): RouteEntry | undefined {
    for (let i = 0; i < count; i++) {
      const entry = sorted[i]!;
      if (url.startsWith(entry.prefix)) {
        const next = url.charCodeAt(entry.prefix.length);
        // NaN: the prefix is the whole target; 47 '/', 63 '?'
        if (next !== next || next === 47 || next === 63) return entry;
      }
    }
    return undefined;
  }

  function rewrite(entry: RouteEntry, url: string): string {
    if (!entry.strip) return url;
    const rest = url.slice(entry.strip.length);
    return rest.charCodeAt(0) === 47 ? rest : '/' + rest;
  }

  function rule(entry: RouteEntry, method: string, upstreamPath: string): RouteRule | undefined {
    // Without its query: find-my-way would parse it, and no rule depends on it.
    const mark = upstreamPath.indexOf('?');
    const path = mark < 0 ? upstreamPath : upstreamPath.slice(0, mark);
    return routers.get(entry)!.find(method as HTTPMethod, path)?.store as RouteRule | undefined;
  }

  function access(entry: RouteEntry, method: string, upstreamPath: string): Access | undefined {
    return rule(entry, method, upstreamPath)?.access;
  }

  function operation(service: string, method: string, servicePath: string) {
    return operations.get(`${service} ${method} ${servicePath}`);
  }

  return { match, rewrite, access, rule, operation };
}
