import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { ConfigError, loadConfig } from './config.js';

const Schema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 4002 }),
  DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://', description: 'a postgres:// connection string' }),
  SEED_DEMO_DATA: Type.Boolean({ default: true }),
});

describe('loadConfig', () => {
  it('applies defaults and converts types', () => {
    expect(loadConfig(Schema, { DATABASE_URL: 'postgres://x/y', SEED_DEMO_DATA: 'false' })).toEqual({
      PORT: 4002,
      DATABASE_URL: 'postgres://x/y',
      SEED_DEMO_DATA: false,
    });
  });

  it('names a missing variable and what it expects', () => {
    expect(() => loadConfig(Schema, {})).toThrow(/DATABASE_URL is required: expected a postgres:\/\/ connection string/);
  });

  it('names a bad value and the expected range', () => {
    let error: unknown;
    try {
      loadConfig(Schema, { PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('PORT="eighty" is invalid: expected an integer in 1..65535');
    expect((error as Error).message).toContain('DATABASE_URL="mysql://x" is invalid');
  });
});
