import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

function ajvWith(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false, ...options });
  addFormats.default(ajv);
  return ajv;
}

/**
 * Request validation: URL parts arrive as strings and are coerced to their declared types; a JSON
 * body is taken as sent, so `"price": "12"` or `"name": 42` is a 400 rather than silently fixed.
 * Unknown body fields are dropped (a `role` sent to /register is ignored, not trusted).
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const coercing = ajvWith({ coerceTypes: 'array', removeAdditional: true });
  const strictBody = ajvWith({ coerceTypes: false, removeAdditional: true });
  return ({ schema, httpPart }) => (httpPart === 'body' ? strictBody : coercing).compile(schema as object);
}
