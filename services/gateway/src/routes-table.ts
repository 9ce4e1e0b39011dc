import type { ServiceName } from './config.js';

/** One line of the gateway's route table. */
export interface RouteEntry {
  /** Matches the prefix itself and anything after it that starts with `/` or `?`. */
  prefix: string;
  service: ServiceName;
  /** Removed from the front of the path before it goes upstream (`/api/users/login` → `/login`). */
  strip: string;
  /** True when the request needs no token; `path` is the upstream path without the query. */
  public(method: string, path: string): boolean;
}

const IDENTITY_PUBLIC_POSTS = new Set(['/register', '/login', '/refresh', '/logout']);
const identityPublic = (method: string, path: string) =>
  (method === 'POST' && IDENTITY_PUBLIC_POSTS.has(path)) || ((method === 'GET' || method === 'HEAD') && path === '/.well-known/jwks.json');
const reads = (method: string) => method === 'GET' || method === 'HEAD';
const always = () => true;
const never = () => false;
/** Guests check out and look up their orders without a token; every other order route needs one. */
const ordersPublic = (method: string, path: string) =>
  (method === 'POST' && path === '/orders') || (reads(method) && path === '/orders/lookup');

/**
 * Every public path the gateway proxies. Adding a route is one line here; a service without
 * configured URLs answers 503.
 */
export const ROUTES: RouteEntry[] = [
  { prefix: '/api/users', service: 'identity', strip: '/api/users', public: identityPublic },
  { prefix: '/api/products', service: 'catalog', strip: '/api', public: reads },
  { prefix: '/api/categories', service: 'catalog', strip: '/api', public: reads },
  { prefix: '/api/laptops', service: 'catalog', strip: '/api', public: reads },
  { prefix: '/api/spare-parts', service: 'catalog', strip: '/api', public: reads },
  { prefix: '/api/inventory', service: 'inventory', strip: '/api', public: never },
  { prefix: '/api/cart', service: 'orders', strip: '/api', public: always },
  { prefix: '/api/orders', service: 'orders', strip: '/api', public: ordersPublic },
  { prefix: '/api/payments', service: 'payments', strip: '/api', public: never },
];

export interface RouteMatcher {
  /** The entry for a request target, or undefined when the gateway itself (or nobody) answers it. */
  match(url: string): RouteEntry | undefined;
  /** The upstream path of a matched target. */
  rewrite(entry: RouteEntry, url: string): string;
  /** The gateway path of a service path for an entry, or undefined when the entry would not route it there. */
  gatewayPath(entry: RouteEntry, servicePath: string): string | undefined;
}

/** Compiles the table once: longest prefix first, so a more specific line wins. */
export function createRouteMatcher(entries: RouteEntry[]): RouteMatcher {
  const sorted = [...entries].sort((a, b) => b.prefix.length - a.prefix.length);
  const count = sorted.length;

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

  function gatewayPath(entry: RouteEntry, servicePath: string): string | undefined {
    const candidate = servicePath === '/' && entry.strip ? entry.strip : entry.strip + servicePath;
    return match(candidate) === entry && rewrite(entry, candidate) === servicePath ? candidate : undefined;
  }

  return { match, rewrite, gatewayPath };
}
