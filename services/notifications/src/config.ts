import { Type, type Static } from '@sinclair/typebox';
import { ConfigError, DatabaseConfig, IdentityUrlsConfig, loadConfig } from '@storefleet/kit';

const DURATION = '^\\s*\\d+(ms|s|m|h|d)?\\s*$';
const SCHEDULE = '^\\s*\\d+(ms|s|m|h|d)?\\s*(,\\s*\\d+(ms|s|m|h|d)?\\s*)*$';

/** Every environment variable notifications reads; the type below is derived from it. */
export const NotificationsConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 4006 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  ...DatabaseConfig,
  ...IdentityUrlsConfig,
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://', description: 'an smtp:// or smtps:// URL (smtp://user:pass@host:port); without it emails are kept as not_sent' })),
  MAIL_FROM: Type.String({ default: 'Storefleet <no-reply@storefleet.local>', description: 'the From of every email' }),
  SMTP_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 30_000, description: 'how long an SMTP connection, greeting or silent socket may take (milliseconds)' }),
  STOREFRONT_URL: Type.String({ default: 'http://127.0.0.1:5001', description: 'the storefront links in emails point to (password reset, order lookup)' }),
  ADMIN_ALERT_EMAILS: Type.Optional(Type.String({ description: 'comma-separated addresses of low-stock and webhook alerts; by default every active admin' })),
  MESSAGE_RETRY_SCHEDULE: Type.String({
    pattern: SCHEDULE,
    default: '0,30s,2m,10m,30m,2h',
    description: 'email and SMS: comma-separated delays before each attempt (ms, s, m, h, d; a bare number is seconds); the message fails after the last',
  }),
  WEBHOOK_URLS: Type.Optional(Type.String({ description: 'comma-separated URLs subscribed to every event, signed with WEBHOOK_SECRET' })),
  WEBHOOK_SECRET: Type.Optional(Type.String({ pattern: '^whsec_[A-Za-z0-9+/=]{16,}$', description: 'the whsec_ secret of WEBHOOK_URLS' })),
  WEBHOOK_RETRY_SCHEDULE: Type.String({
    pattern: SCHEDULE,
    default: '0,5s,5m,30m,2h,5h,10h,10h',
    description: 'webhooks: comma-separated delays before each attempt (jittered by up to 10%)',
  }),
  WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 15_000, description: 'how long a webhook call may take (milliseconds)' }),
  WEBHOOK_DISABLE_AFTER: Type.String({ pattern: DURATION, default: '5d', description: 'an endpoint failing continuously this long is disabled and the admins are mailed' }),
  WEBHOOK_ALLOW_PRIVATE_URLS: Type.Boolean({ default: false, description: 'true to allow webhook URLs on loopback, private or link-local addresses (tests, npm start)' }),
  SMS_WEBHOOK_URL: Type.Optional(Type.String({ pattern: '^https?://', description: 'an HTTP SMS gateway that gets {to, body} as JSON; without it SMS are kept as not_sent' })),
  SEND_CLAIM_MS: Type.Integer({
    minimum: 100,
    maximum: 3_600_000,
    default: 120_000,
    description: 'how long a sender owns a message it is sending: a sender that dies mid-send has it sent again after this (keep it above the SMTP and webhook timeouts)',
  }),
  SEND_POLL_MS: Type.Integer({ minimum: 10, maximum: 600_000, default: 1_000, description: 'how often senders look for due messages (milliseconds)' }),
});
export type NotificationsConfig = Static<typeof NotificationsConfigSchema>;

/**
 * Reads notifications' configuration from the environment.
 * @example const config = loadNotificationsConfig(process.env)
 */
export function loadNotificationsConfig(env: Record<string, string | undefined> = process.env): NotificationsConfig {
  return checkNotificationsConfig(loadConfig(NotificationsConfigSchema, env));
}

/** What one variable's schema cannot say: WEBHOOK_URLS needs WEBHOOK_SECRET to sign their requests. */
export function checkNotificationsConfig(config: NotificationsConfig): NotificationsConfig {
  if (config.WEBHOOK_URLS && !config.WEBHOOK_SECRET) throw new ConfigError('WEBHOOK_SECRET is required with WEBHOOK_URLS: the whsec_ secret that signs their requests');
  return config;
}
