import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, LogFn, LoggerOptions } from 'pino';

/** Paths that must never reach a log line: secrets, hashes and tokens. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'password',
  'password_hash',
  'token',
  'access_token',
  'refresh_token',
  '*.password',
  '*.password_hash',
  '*.access_token',
  '*.refresh_token',
  'card_number',
  '*.card_number',
];

/** pino options shared by every service: JSON lines, service name, redaction. */
export function loggerOptions(service: string, level = process.env.LOG_LEVEL ?? 'info'): LoggerOptions {
  return {
    level,
    base: { service },
    messageKey: 'msg',
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
}

type RequestLogger = FastifyBaseLogger & { bindings(): Bindings; isLevelEnabled(level: string): boolean };
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/**
 * A request's logger that makes its pino child the first time something is logged at an enabled level.
 * Making a child serializes its bindings: a cost on every request and in-process call, wasted when the
 * level drops everything the request logs (LOG_LEVEL=warn). A route's own level or serializers make the
 * child at once.
 * @example childLoggerFactory: (logger, bindings, options) => lazyChild(logger, { ...bindings, trace_id }, options)
 */
export function lazyChild(parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  if (options.level || options.serializers) return parent.child(bindings, options);
  let child: RequestLogger | undefined;
  const made = () => (child ??= parent.child(bindings, options) as RequestLogger);
  const lazy = Object.create(parent) as RequestLogger;
  for (const level of LEVELS) {
    if ((parent as RequestLogger).isLevelEnabled(level)) lazy[level] = ((...args: Parameters<LogFn>) => made()[level](...args)) as LogFn;
  }
  lazy.child = (more, moreOptions) => made().child(more, moreOptions);
  lazy.bindings = () => made().bindings();
  return lazy;
}
