import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { closeAfterEach, createKeys, deadUrl, send, startGateway, startUpstream } from './support.js';

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const ready = (name: string, isReady = true) => ({
  '/readyz': (_req: unknown, res: ServerResponse) => json(res, isReady ? 200 : 503, { status: isReady ? 'ready' : 'not_ready', service: name }),
});

const identityDoc = {
  openapi: '3.1.0',
  info: { title: 'Storefleet identity', version: '0.1.0' },
  paths: {
    '/login': { post: { operationId: 'login', tags: ['sessions'], responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Session' } } } } } } },
    '/me': { get: { operationId: 'getMe', security: [{ bearer: [] }], responses: { 200: { description: 'ok' } } } },
    '/': { get: { operationId: 'listUsers', responses: { 200: { description: 'ok' } } } },
  },
  components: { schemas: { Session: { type: 'object', properties: { access_token: { type: 'string' } } }, Page: { type: 'object', properties: { users: { type: 'array' } } } } },
};
const catalogDoc = {
  openapi: '3.1.0',
  info: { title: 'Storefleet catalog', version: '0.1.0' },
  paths: {
    '/products': { get: { operationId: 'listProducts', responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Page' } } } } } } },
    '/products/{id}': { get: { operationId: 'getProduct', responses: { 200: { description: 'ok' } } } },
    '/internal/reindex': { post: { operationId: 'reindex', responses: { 204: { description: 'done' } } } },
  },
  components: { schemas: { Page: { type: 'object', properties: { products: { type: 'array' } } } } },
};

const keys = await createKeys();

describe('gateway health and docs', () => {
  const cleanups = closeAfterEach();

  async function gateway(env: Record<string, string>): Promise<string> {
    const started = await startGateway(env, { jwks: keys.jwks });
    cleanups.push(() => started.gateway.close());
    return started.url;
  }

  async function upstream(name: string, handlers: Parameters<typeof startUpstream>[1]) {
    const started = await startUpstream(name, handlers);
    cleanups.push(() => started.close());
    return started;
  }

  it('reports every service ready with 200', async () => {
    const identity = await upstream('identity', ready('identity'));
    const [catalogA, catalogB] = [await upstream('catalog', ready('catalog')), await upstream('catalog', ready('catalog'))];
    const url = await gateway({ IDENTITY_URLS: identity.url, CATALOG_URLS: `${catalogA.url},${catalogB.url}` });
    const reply = await send(url, 'GET', '/api/health');
    expect(reply.status).toBe(200);
    // Names and states only: where the services run is not the public's business.
    expect(reply.json).toEqual({ status: 'ok', services: { identity: { status: 'ready' }, catalog: { status: 'ready' } } });
    expect(reply.text).not.toContain('127.0.0.1');
  });

  it('answers 503 when a service is not ready', async () => {
    const identity = await upstream('identity', ready('identity'));
    const catalog = await upstream('catalog', ready('catalog', false));
    const url = await gateway({ IDENTITY_URLS: identity.url, CATALOG_URLS: catalog.url });
    const reply = await send(url, 'GET', '/api/health');
    expect(reply.status).toBe(503);
    expect(reply.json.status).toBe('unavailable');
    expect(reply.json.services.catalog).toEqual({ status: 'not_ready' });
    expect(reply.json.services.identity.status).toBe('ready');
  });

  it('reports a service with one unreachable upstream of two as degraded, still 200', async () => {
    const identity = await upstream('identity', ready('identity'));
    const catalog = await upstream('catalog', ready('catalog'));
    const dead = await deadUrl();
    const url = await gateway({ IDENTITY_URLS: identity.url, CATALOG_URLS: `${catalog.url},${dead}` });
    const reply = await send(url, 'GET', '/api/health');
    expect(reply.status).toBe(200);
    expect(reply.json.status).toBe('degraded');
    expect(reply.json.services.catalog).toEqual({ status: 'degraded' });
    expect(reply.text).not.toContain(dead);
  });

  it('merges the services\' OpenAPI documents under their gateway paths', async () => {
    const identity = await upstream('identity', { '/docs/json': (_req, res) => json(res, 200, identityDoc) });
    const catalog = await upstream('catalog', { '/docs/json': (_req, res) => json(res, 200, catalogDoc) });
    const url = await gateway({ IDENTITY_URLS: identity.url, CATALOG_URLS: catalog.url });
    const reply = await send(url, 'GET', '/api/docs/json');
    expect(reply.status).toBe(200);
    const doc = reply.json;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/events/dead-letters', '/api/events/dead-letters/{service}/{id}', '/api/events/dead-letters/{service}/{id}/replay', '/api/health', '/api/products', '/api/products/{id}', '/api/users', '/api/users/login', '/api/users/me'].sort());
    expect(doc.paths['/api/users/login'].post.operationId).toBe('login');
    expect(doc.paths['/api/products'].get.tags).toEqual(['catalog']);
    // Both services define "Page" differently: catalog's is renamed and its reference follows.
    expect(doc.components.schemas.Page.properties).toHaveProperty('users');
    expect(doc.components.schemas.catalog_Page.properties).toHaveProperty('products');
    expect(doc.paths['/api/products'].get.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/catalog_Page');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('serves the docs page from its own files', async () => {
    const url = await gateway({ IDENTITY_URLS: await deadUrl(), CATALOG_URLS: await deadUrl() });
    const page = await send(url, 'GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).not.toMatch(/https?:\/\//);
    for (const asset of ['/docs/static/swagger-ui-bundle.js', '/docs/static/swagger-ui.css', '/api/docs/init.js']) {
      expect(page.text).toContain(asset);
      expect((await send(url, 'GET', asset)).status).toBe(200);
    }
    const doc = await send(url, 'GET', '/api/docs/json');
    expect(doc.json.info.description).toMatch(/Not available right now: identity, catalog/);
  });
});
