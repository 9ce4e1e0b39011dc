import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { Static, TSchema } from '@sinclair/typebox';
import { EVENT_CATALOG, type EventType } from '@storefleet/contracts';
import type { FastifySchemaCompiler } from 'fastify';

/** Whether `value` nests at most `levels` objects or arrays deep; it stops at the limit, so it never runs out of stack. */
function nestsWithin(value: unknown, levels: number): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (levels === 0) return false;
  for (const child of Array.isArray(value) ? value : Object.values(value)) if (!nestsWithin(child, levels - 1)) return false;
  return true;
}

/**
 * The `x-json-limits` keyword of free JSON fields (freeJsonObject in contracts): bounded depth first,
 * then bounded size, both checked before anything recursive (serialising, storing) touches the value.
 */
function checkJsonLimits(limits: { max_depth: number; max_bytes: number }, value: unknown): boolean {
  let message: string | undefined;
  if (!nestsWithin(value, limits.max_depth)) message = `must not nest more than ${limits.max_depth} levels deep`;
  else if (Buffer.byteLength(JSON.stringify(value)) > limits.max_bytes) message = `must not be larger than ${limits.max_bytes} bytes as JSON`;
  checkJsonLimits.errors = message === undefined ? undefined : [{ keyword: 'x-json-limits', message, params: limits }];
  return message === undefined;
}
checkJsonLimits.errors = undefined as Partial<ErrorObject>[] | undefined;

function ajvWith(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false, ...options });
  addFormats.default(ajv);
  ajv.addKeyword({ keyword: 'x-json-limits', schemaType: 'object', errors: true, validate: checkJsonLimits });
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

// Answers are checked as sent: nothing coerced, nothing dropped.
const answers = ajvWith({ coerceTypes: false, useDefaults: false });

/**
 * A type guard from a schema, for what another service answers: a client trusts an answer only once it
 * matches the contract, instead of casting it.
 * @example const isPayment = createCheck(PaymentSchema); if (isPayment(result.body)) return result.body.status
 */
export function createCheck<T extends TSchema>(schema: T): (value: unknown) => value is Static<T> {
  const validate = answers.compile<Static<T>>(schema);
  return (value): value is Static<T> => validate(value);
}

/** A copy of a schema where every object refuses properties it does not declare. */
function closed<T>(node: T): T {
  if (Array.isArray(node)) return node.map(closed) as T;
  if (!node || typeof node !== 'object') return node;
  const copy: Record<string | symbol, unknown> = {};
  for (const key of Reflect.ownKeys(node)) copy[key] = closed((node as Record<string | symbol, unknown>)[key]);
  if (copy.type === 'object' && copy.properties && !('additionalProperties' in copy)) copy.additionalProperties = false;
  return copy as T;
}

const eventChecks = new Map<EventType, ReturnType<typeof answers.compile>>();

/**
 * Why `data` is not valid `data` of a `type` event (EVENT_CATALOG); empty when it is. Stricter than
 * the schema: a property it does not declare is an error too, so a publisher that writes a field no
 * consumer can see (a SQL function, say) is caught.
 * @example expect(eventDataErrors('inventory.low_stock', row.data)).toEqual([])
 */
export function eventDataErrors(type: EventType, data: unknown): string[] {
  let check = eventChecks.get(type);
  if (!check) eventChecks.set(type, (check = answers.compile(closed(EVENT_CATALOG[type].schema))));
  return check(data) ? [] : (check.errors ?? []).map((e) => `${type} ${e.instancePath || '/'} ${e.message ?? e.keyword}${e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : ''}`);
}

// Rows read from a file are checked as given (types already converted), with defaults filled in.
const rows = ajvWith({ coerceTypes: false, removeAdditional: true });

/**
 * A check that names every field at fault, for values that do not arrive as a request body (a CSV row).
 * @example const problems = createFieldCheck(CreateProductSchema)(row); if (problems.length) throw ...
 */
export function createFieldCheck<T extends TSchema>(schema: T): (value: unknown) => { field: string; message: string }[] {
  const validate = rows.compile<Static<T>>(schema);
  return (value) => {
    if (validate(value)) return [];
    const byField = new Map<string, string>();
    for (const error of validate.errors ?? []) {
      const params = error.params as { missingProperty?: string };
      const field = [error.instancePath.replace(/^\//, '').split('/')[0], params.missingProperty].filter(Boolean)[0] ?? '';
      if (!byField.has(field)) byField.set(field, error.message ?? 'is invalid');
    }
    return [...byField].map(([field, message]) => ({ field, message }));
  };
}
