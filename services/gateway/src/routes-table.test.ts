import { describe, expect, it } from 'vitest';
import { ROUTES, createRouteMatcher } from './routes-table.js';

const routes = createRouteMatcher(ROUTES);

describe('route table', () => {
  it.each([
    ['/api/users/login', 'identity', '/login'],
    ['/api/users', 'identity', '/'],
    ['/api/users?page=2', 'identity', '/?page=2'],
    ['/api/users/', 'identity', '/'],
    ['/api/products', 'catalog', '/products'],
    ['/api/products/abc?x=1', 'catalog', '/products/abc?x=1'],
    ['/api/categories/7', 'catalog', '/categories/7'],
    ['/api/laptops', 'catalog', '/laptops'],
    ['/api/spare-parts/9', 'catalog', '/spare-parts/9'],
    ['/api/inventory/LAP-1', 'inventory', '/inventory/LAP-1'],
    ['/api/cart/items', 'orders', '/cart/items'],
    ['/api/orders?status=pending', 'orders', '/orders?status=pending'],
    ['/api/payments/7', 'payments', '/payments/7'],
    ['/api/warranties/lookup?email=a@b.c&serial=SN1', 'warranties', '/warranties/lookup?email=a@b.c&serial=SN1'],
    ['/api/notifications?limit=5', 'notifications', '/notifications?limit=5'],
    ['/api/notifications/messages/7', 'notifications', '/notifications/messages/7'],
    ['/api/webhooks/deliveries/7/redeliver', 'notifications', '/webhooks/deliveries/7/redeliver'],
  ])('routes %s to %s as %s', (url, service, upstreamPath) => {
    const entry = routes.match(url)!;
    expect(entry.service).toBe(service);
    expect(routes.rewrite(entry, url)).toBe(upstreamPath);
  });

  it.each(['/api/internal/reservations', '/internal/reservations', '/api/cartX', '/api/usersX', '/api/productsfoo', '/api/health', '/api/docs', '/healthz', '/products'])('leaves %s to the gateway itself', (url) => {
    expect(routes.match(url)).toBeUndefined();
  });

  it('prefers the longest prefix', () => {
    const matcher = createRouteMatcher([
      { prefix: '/api/orders', service: 'orders', strip: '/api', routes: { 'GET /orders/lookup': 'token' } },
      { prefix: '/api/orders/lookup', service: 'orders', strip: '/api', routes: { 'GET /orders/lookup': 'public' } },
    ]);
    const entry = matcher.match('/api/orders/lookup?email=a')!;
    expect(matcher.access(entry, 'GET', '/orders/lookup?email=a')).toBe('public');
  });

  const accessOf = (method: string, url: string) => {
    const entry = routes.match(url);
    return entry && routes.access(entry, method, routes.rewrite(entry, url));
  };

  it('marks identity sign-in routes and catalog reads public, the rest protected', () => {
    expect(accessOf('POST', '/api/users/login')).toBe('public');
    expect(accessOf('POST', '/api/users/refresh')).toBe('public');
    expect(accessOf('POST', '/api/users/password/forgot')).toBe('public');
    expect(accessOf('POST', '/api/users/password/reset')).toBe('public');
    expect(accessOf('GET', '/api/users/.well-known/jwks.json')).toBe('public');
    expect(accessOf('GET', '/api/users/me')).toBe('token');
    expect(accessOf('GET', '/api/users')).toBe('token');
    expect(accessOf('DELETE', '/api/users/0d9c6a52-7d3e-4a8e-9a53-1f0f3c1e8b11')).toBe('token');
    expect(accessOf('GET', '/api/products')).toBe('public');
    expect(accessOf('HEAD', '/api/products?page=2')).toBe('public');
    expect(accessOf('GET', '/api/products/LAP-1')).toBe('public');
    expect(accessOf('POST', '/api/products')).toBe('token');
  });

  it('lets guests use carts, check out and look up an order; everything else about orders, payments and stock needs a token', () => {
    expect(accessOf('POST', '/api/cart/items')).toBe('optional');
    expect(accessOf('POST', '/api/orders')).toBe('optional');
    expect(accessOf('GET', '/api/orders/lookup?email=a@b.c&order_id=1')).toBe('public');
    expect(accessOf('GET', '/api/orders')).toBe('token');
    expect(accessOf('GET', '/api/orders/0d9c6a52-7d3e-4a8e-9a53-1f0f3c1e8b11')).toBe('token');
    expect(accessOf('GET', '/api/payments/1')).toBe('token');
    expect(accessOf('GET', '/api/inventory')).toBe('token');
  });

  it('lets guests look up a warranty and claim on it with proof; lists and admin changes need a token', () => {
    const id = '0d9c6a52-7d3e-4a8e-9a53-1f0f3c1e8b11';
    expect(accessOf('GET', '/api/warranties/lookup?email=a@b.c&serial=SN1')).toBe('public');
    expect(accessOf('POST', `/api/warranties/${id}/claims`)).toBe('optional');
    expect(accessOf('GET', '/api/warranties')).toBe('token');
    expect(accessOf('GET', `/api/warranties/${id}`)).toBe('token');
    expect(accessOf('PATCH', `/api/warranties/${id}`)).toBe('token');
    expect(accessOf('PATCH', `/api/warranties/claims/${id}`)).toBe('token');
    expect(accessOf('DELETE', `/api/warranties/${id}`)).toBeUndefined();
  });

  it('needs a token for every notification and webhook route (the admin ones are the service\'s own check)', () => {
    expect(accessOf('GET', '/api/notifications')).toBe('token');
    expect(accessOf('POST', '/api/notifications/read-all')).toBe('token');
    expect(accessOf('POST', '/api/notifications/7/read')).toBe('token');
    expect(accessOf('POST', '/api/notifications/messages/7/resend')).toBe('token');
    expect(accessOf('POST', '/api/webhooks')).toBe('token');
    expect(accessOf('POST', '/api/webhooks/7/rotate-secret')).toBe('token');
    expect(accessOf('POST', '/api/webhooks/deliveries/7/redeliver')).toBe('token');
    expect(accessOf('GET', '/api/notifications/metrics')).toBeUndefined();
  });

  it.each([
    ['/api/users', ''], ['/api/products', '/products'], ['/api/inventory', '/inventory'], ['/api/orders', '/orders'],
  ])('routes the CSV export, import and import jobs of %s with a token; only the import takes a CSV-sized body', (prefix, path) => {
    const entry = routes.match(`${prefix}/export`)!;
    const id = '0d9c6a52-7d3e-4a8e-9a53-1f0f3c1e8b11';
    expect(routes.rule(entry, 'GET', `${path}/export?status=shipped`)).toEqual({ access: 'token' });
    expect(routes.rule(entry, 'POST', `${path}/import`)).toEqual({ access: 'token', csvImport: true });
    expect(routes.rule(entry, 'GET', `${path}/imports/${id}`)).toEqual({ access: 'token' });
    expect(routes.rule(entry, 'POST', `${path}/export`)).toBeUndefined();
  });

  // What every service serves for its operators and its neighbours, and a route nobody declared.
  it.each([
    ['GET', '/api/users/metrics'], ['GET', '/api/users/docs'], ['GET', '/api/users/docs/json'], ['GET', '/api/users/healthz'], ['GET', '/api/users/readyz'],
    ['GET', '/api/users/events/dead-letters'], ['GET', '/api/products/metrics/x'], ['POST', '/api/products/internal/products/lookup'],
    ['GET', '/api/users/login'], ['PATCH', '/api/orders/lookup'], ['POST', '/api/categories'], ['GET', '/api/users/me/'],
  ])('declares no route for %s %s', (method, url) => {
    expect(accessOf(method, url)).toBeUndefined();
  });

  it('names a service operation by its gateway path and access', () => {
    expect(routes.operation('identity', 'post', '/login')).toEqual({ path: '/api/users/login', access: 'public' });
    expect(routes.operation('identity', 'get', '/')).toEqual({ path: '/api/users', access: 'token' });
    expect(routes.operation('identity', 'get', '/{id}')).toEqual({ path: '/api/users/{id}', access: 'token' });
    expect(routes.operation('catalog', 'get', '/products/{id}')).toEqual({ path: '/api/products/{id}', access: 'public' });
    expect(routes.operation('orders', 'get', '/cart')).toEqual({ path: '/api/cart', access: 'optional' });
    expect(routes.operation('catalog', 'post', '/internal/products/lookup')).toBeUndefined();
    expect(routes.operation('identity', 'get', '/metrics')).toBeUndefined();
  });
});
