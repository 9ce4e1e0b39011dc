import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { createHttpClient, createInProcessClient } from './http-client.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((ok) => s.close(ok))));
});

async function serve(handler: (req: IncomingMessage) => { status: number; body?: unknown } | 'hang'): Promise<string> {
  const server = createServer((req, res) => {
    const result = handler(req);
    if (result === 'hang') return;
    res.writeHead(result.status, { 'content-type': 'application/json' }).end(JSON.stringify(result.body ?? {}));
  });
  servers.push(server);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('http client', () => {
  it('propagates the request id and traceparent and balances over the URLs', async () => {
    const seen: string[] = [];
    const a = await serve((req) => (seen.push(`a:${req.headers['x-request-id']}:${req.headers.traceparent}`), { status: 200 }));
    const b = await serve((req) => (seen.push(`b:${req.headers['x-request-id']}`), { status: 200 }));
    const client = createHttpClient({ name: 'thing', urls: [a, b] });
    const context = { id: 'req-1', traceparent: '00-0123456789abcdef0123456789abcdef-0123456789abcdef-01' };
    await client.call({ path: '/x', context });
    await client.call({ path: '/x', context });
    expect(seen).toEqual([`a:req-1:${context.traceparent}`, 'b:req-1']);
    await client.close();
  });

  it('retries an idempotent call on another upstream when one is down', async () => {
    const up = await serve(() => ({ status: 200, body: { ok: true } }));
    const client = createHttpClient({ name: 'thing', urls: ['http://127.0.0.1:1', up], retries: 2 });
    const results = await Promise.all([client.call({ path: '/' }), client.call({ path: '/' })]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    await client.close();
  });

  it('does not retry a POST without an idempotency key, and names the service when it is down', async () => {
    let calls = 0;
    const failing = await serve(() => (calls++, { status: 503 }));
    const client = createHttpClient({ name: 'payments', urls: [failing], retries: 2 });
    const result = await client.call({ method: 'POST', path: '/', body: {} });
    expect(result.status).toBe(503);
    expect(calls).toBe(1);
    await expect(client.call({ method: 'POST', path: '/', body: {}, idempotencyKey: 'k1' })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('payments'),
    });
    expect(calls).toBe(4);
    await client.close();
  });

  it('gives up after the timeout with a 503-class error', async () => {
    const slow = await serve(() => 'hang');
    const client = createHttpClient({ name: 'slowpoke', urls: [slow], timeoutMs: 100, retries: 0 });
    await expect(client.call({ path: '/' })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('in time') });
    await client.close();
  });
});

describe('in-process client', () => {
  async function app() {
    const fastify = Fastify();
    fastify.post('/echo', async (request, reply) => reply.code(201).send({ body: request.body, headers: request.headers }));
    fastify.get('/hang', () => new Promise(() => undefined));
    await fastify.ready();
    return fastify;
  }

  it('calls the app with the body, the idempotency key, the request id and trace, and parses its JSON answer', async () => {
    const target = await app();
    const client = createInProcessClient({ name: 'thing', app: () => target });
    const context = { id: 'req-7', traceparent: '00-0123456789abcdef0123456789abcdef-0123456789abcdef-01' };
    const result = await client.call<{ body: unknown; headers: Record<string, string> }>({ method: 'POST', path: '/echo', body: { a: 1 }, idempotencyKey: 'k-1', context });
    expect(result.status).toBe(201);
    expect(result.body.body).toEqual({ a: 1 });
    expect(result.body.headers).toMatchObject({ 'idempotency-key': 'k-1', 'x-request-id': 'req-7', traceparent: context.traceparent, 'content-type': 'application/json' });
    await target.close();
  });

  it('answers unavailable, naming the service, while it is stopped or when it does not answer in time', async () => {
    const target = await app();
    let running: typeof target | undefined;
    const client = createInProcessClient({ name: 'payments', app: () => running, timeoutMs: 50, retries: 0 });
    await expect(client.call({ path: '/echo' })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('payments') });
    running = target;
    await expect(client.call({ path: '/hang' })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('in time') });
    await target.close();
  });
});

describe('the call policy, the same over HTTP and in-process', () => {
  /** An upstream that answers 503 while `healthy` is false, counting the calls that reach it. */
  function flakyUpstream() {
    const state = { healthy: false, calls: 0 };
    const answer = () => (state.calls++, state.healthy ? { status: 200, body: { ok: true } } : { status: 503, body: {} });
    return { state, answer };
  }
  const transports = {
    http: async (upstream: ReturnType<typeof flakyUpstream>, policy: Parameters<typeof createHttpClient>[0] extends infer O ? Omit<O & object, 'name' | 'urls'> : never) =>
      createHttpClient({ name: 'catalog', urls: [await serve(upstream.answer)], ...policy }),
    'in-process': async (upstream: ReturnType<typeof flakyUpstream>, policy: Omit<Parameters<typeof createInProcessClient>[0], 'name' | 'app'>) => {
      const fastify = Fastify();
      fastify.all('/*', async (_request, reply) => {
        const { status, body } = upstream.answer();
        return reply.code(status).send(body);
      });
      await fastify.ready();
      return createInProcessClient({ name: 'catalog', app: () => fastify, ...policy });
    },
  };

  for (const [transport, connect] of Object.entries(transports)) {
    it(`${transport}: retries a call safe to repeat, opens the breaker, stops calling, then closes after one good trial`, async () => {
      let now = 0;
      const upstream = flakyUpstream();
      const client = await connect(upstream, { retries: 1, breaker: { threshold: 4, resetMs: 1000, now: () => now } });

      // A lookup with an idempotency key is tried twice; a POST without one once.
      await expect(client.call({ method: 'POST', path: '/lookup', idempotencyKey: 'k1' })).rejects.toMatchObject({ code: 'unavailable', message: 'The catalog service answered 503' });
      expect(upstream.state.calls).toBe(2);
      expect((await client.call({ method: 'POST', path: '/orders' })).status).toBe(503);
      expect(upstream.state.calls).toBe(3);
      await expect(client.call({ path: '/x' })).rejects.toMatchObject({ code: 'unavailable' });
      expect(upstream.state.calls).toBe(4); // the fourth failure in a row opened the breaker: no retry went out

      // Open: calls fail at once without reaching the upstream, even once it has recovered.
      upstream.state.healthy = true;
      await expect(client.call({ path: '/x' })).rejects.toMatchObject({ code: 'unavailable', message: 'The catalog service is unavailable (circuit open)' });
      expect(upstream.state.calls).toBe(4);

      // After the reset time one trial goes through; its success closes the breaker.
      now = 1000;
      expect((await client.call({ path: '/x' })).status).toBe(200);
      expect((await client.call({ path: '/x' })).status).toBe(200);
      expect(upstream.state.calls).toBe(6);
      await client.close();
    });
  }
});
