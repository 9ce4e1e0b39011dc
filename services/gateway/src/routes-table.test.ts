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
      { prefix: '/api/orders', service: 'orders', strip: '/api', public: () => false },
      { prefix: '/api/orders/lookup', service: 'orders', strip: '/api', public: () => true },
    ]);
    expect(matcher.match('/api/orders/lookup?email=a')!.public('GET', '/orders/lookup')).toBe(true);
    expect(matcher.match('/api/orders/1')!.public('GET', '/orders/1')).toBe(false);
  });

  it('marks identity sign-in routes and catalog reads public, the rest protected', () => {
    const identity = routes.match('/api/users')!;
    const catalog = routes.match('/api/products')!;
    expect(identity.public('POST', '/login')).toBe(true);
    expect(identity.public('POST', '/refresh')).toBe(true);
    expect(identity.public('GET', '/.well-known/jwks.json')).toBe(true);
    expect(identity.public('GET', '/me')).toBe(false);
    expect(identity.public('GET', '/login')).toBe(false);
    expect(catalog.public('GET', '/products')).toBe(true);
    expect(catalog.public('HEAD', '/products')).toBe(true);
    expect(catalog.public('POST', '/products')).toBe(false);
  });

  it('lets guests use carts, check out and look up an order; everything else about orders, payments and stock needs a token', () => {
    const orders = routes.match('/api/orders')!;
    expect(routes.match('/api/cart')!.public('POST', '/cart/items')).toBe(true);
    expect(orders.public('POST', '/orders')).toBe(true);
    expect(orders.public('GET', '/orders/lookup')).toBe(true);
    expect(orders.public('GET', '/orders')).toBe(false);
    expect(orders.public('GET', '/orders/0d9c6a52-7d3e-4a8e-9a53-1f0f3c1e8b11')).toBe(false);
    expect(orders.public('PATCH', '/orders/lookup')).toBe(false);
    expect(routes.match('/api/payments')!.public('GET', '/payments/1')).toBe(false);
    expect(routes.match('/api/inventory')!.public('GET', '/inventory')).toBe(false);
  });

  it('maps a service path back to the gateway path that reaches it', () => {
    const identity = routes.match('/api/users')!;
    const products = routes.match('/api/products')!;
    expect(routes.gatewayPath(identity, '/login')).toBe('/api/users/login');
    expect(routes.gatewayPath(identity, '/')).toBe('/api/users');
    expect(routes.gatewayPath(products, '/products/{id}')).toBe('/api/products/{id}');
    expect(routes.gatewayPath(products, '/categories')).toBeUndefined();
  });
});
