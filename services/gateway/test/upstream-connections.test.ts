import { request } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { closeAfterEach, createKeys, deadUrl, listenOnFreePort, send, startGateway, startUpstream } from './support.js';

const OK_EMPTY_LIST = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]';
const keys = await createKeys();

describe('gateway upstream connections', () => {
  const cleanups = closeAfterEach();

  /** A TCP upstream whose bytes the test writes itself, run on each chunk a connection receives. */
  async function rawUpstream(onData: (socket: Socket) => void): Promise<string> {
    const sockets = new Set<Socket>();
    const server = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on('data', () => onData(socket));
    });
    const url = await listenOnFreePort(server as never);
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    });
    return url;
  }

  async function gatewayFor(catalogUrl: string, env: Record<string, string> = {}): Promise<string> {
    const { gateway, url } = await startGateway({ IDENTITY_URLS: await deadUrl(), CATALOG_URLS: catalogUrl, ...env }, { jwks: keys.jwks });
    cleanups.push(() => gateway.close());
    return url;
  }

  it('keeps upstream connections alive between requests', async () => {
    const ports = new Set<number>();
    const upstream = await startUpstream('catalog', {
      '/products': (req, res) => {
        ports.add(req.socket.remotePort!);
        res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      },
    });
    cleanups.push(() => upstream.close());
    const url = await gatewayFor(upstream.url);
    for (let i = 0; i < 5; i++) expect((await send(url, 'GET', '/api/products')).status).toBe(200);
    expect(ports.size).toBe(1);
  });

  it('survives an upstream closing its idle kept-alive connections (a replica shutting down)', async () => {
    // Answers, then ends every idle connection the way a server does when it closes gracefully.
    let closed = 0;
    const upstreamUrl = await rawUpstream((socket) => {
      socket.once('close', () => closed++);
      socket.write(OK_EMPTY_LIST);
      setTimeout(() => socket.end(), 20);
    });
    const url = await gatewayFor(upstreamUrl);
    for (let i = 0; i < 3; i++) {
      expect((await send(url, 'GET', '/api/products')).status).toBe(200);
      // The next request comes once the gateway has seen the upstream end its idle connection.
      await vi.waitFor(() => expect(closed).toBe(i + 1));
    }
  });

  it('sends a GET again when a kept-alive connection turns out to be closed', async () => {
    // An upstream that answers the first request on each connection and hangs up on the second.
    const answered = new WeakMap<Socket, number>();
    const upstreamUrl = await rawUpstream((socket) => {
      const count = (answered.get(socket) ?? 0) + 1;
      answered.set(socket, count);
      if (count > 1) return socket.destroy();
      socket.write(OK_EMPTY_LIST);
    });
    const url = await gatewayFor(upstreamUrl);
    for (let i = 0; i < 3; i++) {
      const reply = await send(url, 'GET', '/api/products');
      expect(reply.status).toBe(200);
      expect(reply.text).toBe('[]');
    }
  });

  it('queues requests beyond UPSTREAM_CONNECTIONS instead of failing them', async () => {
    let open = 0;
    let most = 0;
    const upstream = await startUpstream('catalog', {
      '/products': (_req, res) => {
        open++;
        most = Math.max(most, open);
        setTimeout(() => {
          open--;
          res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
        }, 10);
      },
    });
    cleanups.push(() => upstream.close());
    const url = await gatewayFor(upstream.url, { UPSTREAM_CONNECTIONS: '1' });
    const replies = await Promise.all(Array.from({ length: 4 }, () => send(url, 'GET', '/api/products')));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(most).toBe(1);
  });

  it('passes an upstream problem response through untouched', async () => {
    const upstream = await startUpstream('catalog', {
      '/products/missing': (_req, res) => {
        res.writeHead(404, { 'content-type': 'application/problem+json', etag: '"v1"' });
        res.end(JSON.stringify({ type: 'about:blank', title: 'Not found', status: 404 }));
      },
    });
    cleanups.push(() => upstream.close());
    const url = await gatewayFor(upstream.url);
    const reply = await send(url, 'GET', '/api/products/missing');
    expect(reply.status).toBe(404);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(reply.headers.etag).toBe('"v1"');
    expect(reply.json).toEqual({ type: 'about:blank', title: 'Not found', status: 404 });
  });

  it('streams a large response to a slow client, then reuses the connection', async () => {
    const big = Buffer.alloc(4 * 1024 * 1024, 'a');
    const upstream = await startUpstream('catalog', {
      // A public route (the CSV export now needs a token), its answer not one the micro-cache keeps.
      '/products/big': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/csv' });
        for (let i = 0; i < big.length; i += 64 * 1024) res.write(big.subarray(i, i + 64 * 1024));
        res.end();
      },
    });
    cleanups.push(() => upstream.close());
    const url = await gatewayFor(upstream.url, { UPSTREAM_CONNECTIONS: '1' });
    const received = await new Promise<number>((resolve, reject) => {
      const req = request(`${url}/api/products/big`, { agent: false }, (res) => {
        let bytes = 0;
        res.pause();
        setTimeout(() => res.resume(), 100); // let the gateway's buffers fill up first
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve(bytes));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    expect(received).toBe(big.length);
    expect((await send(url, 'GET', '/api/products')).status).toBe(200);
  });

  it('forwards large request bodies intact, declared or chunked', async () => {
    const upstream = await startUpstream('catalog');
    cleanups.push(() => upstream.close());
    const url = await gatewayFor(upstream.url, { BODY_LIMIT: String(2 * 1024 * 1024) });
    const token = await keys.sign();
    const body = Buffer.alloc(1024 * 1024, 'b');
    const declared = await send(url, 'POST', '/api/products', { headers: { authorization: `Bearer ${token}` }, body });
    expect(declared.json.body_bytes).toBe(body.length);
    const chunks = Array.from({ length: 16 }, (_, i) => Buffer.alloc(64 * 1024, String(i % 10)));
    const chunked = await send(url, 'POST', '/api/products', { headers: { authorization: `Bearer ${token}` }, chunks });
    expect(chunked.json.body_bytes).toBe(16 * 64 * 1024);
    expect(upstream.seen.at(-1)!.body).toBe(Buffer.concat(chunks).toString());
  });
});
