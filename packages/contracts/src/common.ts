import { Type, type Static } from '@sinclair/typebox';

/** RFC 9457 problem details, the body of every error response. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    request_id: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', additionalProperties: true },
);
export type Problem = Static<typeof ProblemSchema>;

export const ROLES = ['customer', 'admin'] as const;
export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
export type Role = Static<typeof RoleSchema>;

/** The SKU rule as a pattern, for a SKU read from somewhere no schema checks (an event's free data). */
export const SKU_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$';

/**
 * A stock keeping unit as every service accepts it, in a product, a stock level, a cart or an order
 * line: a letter or digit, then 1 to 63 letters, digits, `.`, `_` or `-`. One rule everywhere, so a
 * blank SKU or one with a NUL byte is a 400 naming the field wherever it is sent, never a lookup
 * that fails further down.
 */
export const skuSchema = (options: { description?: string } = {}) => Type.String({ pattern: SKU_PATTERN, examples: ['LAP-XPS13-9340'], ...options });

/** How deep and how large a free JSON field (such as product `attributes`) may be. */
export const FREE_JSON_LIMITS = { max_depth: 8, max_bytes: 16_384 } as const;

/**
 * An object of free JSON, such as product `attributes`. Its nesting depth and serialised size are
 * bounded (FREE_JSON_LIMITS, checked by the kit's validator through the `x-json-limits` keyword), so
 * a document nested thousands deep or megabytes wide is a 400 naming the field, not a stack overflow
 * or a bloated row further down.
 */
export const freeJsonObject = (options: { description?: string; default?: Record<string, unknown> } = {}) =>
  Type.Record(Type.String(), Type.Unknown(), {
    ...options,
    description: `${options.description ? `${options.description} ` : ''}At most ${FREE_JSON_LIMITS.max_depth} levels deep and ${FREE_JSON_LIMITS.max_bytes} bytes as JSON.`,
    'x-json-limits': FREE_JSON_LIMITS,
  });

export const UuidSchema = Type.String({ format: 'uuid' });
export const IdParamsSchema = Type.Object({ id: UuidSchema });

/** Page-based pagination shared by every list endpoint. */
export const PageQuerySchema = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});

export const pageOf = <T extends import('@sinclair/typebox').TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    page: Type.Integer(),
    limit: Type.Integer(),
    total: Type.Integer(),
    next_cursor: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  });
