import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { closeAfterEach, createKeys, deadUrl, send, startGateway, startUpstream, type FakeUpstream } from './support.js';

const keys = await createKeys();

describe('gateway load balancing and upstream failures', () => {
  const cleanups = closeAfterEach();

  async function gatewayFor(catalogUrls: string[], env: Record<string, string> = {}): Promise<string> {
    const { gateway, url } = await startGateway({ IDENTITY_URLS: await deadUrl(), CATALOG_URLS: catalogUrls.join(','), ...env }, { jwks: keys.jwks });
    cleanups.push(() => gateway.close());
    return url;
  }

  async function upstream(name: string, handlers?: Parameters<typeof startUpstream>[1]): Promise<FakeUpstream> {
    const started = await startUpstream(name, handlers);
    cleanups.push(() => started.close());
    return started;
  }

  it('spreads requests over the upstreams in turn', async () => {
    const [a, b] = [await upstream('a'), await upstream('b')];
    const url = await gatewayFor([a.url, b.url]);
    const served: string[] = [];
    for (let i = 0; i < 6; i++) served.push((await send(url, 'GET', '/api/products')).json.upstream);
    expect(served).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
  });

  it('skips an upstream that refuses connections', async () => {
    const live = await upstream('live');
    const url = await gatewayFor([await deadUrl(), live.url]);
    for (let i = 0; i < 6; i++) {
      const reply = await send(url, 'GET', '/api/products');
      expect(reply.status).toBe(200);
      expect(reply.json.upstream).toBe('live');
    }
  });

  it('answers a problem, not a hang, when every upstream is down', async () => {
    const url = await gatewayFor([await deadUrl(), await deadUrl()]);
    const first = await send(url, 'GET', '/api/products');
    expect([502, 503]).toContain(first.status);
    expect(first.headers['content-type']).toBe('application/problem+json');
    expect(first.json.detail).toMatch(/catalog service/);
    // Once both are marked down, the gateway answers 503 without trying them.
    await send(url, 'GET', '/api/products');
    const later = await send(url, 'GET', '/api/products');
    expect(later.status).toBe(503);
    expect(later.json.detail).toBe('The catalog service is unavailable (all upstreams are down)');
  });

  it('answers 504 when the upstream does not answer in time', async () => {
    const slow = await upstream('slow', { '/products/slow': () => {} });
    const url = await gatewayFor([slow.url], { UPSTREAM_TIMEOUT_MS: '300' });
    const reply = await send(url, 'GET', '/api/products/slow');
    expect(reply.status).toBe(504);
    expect(reply.json.detail).toBe('The catalog service did not answer in time');
  });

  it('survives an upstream that breaks off in the middle of a response', async () => {
    const flaky = await upstream('flaky', {
      '/products/broken': (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"partial":');
        setTimeout(() => req.socket.destroy(), 20);
      },
    });
    const url = await gatewayFor([flaky.url]);
    await expect(send(url, 'GET', '/api/products/broken')).rejects.toThrow();
    const next = await send(url, 'GET', '/api/products');
    expect(next.status).toBe(200);
  });

  it('stops the upstream call when the client goes away', async () => {
    let arrived!: () => void;
    let upstreamClosed!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const closed = new Promise<void>((resolve) => (upstreamClosed = resolve));
    const hanging = await upstream('hanging', {
      '/products/hang': (_req, res) => {
        res.on('close', upstreamClosed);
        arrived();
      },
    });
    const url = await gatewayFor([hanging.url]);
    const client = request(`${url}/api/products/hang`, { agent: false });
    client.on('error', () => {});
    client.end();
    await arrival;
    client.destroy();
    await closed;
    expect((await send(url, 'GET', '/api/products')).status).toBe(200);
  });
});
