import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.js';
import { databaseUrlFor } from './database-url.js';

describe('databaseUrlFor', () => {
  it('takes DATABASE_URL as given', async () => {
    await expect(databaseUrlFor('catalog', { DATABASE_URL: 'postgres://h/catalog', POSTGRES_URL: 'postgres://h/postgres' })).resolves.toBe('postgres://h/catalog');
  });

  it('names both variables when neither is set', async () => {
    const error = await databaseUrlFor('catalog', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/DATABASE_URL is required.*POSTGRES_URL/s);
  });
});
