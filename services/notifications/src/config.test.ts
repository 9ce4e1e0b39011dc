import { describe, expect, it } from 'vitest';
import { ConfigError } from '@storefleet/kit';
import { loadNotificationsConfig } from './config.js';

describe('loadNotificationsConfig', () => {
  it('applies defaults: email off, the Standard Webhooks retry schedule, the SSRF guard on', () => {
    const config = loadNotificationsConfig({});
    expect(config).not.toHaveProperty('SMTP_URL');
    expect(config).toMatchObject({
      PORT: 4006, WEBHOOK_RETRY_SCHEDULE: '0,5s,5m,30m,2h,5h,10h,10h', WEBHOOK_TIMEOUT_MS: 15_000,
      WEBHOOK_DISABLE_AFTER: '5d', WEBHOOK_ALLOW_PRIVATE_URLS: false, STOREFRONT_URL: 'http://127.0.0.1:5001',
    });
  });

  it('names a bad variable', () => {
    expect(() => loadNotificationsConfig({ SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL="http:\/\/mail" is invalid/);
    expect(() => loadNotificationsConfig({ WEBHOOK_RETRY_SCHEDULE: '0,soon' })).toThrow(ConfigError);
    expect(() => loadNotificationsConfig({ WEBHOOK_URLS: 'https://hooks.example.com' })).toThrow(/WEBHOOK_SECRET is required with WEBHOOK_URLS/);
  });
});
