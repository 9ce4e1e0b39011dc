import type { ServerResponse } from 'node:http';
import { problemOf, type ErrorCode } from '@storefleet/kit';

/**
 * Answers an RFC 9457 problem straight on the raw response (the proxy path has no Fastify reply).
 * When the response has already started, the connection is cut instead, so the client sees a broken
 * response rather than a corrupted one.
 */
export function sendProblem(
  res: ServerResponse,
  code: ErrorCode,
  detail: string,
  requestId: string,
  headers: Record<string, string>,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const problem = problemOf(code, detail, { request_id: requestId });
  const body = JSON.stringify(problem);
  headers['content-type'] = 'application/problem+json';
  headers['content-length'] = String(Buffer.byteLength(body));
  headers['x-request-id'] = requestId;
  res.writeHead(problem.status, headers);
  res.end(body);
}
