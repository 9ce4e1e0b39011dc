import { describe, expect, it } from 'vitest';
import { ConfigError } from '@storefleet/kit';
import { loadInventoryConfig } from './config.js';

describe('loadInventoryConfig', () => {
  it('applies defaults', () => {
    expect(loadInventoryConfig({ DATABASE_URL: 'postgres://localhost/inventory' })).toEqual({
      PORT: 4005,
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://localhost/inventory',
      IDENTITY_URLS: 'http://127.0.0.1:4001',
      SEED_DEMO_DATA: true,
      RESERVATION_TTL: '15m',
      RESERVATION_SWEEP_MS: 10_000,
      CSV_IMPORT_MAX_BYTES: 50 * 1024 * 1024,
      EVENT_MAX_ATTEMPTS: 10,
      EVENT_RETRY_MS: 30_000,
    });
    expect(loadInventoryConfig({ RESERVATION_TTL: '900', RESERVATION_SWEEP_MS: '250' })).toMatchObject({ RESERVATION_TTL: '900', RESERVATION_SWEEP_MS: 250 });
  });

  it('names each invalid variable', () => {
    expect(() => loadInventoryConfig({ RESERVATION_TTL: '15 minutes' })).toThrow(ConfigError);
    expect(() => loadInventoryConfig({ RESERVATION_TTL: '15 minutes' })).toThrow(/RESERVATION_TTL="15 minutes" is invalid/);
    expect(() => loadInventoryConfig({ RESERVATION_TTL: '0s' })).toThrow(/RESERVATION_TTL/);
    expect(() => loadInventoryConfig({ RESERVATION_SWEEP_MS: 'often' })).toThrow(/RESERVATION_SWEEP_MS="often" is invalid/);
  });
});
