import { describe, expect, it } from 'vitest';
import { ConfigError } from '@storefleet/kit';
import { loadPaymentsConfig } from './config.js';

describe('loadPaymentsConfig', () => {
  it('applies defaults', () => {
    expect(loadPaymentsConfig({ DATABASE_URL: 'postgres://localhost/payments' })).toEqual({
      PORT: 4004,
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://localhost/payments',
      IDENTITY_URLS: 'http://127.0.0.1:4001',
      PAYMENTS_SLOW_CARD_MS: 10_000,
      EVENT_MAX_ATTEMPTS: 10,
      EVENT_RETRY_MS: 30_000,
    });
    expect(loadPaymentsConfig({ PAYMENTS_SLOW_CARD_MS: '250', PORT: '5004' })).toMatchObject({ PAYMENTS_SLOW_CARD_MS: 250, PORT: 5004 });
  });

  it('names an invalid variable', () => {
    expect(() => loadPaymentsConfig({ PAYMENTS_SLOW_CARD_MS: 'soon' })).toThrow(ConfigError);
    expect(() => loadPaymentsConfig({ PAYMENTS_SLOW_CARD_MS: '-1' })).toThrow(/PAYMENTS_SLOW_CARD_MS="-1" is invalid/);
    expect(() => loadPaymentsConfig({ EVENT_MAX_ATTEMPTS: '0' })).toThrow(/EVENT_MAX_ATTEMPTS="0" is invalid/);
  });
});
