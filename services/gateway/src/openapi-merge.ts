/** The parts of an OpenAPI 3 document the merge touches; everything else is carried as is. */
export interface OpenApiDocument {
  openapi?: string;
  info?: Record<string, unknown>;
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  tags?: { name: string; description?: string }[];
  [key: string]: unknown;
}

export interface ServiceDocument {
  service: string;
  document: OpenApiDocument;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Where an operation is reached through the gateway, and who may call it there (for proxied routes). */
export interface GatewayOperation {
  path: string;
  access?: 'public' | 'optional' | 'token';
}

/** Each access as OpenAPI `security`: none, a bearer token or none, a bearer token. */
const SECURITY = { public: [], optional: [{ bearer: [] }, {}], token: [{ bearer: [] }] };
const PROBLEM = { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
/** What the gateway itself may answer on a proxied route, before the service sees the request. */
const GATEWAY_RESPONSES = {
  401: { description: 'No valid access token (the gateway checks it before the service)', ...PROBLEM },
  429: { description: 'Too many requests from this address or account (the gateway\'s rate limits)', ...PROBLEM },
};

/** Replaces `$ref`s per a map from old to new reference, deeply, without touching the input. */
function renameRefs(value: unknown, renames: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => renameRefs(item, renames));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = key === '$ref' && typeof item === 'string' && renames.has(item) ? renames.get(item) : renameRefs(item, renames);
  }
  return out;
}

/**
 * Merges the services' OpenAPI documents into one for the gateway: each operation goes under the
 * gateway path that reaches it (operations the gateway does not route are left out) with the
 * security its route has at the gateway and the answers the gateway may give itself, components
 * that clash between services are renamed `<service>_<name>`, clashing operation ids get the
 * service as a prefix, and every operation is tagged with its service when it has no tag.
 * @example mergeOpenApi([{ service: 'identity', document }], (service, method, path) => ({ path: `/api/users${path}`, access: 'token' }), { title: 'Storefleet API', version: '1' })
 */
export function mergeOpenApi(
  documents: ServiceDocument[],
  locate: (service: string, method: string, servicePath: string) => GatewayOperation | undefined,
  info: { title: string; version: string; description?: string },
): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  const components: Record<string, Record<string, unknown>> = {};
  const tags = new Map<string, { name: string; description?: string }>();
  const operationIds = new Set<string>();

  for (const { service, document } of documents) {
    const renames = new Map<string, string>();
    for (const [section, entries] of Object.entries(document.components ?? {})) {
      const merged = (components[section] ??= {});
      for (const [name, definition] of Object.entries(entries)) {
        if (!(name in merged) || JSON.stringify(merged[name]) === JSON.stringify(definition)) continue;
        renames.set(`#/components/${section}/${name}`, `#/components/${section}/${service}_${name}`);
      }
    }
    const doc = (renames.size ? renameRefs(document, renames) : document) as OpenApiDocument;

    for (const [section, entries] of Object.entries(doc.components ?? {})) {
      const merged = components[section]!;
      for (const [name, definition] of Object.entries(entries)) {
        merged[renames.has(`#/components/${section}/${name}`) ? `${service}_${name}` : name] = definition;
      }
    }
    for (const tag of doc.tags ?? []) if (!tags.has(tag.name)) tags.set(tag.name, tag);
    if (!tags.has(service)) tags.set(service, { name: service, description: `The ${service} service` });

    for (const [servicePath, item] of Object.entries(doc.paths ?? {})) {
      let target: Record<string, unknown> | undefined;
      for (const [method, operation] of Object.entries(item)) {
        if (!METHODS.has(method) || operation === null || typeof operation !== 'object') continue;
        const located = locate(service, method, servicePath);
        if (located === undefined) continue;
        target = paths[located.path] ??= {};
        const op = { ...(operation as Record<string, unknown>) };
        if (!Array.isArray(op.tags) || op.tags.length === 0) op.tags = [service];
        if (typeof op.operationId === 'string') {
          if (operationIds.has(op.operationId)) op.operationId = `${service}_${op.operationId}`;
          operationIds.add(op.operationId as string);
        }
        if (located.access) {
          op.security = SECURITY[located.access];
          const gatewayAnswers = located.access === 'token' ? GATEWAY_RESPONSES : { 429: GATEWAY_RESPONSES[429] };
          op.responses = { ...gatewayAnswers, ...(op.responses as object) };
        }
        target[method] = op;
      }
      // Path-level fields (shared parameters) go with the operations that were kept.
      if (target) for (const [key, value] of Object.entries(item)) if (!METHODS.has(key)) target[key] = value;
    }
  }

  return {
    openapi: '3.1.0',
    info,
    // Relative: the document is served by the gateway its paths are on.
    servers: [{ url: '/', description: 'this gateway' }],
    paths,
    components,
    tags: [...tags.values()],
  };
}
