import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { bearer, closeAfterEach, createKeys, deadUrl, send, startGateway, startUpstream } from './support.js';

const json = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
  res.writeHead(status, { 'content-type': type });
  res.end(JSON.stringify(body));
};
const letter = (id: string, at: string) => ({
  id, group: 'catalog', error: 'boom', attempts: 10, first_failed_at: at, last_failed_at: at,
  event: { specversion: '1.0', id: `event-${id}`, type: 'inventory.stock_changed', source: 'inventory', time: at, data: {} },
});
const ID = '0f0f0f0f-0000-4000-8000-000000000001';
const keys = await createKeys();

describe('dead letters at the gateway', () => {
  const cleanups = closeAfterEach();

  async function upstream(name: string, handlers: Parameters<typeof startUpstream>[1]) {
    const started = await startUpstream(name, handlers);
    cleanups.push(() => started.close());
    return started;
  }
  async function gateway(env: Record<string, string>): Promise<string> {
    const started = await startGateway(env, { jwks: keys.jwks });
    cleanups.push(() => started.gateway.close());
    return started.url;
  }

  it("gathers every service's list with the client's token, oldest failure first, and names a service it could not ask", async () => {
    const admin = bearer(await keys.sign({ role: 'admin' }));
    const catalog = await upstream('catalog', {
      '/events/dead-letters': (_req: IncomingMessage, res: ServerResponse) => json(res, 200, { dead_letters: [letter('c1', '2026-01-02T00:00:00.000Z')] }),
    });
    const inventory = await upstream('inventory', {
      '/events/dead-letters': (_req: IncomingMessage, res: ServerResponse) => json(res, 200, { dead_letters: [letter('i1', '2026-01-01T00:00:00.000Z')] }),
    });
    const url = await gateway({ IDENTITY_URLS: await deadUrl(), CATALOG_URLS: catalog.url, INVENTORY_URLS: `${await deadUrl()},${inventory.url}` });

    const reply = await send(url, 'GET', '/api/events/dead-letters', { headers: admin });
    expect(reply.status).toBe(200);
    expect(reply.json.dead_letters.map((l: { service: string; id: string }) => `${l.service}/${l.id}`)).toEqual(['inventory/i1', 'catalog/c1']);
    expect(reply.json.services).toEqual({ identity: 'unreachable', catalog: 'ok', inventory: 'ok' });
    expect(catalog.seen[0]!.headers.authorization).toBe(admin.authorization);
  });

  it("answers a service's refusal of the token as it is", async () => {
    const catalog = await upstream('catalog', {
      '/events/dead-letters': (_req: IncomingMessage, res: ServerResponse) =>
        json(res, 403, { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'This endpoint is for admin accounts' }, 'application/problem+json'),
    });
    const url = await gateway({ IDENTITY_URLS: await deadUrl(), CATALOG_URLS: catalog.url });
    const reply = await send(url, 'GET', '/api/events/dead-letters', { headers: bearer(await keys.sign({ role: 'customer' })) });
    expect(reply.status).toBe(403);
    expect(reply.headers['content-type']).toContain('application/problem+json');
  });

  it('sends a replay or a discard to the service that holds the letter, and 404 for a service it does not know', async () => {
    const admin = bearer(await keys.sign({ role: 'admin' }));
    const catalog = await upstream('catalog', {
      [`/events/dead-letters/${ID}/replay`]: (_req: IncomingMessage, res: ServerResponse) => {
        res.writeHead(204);
        res.end();
      },
      [`/events/dead-letters/${ID}`]: (_req: IncomingMessage, res: ServerResponse) =>
        json(res, 404, { type: 'about:blank', title: 'Not found', status: 404, detail: `There is no dead letter ${ID}` }, 'application/problem+json'),
    });
    const url = await gateway({ IDENTITY_URLS: await deadUrl(), CATALOG_URLS: catalog.url });

    expect((await send(url, 'POST', `/api/events/dead-letters/catalog/${ID}/replay`, { headers: admin })).status).toBe(204);
    expect(catalog.seen.at(-1)).toMatchObject({ method: 'POST', url: `/events/dead-letters/${ID}/replay` });
    const discarded = await send(url, 'DELETE', `/api/events/dead-letters/catalog/${ID}`, { headers: admin });
    expect(discarded.status).toBe(404);
    expect(discarded.json.detail).toBe(`There is no dead letter ${ID}`);
    const unknown = await send(url, 'DELETE', `/api/events/dead-letters/warehouse/${ID}`, { headers: admin });
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
  });
});
