import { type Static, type TObject } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function describe(schema: { type?: unknown; enum?: unknown[]; anyOf?: { const?: unknown }[]; format?: string; minimum?: number; maximum?: number; description?: string }): string {
  if (schema.description) return schema.description;
  if (schema.anyOf) return `one of ${schema.anyOf.map((s) => JSON.stringify(s.const)).join(', ')}`;
  const range = schema.minimum !== undefined || schema.maximum !== undefined ? ` in ${schema.minimum ?? '-∞'}..${schema.maximum ?? '∞'}` : '';
  return `a${schema.type === 'integer' ? 'n integer' : ` ${String(schema.type)}`}${range}`;
}

/**
 * Reads and validates environment variables against a TypeBox object whose keys are variable names.
 * A bad or missing value throws a ConfigError naming the variable and what it expects.
 * @example const config = loadConfig(Type.Object({ PORT: Type.Integer({ default: 4001 }) }))
 */
export function loadConfig<T extends TObject>(schema: T, env: Record<string, string | undefined> = process.env): Static<T> {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const withDefaults = Value.Default(schema, raw);
  const converted = Value.Convert(schema, withDefaults);
  const problems: string[] = [];
  for (const error of Value.Errors(schema, converted)) {
    const name = error.path.replace(/^\//, '');
    const property = schema.properties[name] as Parameters<typeof describe>[0] | undefined;
    const given = env[name];
    const line = given === undefined || given === ''
      ? `${name} is required: expected ${property ? describe(property) : error.message}`
      : `${name}=${JSON.stringify(given)} is invalid: expected ${property ? describe(property) : error.message}`;
    if (!problems.includes(line)) problems.push(line);
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return converted as Static<T>;
}
