import type { LoggerOptions } from 'pino';

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
