import { describe, expect, it } from 'vitest';
import { mergeOpenApi, type ServiceDocument } from './openapi-merge.js';

const op = (operationId: string, ref?: string) => ({ operationId, responses: { 200: { description: 'ok', ...(ref ? { content: { 'application/json': { schema: { $ref: ref } } } } : {}) } } });

describe('mergeOpenApi', () => {
  const documents: ServiceDocument[] = [
    { service: 'a', document: { paths: { '/x': { get: op('list', '#/components/schemas/Item') } }, components: { schemas: { Item: { type: 'string' }, Shared: { type: 'integer' } } } } },
    { service: 'b', document: { paths: { '/y': { get: op('list', '#/components/schemas/Item'), parameters: [] }, '/hidden': { get: op('hidden') } }, components: { schemas: { Item: { type: 'number' }, Shared: { type: 'integer' } } }, tags: [{ name: 'things' }] } },
  ];
  const merged = mergeOpenApi(documents, (service, _method, path) => (path === '/hidden' ? undefined : { path: `/api/${service}${path}` }), { title: 'T', version: '1' });

  it('prefixes paths and drops the ones the gateway does not route', () => {
    expect(Object.keys(merged.paths!)).toEqual(['/api/a/x', '/api/b/y']);
    expect(merged.paths!['/api/b/y']!.parameters).toEqual([]);
  });

  it('renames clashing components and their references, keeps identical ones shared', () => {
    const schemas = merged.components!.schemas!;
    expect(Object.keys(schemas).sort()).toEqual(['Item', 'Shared', 'b_Item']);
    expect((merged.paths!['/api/b/y']!.get as any).responses[200].content['application/json'].schema.$ref).toBe('#/components/schemas/b_Item');
    expect((merged.paths!['/api/a/x']!.get as any).responses[200].content['application/json'].schema.$ref).toBe('#/components/schemas/Item');
  });

  it('keeps operation ids unique and tags operations with their service', () => {
    expect((merged.paths!['/api/a/x']!.get as any).operationId).toBe('list');
    expect((merged.paths!['/api/b/y']!.get as any).operationId).toBe('b_list');
    expect((merged.paths!['/api/b/y']!.get as any).tags).toEqual(['b']);
    expect(merged.tags!.map((t) => t.name)).toEqual(['a', 'things', 'b']);
  });

  it('does not change the input documents', () => {
    const original = documents[1]!.document.paths!['/y']!.get as any;
    expect(original.operationId).toBe('list');
    expect(original.responses[200].content['application/json'].schema.$ref).toBe('#/components/schemas/Item');
  });

  it('gives each proxied operation the security of its gateway route and the answers the gateway gives itself', () => {
    const access = { '/open': 'public', '/guest': 'optional', '/mine': 'token' } as const;
    const doc = { paths: { '/open': { get: op('open') }, '/guest': { get: op('guest') }, '/mine': { get: op('mine') } } };
    const result = mergeOpenApi([{ service: 'c', document: doc }], (_s, _m, path) => ({ path, access: access[path as keyof typeof access] }), { title: 'T', version: '1' });
    const get = (path: string) => result.paths![path]!.get as any;
    expect(get('/open').security).toEqual([]);
    expect(get('/guest').security).toEqual([{ bearer: [] }, {}]);
    expect(get('/mine').security).toEqual([{ bearer: [] }]);
    expect(Object.keys(get('/open').responses)).toEqual(['200', '429']);
    expect(Object.keys(get('/mine').responses)).toEqual(['200', '401', '429']);
    expect(result.servers).toEqual([{ url: '/', description: 'this gateway' }]);
  });
});
