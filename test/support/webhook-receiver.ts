import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  /** The base URL (http://127.0.0.1:port); any path under it is an endpoint. */
  url: string;
  received: ReceivedWebhook[];
  /** The requests to one path, in arrival order. */
  at(path: string): ReceivedWebhook[];
  /** The statuses `path` answers next, one per request (then 200). */
  script(path: string, statuses: number[]): void;
  close(): Promise<void>;
}

/** Verifies a received webhook with the standardwebhooks package and answers its payload (throws if the signature is wrong). */
export function verified(secret: string, request: ReceivedWebhook): { id: string; event: string; data: any; timestamp: string } {
  const headers = { 'webhook-id': String(request.headers['webhook-id']), 'webhook-timestamp': String(request.headers['webhook-timestamp']), 'webhook-signature': String(request.headers['webhook-signature']) };
  return new Webhook(secret).verify(request.body, headers) as { id: string; event: string; data: any; timestamp: string };
}

/**
 * A webhook receiver for a test: records every request and answers what its script says.
 * @example const receiver = await startWebhookReceiver(); receiver.script('/flaky', [500, 500]);
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const scripts = new Map<string, number[]>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString() });
      const status = scripts.get(path)?.shift() ?? 200;
      response.writeHead(status, { 'content-type': 'text/plain' }).end(`answer ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    at: (path) => received.filter((r) => r.path === path),
    script: (path, statuses) => void scripts.set(path, [...statuses]),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
