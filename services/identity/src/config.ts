import { Type, type Static } from '@sinclair/typebox';
import { CsvImportConfig, DatabaseConfig } from '@storefleet/kit';

const DAY = 24 * 60 * 60;

/** Environment variables of the identity service; the type below is derived from this schema. */
export const IdentityConfigSchema = Type.Object({
  PORT: Type.Integer({ default: 4001, minimum: 0, maximum: 65535 }),
  HOST: Type.String({ default: '127.0.0.1', minLength: 1 }),
  ...DatabaseConfig,
  ...CsvImportConfig,
  ADMIN_EMAIL: Type.String({ default: 'admin@storefleet.local', pattern: '^[^\\s@]+@[^\\s@]+$', description: 'an email address' }),
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 8, maxLength: 256, description: 'a password of 8 to 256 characters' })),
  ACCESS_TOKEN_TTL: Type.Integer({ default: 900, minimum: 1, maximum: DAY, description: 'seconds an access token lives (1..86400)' }),
  REFRESH_TOKEN_TTL: Type.Integer({ default: 30 * DAY, minimum: 60, description: 'seconds a refresh token lives (at least 60)' }),
  LOGIN_MAX_FAILURES_PER_EMAIL: Type.Integer({ default: 10, minimum: 1 }),
  LOGIN_MAX_FAILURES_PER_IP: Type.Integer({ default: 50, minimum: 1 }),
  WEB_CHANNEL_KEY: Type.Optional(Type.String({ pattern: '^pk_[A-Za-z0-9_-]{24,128}$', description: 'a publishable key (pk_…) registered for the web channel at start unless known (npm start keeps one in its data folder)' })),
  STOREFRONT_CHANNELS: Type.Optional(Type.String({ description: 'a JSON array of storefront channels ({id, name, theme_color?, allowed_origins?, key}) made sure of at start: created unless they exist, origins added, keys registered (npm start and start:cluster set it)' })),
  LOGIN_FAILURE_WINDOW: Type.Integer({ default: 15 * 60, minimum: 1, description: 'seconds over which failed logins are counted' }),
});

export type IdentityConfig = Static<typeof IdentityConfigSchema>;
