import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type App } from './service.js';

let app: App;

beforeAll(async () => {
  app = await createService({ name: 'trace-test', logLevel: 'silent' });
  // Fastify's logger type leaves out pino's bindings(), which the request logger has.
  app.get('/trace', async (request) => ({ traceparent: request.traceparent, bindings: (request.log as unknown as { bindings(): object }).bindings() }));
  app.get('/ip', async (request) => ({ ip: request.ip }));
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

async function trace(headers: Record<string, string> = {}) {
  const response = await app.inject({ url: '/trace', headers });
  return { requestId: response.headers['x-request-id'], ...(response.json() as { traceparent: string; bindings: Record<string, string> }) };
}

describe('request tracing', () => {
  it("continues the caller's trace with a new span, and logs its trace and request ids", async () => {
    const incoming = '00-0123456789abcdef0123456789abcdef-0123456789abcdef-01';
    const seen = await trace({ traceparent: incoming, 'x-request-id': 'req-42' });
    expect(seen.traceparent).toMatch(/^00-0123456789abcdef0123456789abcdef-[0-9a-f]{16}-01$/);
    expect(seen.traceparent).not.toBe(incoming);
    expect(seen.bindings).toMatchObject({ request_id: 'req-42', trace_id: '0123456789abcdef0123456789abcdef' });
    expect(seen.requestId).toBe('req-42');
  });

  it('starts a new trace, different for every request, without a valid traceparent', async () => {
    const [a, b] = [await trace(), await trace({ traceparent: 'garbage' })];
    for (const seen of [a, b]) {
      expect(seen.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(seen.bindings.trace_id).toBe(seen.traceparent.slice(3, 35));
      expect(seen.bindings.request_id).toBe(seen.requestId);
    }
    expect(a.traceparent.slice(3, 35)).not.toBe(b.traceparent.slice(3, 35));
  });
});

describe('the client address a service sees', () => {
  const ipOf = async (remoteAddress: string, forwardedFor: string) =>
    (await app.inject({ url: '/ip', remoteAddress, headers: { 'x-forwarded-for': forwardedFor } })).json().ip;

  it('is the last X-Forwarded-For entry, set by the gateway on a private network; earlier entries are a client\'s word', async () => {
    expect(await ipOf('10.1.2.3', '192.168.0.9, 203.0.113.4')).toBe('203.0.113.4');
    expect(await ipOf('127.0.0.1', '127.0.0.7, 10.0.0.8, 198.51.100.5')).toBe('198.51.100.5');
    // A client on a private network (or the loopback) is still only the one the gateway names.
    expect(await ipOf('127.0.0.1', '203.0.113.1, 10.0.0.8')).toBe('10.0.0.8');
    expect(await ipOf('127.0.0.1', '127.0.0.5, 127.0.0.6')).toBe('127.0.0.6');
  });

  it('is the connection\'s address when it does not come from a private network', async () => {
    expect(await ipOf('198.51.100.9', '203.0.113.4')).toBe('198.51.100.9');
  });
});
