import { afterEach } from 'vitest';
import { createHash } from 'node:crypto';
import { request as httpRequest, createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type JWTPayload } from 'jose';
import { createTokenVerifier, loadConfig, TOKEN_AUDIENCE, TOKEN_ISSUER, type SessionRevocations } from '@storefleet/kit';
import { GatewayConfigSchema, createChannelDirectory, createGateway, type ChannelDirectory, type Gateway, type RateLimitStore, type RouteEntry } from '../src/app.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** A channel directory that never asks identity: these channels, with their keys (in clear) and origins. */
export function fixedChannels(channels: { id: string; keys?: string[]; allowed_origins?: string[] }[] = []): ChannelDirectory {
  const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');
  const items = channels.map((c) => ({ id: c.id, name: c.id, theme_color: '#1f6feb', allowed_origins: c.allowed_origins ?? [], key_hashes: (c.keys ?? []).map(sha256) }));
  return createChannelDirectory({ load: async () => ({ items }), log: quiet });
}

/** What a fake upstream saw. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeUpstream {
  name: string;
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/**
 * A tiny upstream service on a free port: it records each request and, unless a handler for the
 * path says otherwise, answers `{ upstream, method, url }` as JSON.
 */
export async function startUpstream(name: string, handlers: Record<string, Handler> = {}): Promise<FakeUpstream> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const handler = handlers[req.url!.split('?')[0]!];
      if (handler) return handler(req, res, body);
      const payload = JSON.stringify({ upstream: name, method: req.method, url: req.url, body_bytes: Buffer.byteLength(body) });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
      res.end(payload);
    });
  });
  const url = await listenOnFreePort(server);
  return { name, url, seen, close: () => closeServer(server) };
}

export async function listenOnFreePort(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A URL where nothing listens (a port that was free a moment ago). */
let nextDeadPort = 1;
export async function deadUrl(): Promise<string> {
  // Low ports nothing listens on here: a port freed a moment ago could be taken by another test file.
  nextDeadPort = (nextDeadPort % 19) + 1;
  return `http://127.0.0.1:${nextDeadPort}`;
}

/** An Ed25519 key like identity's, with a JWKS for the gateway and a signer for tests. */
export async function createKeys(kid = 'test-key') {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }] };
  async function sign(claims: JWTPayload & { role?: string; email?: string } = {}, options: { expiresIn?: string | number; subject?: string } = {}): Promise<string> {
    return new SignJWT({ role: 'customer', ...claims })
      .setProtectedHeader({ alg: 'EdDSA', kid })
      .setSubject(options.subject ?? 'b0b0b0b0-0000-4000-8000-000000000001')
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '15m')
      .sign(privateKey);
  }
  return { jwks, sign };
}

/** Starts a gateway on a free port with a local-JWKS verifier; `env` are its environment variables. */
export async function startGateway(
  env: Record<string, string>,
  options: { jwks: { keys: object[] }; routes?: RouteEntry[]; rateLimitStore?: RateLimitStore; revocations?: SessionRevocations; channels?: ChannelDirectory },
): Promise<{ gateway: Gateway; url: string }> {
  const config = loadConfig(GatewayConfigSchema, { PORT: '0', METRICS_PORT: '0', ...env });
  const channels = options.channels ?? fixedChannels();
  await channels.loaded();
  const gateway = await createGateway({
    config,
    verifier: createTokenVerifier({ jwks: options.jwks as never }),
    logLevel: 'silent',
    ...(options.routes ? { routes: options.routes } : {}),
    ...(options.rateLimitStore ? { rateLimitStore: options.rateLimitStore } : {}),
    ...(options.revocations ? { revocations: options.revocations } : {}),
    channels,
  });
  const url = await gateway.listen(0, '127.0.0.1');
  return { gateway, url };
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: any;
}

/**
 * One HTTP request with full control over headers and body (a string, or chunks sent with
 * Transfer-Encoding: chunked).
 */
export function send(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer; chunks?: (string | Buffer)[]; /** connect from this loopback address, e.g. 127.0.0.7 */ from?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(baseUrl + path, { method, headers: options.headers, agent: false, localAddress: options.from }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode!, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (options.chunks) {
      for (const chunk of options.chunks) req.write(chunk);
      req.end();
    } else {
      req.end(options.body);
    }
  });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Things a test started, closed after it in reverse order: `cleanups.push(() => gateway.close())`. */
export function closeAfterEach(): (() => Promise<void>)[] {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  return cleanups;
}
