import { describe, expect, it } from 'vitest';
import { ConfigError } from '@storefleet/kit';
import { loadCatalogConfig } from './config.js';

describe('loadCatalogConfig', () => {
  it('applies defaults', () => {
    expect(loadCatalogConfig({ DATABASE_URL: 'postgres://localhost/catalog' })).toEqual({
      PORT: 4002,
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://localhost/catalog',
      IDENTITY_URLS: 'http://127.0.0.1:4001',
      SEED_DEMO_DATA: true,
      CATALOG_CACHE_BYTES: 64 * 1024 * 1024,
      CSV_IMPORT_MAX_BYTES: 50 * 1024 * 1024,
      EVENT_MAX_ATTEMPTS: 10,
      EVENT_RETRY_MS: 30_000,
    });
    expect(loadCatalogConfig({ DATABASE_URL: 'postgres://x/y', SEED_DEMO_DATA: 'false', PORT: '5002' })).toMatchObject({ SEED_DEMO_DATA: false, PORT: 5002 });
  });

  it('names each missing or invalid variable', () => {
    expect(() => loadCatalogConfig({ DATABASE_URL: 'mysql://x/y' })).toThrow(ConfigError);
    expect(() => loadCatalogConfig({ DATABASE_URL: 'mysql://x/y' })).toThrow(/DATABASE_URL="mysql:\/\/x\/y" is invalid/);
    expect(() => loadCatalogConfig({ DATABASE_URL: 'postgres://x/y', SEED_DEMO_DATA: 'maybe' })).toThrow(/SEED_DEMO_DATA="maybe" is invalid/);
    expect(() => loadCatalogConfig({ DATABASE_URL: 'postgres://x/y', CATALOG_CACHE_BYTES: '-1' })).toThrow(/CATALOG_CACHE_BYTES="-1" is invalid/);
  });
});
