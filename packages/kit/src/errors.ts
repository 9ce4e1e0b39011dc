import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Every failure a client can see, each mapped to one HTTP status. */
export const ERROR_STATUS = {
  bad_request: 400,
  validation: 400,
  unauthorized: 401,
  payment_required: 402,
  forbidden: 403,
  not_found: 404,
  request_timeout: 408,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  headers_too_large: 431,
  internal: 500,
  bad_gateway: 502,
  unavailable: 503,
  timeout: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

const TITLES: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  validation: 'Invalid request',
  unauthorized: 'Unauthorized',
  payment_required: 'Payment required',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  request_timeout: 'Request timeout',
  conflict: 'Conflict',
  gone: 'Gone',
  payload_too_large: 'Payload too large',
  uri_too_long: 'URI too long',
  unsupported_media_type: 'Unsupported media type',
  unprocessable: 'Unprocessable request',
  rate_limited: 'Too many requests',
  headers_too_large: 'Request header fields too large',
  internal: 'Internal server error',
  bad_gateway: 'Bad gateway',
  unavailable: 'Service unavailable',
  timeout: 'Upstream timeout',
};

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  request_id?: string;
  [extension: string]: unknown;
}

/**
 * The one error type of Storefleet: a code with a fixed HTTP status, a detail for the client.
 * @example throw new AppError('not_found', `product ${id} does not exist`)
 */
export class AppError extends Error {
  readonly status: number;
  readonly fields?: FieldError[];
  readonly extensions?: Record<string, unknown>;
  constructor(
    readonly code: ErrorCode,
    detail: string,
    options: { cause?: unknown; fields?: FieldError[]; extensions?: Record<string, unknown> } = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
    this.fields = options.fields;
    this.extensions = options.extensions;
  }
}

export function problemOf(code: ErrorCode, detail?: string, extra: Partial<Problem> = {}): Problem {
  return {
    type: `https://storefleet.dev/problems/${code.replace(/_/g, '-')}`,
    title: TITLES[code],
    status: ERROR_STATUS[code],
    ...(detail ? { detail } : {}),
    ...extra,
  };
}

function codeForStatus(status: number): ErrorCode {
  const found = (Object.keys(ERROR_STATUS) as ErrorCode[]).find(
    (code) => ERROR_STATUS[code] === status && code !== 'validation',
  );
  return found ?? (status >= 500 ? 'internal' : 'bad_request');
}

/** Maps Ajv's `instancePath`/`missingProperty` to a dotted field name the client sent. */
function fieldOf(error: NonNullable<FastifyError['validation']>[number], context?: string): string {
  const missing = (error.params as { missingProperty?: string; additionalProperty?: string } | undefined);
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const leaf = missing?.missingProperty ?? missing?.additionalProperty;
  const field = [path, leaf].filter(Boolean).join('.');
  return field || (context ?? 'body');
}

/** Converts any thrown error into an RFC 9457 problem; 5xx details never reach the client. */
export function toProblem(error: unknown): Problem {
  if (error instanceof AppError) {
    const detail = error.status >= 500 && error.code === 'internal' ? undefined : error.message;
    // Extensions add members; they never replace the problem's own (type, title, status, detail, errors).
    return { ...error.extensions, ...problemOf(error.code, detail, error.fields ? { errors: error.fields } : {}) };
  }
  const fe = error as FastifyError;
  if (fe.validation) {
    // One entry per field: a value failing a union (string or null) gets one message per branch, joined.
    const byField = new Map<string, string[]>();
    for (const v of fe.validation) {
      const field = fieldOf(v, fe.validationContext);
      const messages = byField.get(field) ?? [];
      if (v.keyword !== 'anyOf' || messages.length === 0) messages.push(v.message ?? 'is invalid');
      byField.set(field, messages);
    }
    const errors = [...byField].map(([field, messages]) => ({ field, message: messages.join(' or ') }));
    const where = fe.validationContext ?? 'body';
    return problemOf('validation', `The ${where} has ${errors.length} invalid field(s): ${errors.map((e) => e.field).join(', ')}`, { errors });
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error instanceof SyntaxError && fe.statusCode === 400)) {
    return problemOf('bad_request', 'The body is not valid JSON');
  }
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return problemOf('bad_request', 'The body is empty but content-type is application/json');
  // PostgreSQL's class 22 "data exception" (a NUL character, a number out of range, ...) comes from
  // a value the client sent that passed validation but cannot be stored or compared.
  const pgError = error as { code?: unknown; severity?: unknown };
  if (typeof pgError.code === 'string' && /^22[0-9A-Z]{3}$/.test(pgError.code) && typeof pgError.severity === 'string') {
    return problemOf('bad_request', 'A value in the request is out of range or contains characters that cannot be stored (such as NUL)');
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return problemOf(codeForStatus(fe.statusCode), fe.message);
  }
  return problemOf('internal');
}

/**
 * Fastify's `frameworkErrors`: a URL it cannot decode (FST_ERR_BAD_URL, 400) or a path parameter
 * over `maxParamLength` (FST_ERR_MAX_PARAM_LENGTH, 414) fails before any route or error handler
 * runs; this answers them as problem details too.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const problem = { ...toProblem(error), request_id: request.id };
  request.log.info({ status: problem.status, code: error.code }, problem.title);
  void reply.status(problem.status).header('x-request-id', request.id).type('application/problem+json').send(JSON.stringify(problem));
}

/** What Node's HTTP parser reports (no request exists yet), as a problem. */
function clientProblem(error: Error & { code?: string }) {
  if (error.code === 'HPE_HEADER_OVERFLOW') return problemOf('headers_too_large', 'The request line and headers together are larger than the server accepts (16 KB)');
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return problemOf('request_timeout', 'The request did not arrive in time');
  return problemOf('bad_request', 'The request is not well-formed HTTP/1.1');
}

/**
 * The HTTP server's `clientError` listener (Fastify's `clientErrorHandler`): bytes Node's parser
 * refuses (malformed request, heads over 16 KB, a request too slow to arrive) get a problem written
 * straight on the socket, which then closes, instead of Node's empty-bodied answer.
 * @example server.on('clientError', answerClientError)
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // A reset connection has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // As Node does: never write into the middle of a response already under way on this socket.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const problem = clientProblem(error);
    const body = JSON.stringify(problem);
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `x-content-type-options: nosniff\r\nconnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** Installs the problem-details error and not-found handlers on an app. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error);
    problem.request_id = request.id;
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ status: problem.status, code: (error as AppError).code }, problem.title);
    if (problem.status === 429 && error instanceof AppError && error.extensions?.retry_after) {
      reply.header('retry-after', String(error.extensions.retry_after));
    }
    return reply.status(problem.status).type('application/problem+json').send(problem);
  });
  app.setNotFoundHandler((request, reply) => {
    const problem = problemOf('not_found', `No route for ${request.method} ${request.url.split('?')[0]}`, { request_id: request.id });
    return reply.status(404).type('application/problem+json').send(problem);
  });
}
