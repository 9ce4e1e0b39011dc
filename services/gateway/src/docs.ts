import type {} from '@fastify/swagger';
import type { Dispatcher } from 'undici';
import type { App } from '@storefleet/kit';
import { mergeOpenApi, type OpenApiDocument, type ServiceDocument } from './openapi-merge.js';
import type { RouteMatcher } from './routes-table.js';
import { getFromUpstream } from './upstream-get.js';
import type { ServiceUpstreams, Upstreams } from './upstreams.js';

// Swagger UI's files come from the kit's own /docs (served by @fastify/swagger-ui): no CDN.
const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Storefleet API</title>
  <link rel="stylesheet" href="/docs/static/swagger-ui.css">
  <link rel="stylesheet" href="/docs/static/index.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/static/swagger-ui-bundle.js"></script>
  <script src="/docs/static/swagger-ui-standalone-preset.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>
`;
const INIT = `window.ui = SwaggerUIBundle({
  url: '/api/docs/json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
`;

/** One service's OpenAPI document from the first upstream that gives it, or undefined. */
async function fetchDocument(dispatcher: Dispatcher, service: ServiceUpstreams, timeoutMs: number, requestId: string): Promise<OpenApiDocument | undefined> {
  for (const upstream of service.upstreams) {
    try {
      const response = await getFromUpstream(dispatcher, `${upstream.url}/docs/json`, timeoutMs, requestId);
      if (response.statusCode === 200) return (await response.body.json()) as OpenApiDocument;
      await response.body.dump();
    } catch {
      // try the next upstream
    }
  }
  return undefined;
}

/**
 * `GET /api/docs` (Swagger UI) and `GET /api/docs/json`: every configured service's OpenAPI,
 * fetched on each request from its `/docs/json`, with paths renamed to the gateway paths that reach them.
 */
export function registerDocsRoutes(app: App, options: { upstreams: Upstreams; routes: RouteMatcher; timeoutMs: number }): void {
  const { upstreams, routes, timeoutMs } = options;

  // The gateway's own operations are where they are; a service's only where the route table declares them.
  const locate = (service: string, method: string, servicePath: string) =>
    service === 'gateway' ? { path: servicePath } : routes.operation(service, method, servicePath);

  app.get('/api/docs/json', { schema: { hide: true } }, async (req) => {
    const configured = upstreams.all().filter((service) => service.upstreams.length > 0);
    const fetched = await Promise.all(configured.map(async (service) => ({ service: service.name, document: await fetchDocument(upstreams.agent, service, timeoutMs, req.id) })));
    const documents: ServiceDocument[] = [{ service: 'gateway', document: app.swagger() as OpenApiDocument }];
    const missing: string[] = [];
    for (const { service, document } of fetched) {
      if (document) documents.push({ service, document });
      else missing.push(service);
    }
    const description = missing.length ? `Every Storefleet service behind the gateway. Not available right now: ${missing.join(', ')}.` : 'Every Storefleet service behind the gateway.';
    const merged = mergeOpenApi(documents, locate, { title: 'Storefleet API', version: '0.1.0', description });
    merged.components = { ...merged.components, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, ...merged.components?.securitySchemes } };
    return merged;
  });
  app.get('/api/docs', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
  app.get('/api/docs/init.js', { schema: { hide: true } }, async (_request, reply) => reply.type('application/javascript; charset=utf-8').send(INIT));
}
