// Warranties' public schemas: warranties by serial, their history, claims and warranty.* events.
import { Type, type Static } from '@sinclair/typebox';
import { PageQuerySchema, UuidSchema, pageOf } from './common.js';

/**
 * A unit's serial number as given at shipping (or generated): a letter or digit, then up to 63 letters,
 * digits, `.`, `_`, `/` or `-`. No blanks, so a serial read off a label matches the one typed in a lookup.
 */
export const SERIAL_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$';
export const SerialSchema = Type.String({ pattern: SERIAL_PATTERN, examples: ['PF4X9K2M'] });

/** `void` once an admin voided it, else `expired` after its end date, else `active`. */
export const WARRANTY_STATUSES = ['active', 'expired', 'void'] as const;
export type WarrantyStatus = (typeof WARRANTY_STATUSES)[number];
export const WarrantyStatusSchema = Type.Unsafe<WarrantyStatus>(Type.String({ enum: [...WARRANTY_STATUSES] }));

export const CLAIM_STATUSES = ['open', 'in_repair', 'resolved', 'rejected'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const ClaimStatusSchema = Type.Unsafe<ClaimStatus>(Type.String({ enum: [...CLAIM_STATUSES] }));

export const WARRANTY_ACTIONS = ['created', 'extended', 'voided'] as const;
export type WarrantyAction = (typeof WARRANTY_ACTIONS)[number];

const DateSchema = Type.String({ format: 'date', description: 'a calendar day, YYYY-MM-DD (UTC)' });
const NullableString = Type.Union([Type.String(), Type.Null()]);
const ReasonSchema = Type.String({ minLength: 1, maxLength: 500 });

/** One change of a warranty: who, when, what, why; the end date before and after. */
export const WarrantyHistoryEntrySchema = Type.Object({
  action: Type.Unsafe<WarrantyAction>(Type.String({ enum: [...WARRANTY_ACTIONS] })),
  actor: Type.String({ description: 'an admin user id, or "system"' }),
  at: Type.String({ format: 'date-time' }),
  reason: NullableString,
  ends_on_before: Type.Union([DateSchema, Type.Null()]),
  ends_on_after: DateSchema,
});
export type WarrantyHistoryEntry = Static<typeof WarrantyHistoryEntrySchema>;

/** One status change of a claim. */
export const ClaimHistoryEntrySchema = Type.Object({
  actor: Type.String({ description: 'a user id, or "guest"' }),
  at: Type.String({ format: 'date-time' }),
  from: Type.Union([ClaimStatusSchema, Type.Null()]),
  to: ClaimStatusSchema,
  note: NullableString,
});
export type ClaimHistoryEntry = Static<typeof ClaimHistoryEntrySchema>;

export const ClaimSchema = Type.Object({
  id: UuidSchema,
  warranty_id: UuidSchema,
  status: ClaimStatusSchema,
  description: Type.String(),
  history: Type.Array(ClaimHistoryEntrySchema),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});
export type Claim = Static<typeof ClaimSchema>;

/** A warranty of one shipped unit, with its history and claims. */
export const WarrantySchema = Type.Object({
  id: UuidSchema,
  serial: Type.String(),
  sku: Type.String(),
  product_id: UuidSchema,
  product_name: Type.String(),
  order_id: UuidSchema,
  user_id: Type.Union([UuidSchema, Type.Null()], { description: 'null for a guest order' }),
  email: Type.String(),
  months: Type.Integer({ description: "the product's warranty_months when it was sold" }),
  starts_on: DateSchema,
  ends_on: DateSchema,
  status: WarrantyStatusSchema,
  void_reason: NullableString,
  history: Type.Array(WarrantyHistoryEntrySchema),
  claims: Type.Array(ClaimSchema),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});
export type Warranty = Static<typeof WarrantySchema>;

export const WarrantyPageSchema = pageOf(WarrantySchema);
export type WarrantyPage = Static<typeof WarrantyPageSchema>;

/** Query of `GET /warranties`; `serial`, `email` and `status` filter (a customer sees only their own). */
export const WarrantyListQuerySchema = Type.Composite([
  Type.Object({
    serial: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    email: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
    status: Type.Optional(WarrantyStatusSchema),
  }),
  PageQuerySchema,
]);
export type WarrantyListQuery = Static<typeof WarrantyListQuerySchema>;

/** Query of the guest lookup: the email the order was placed with and the unit's serial. */
export const WarrantyLookupQuerySchema = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 254 }),
  serial: Type.String({ minLength: 1, maxLength: 64 }),
});
export type WarrantyLookupQuery = Static<typeof WarrantyLookupQuerySchema>;

/** Body of `PATCH /warranties/:id` (admin): a later `ends_on`, or `status: "void"`; always with a reason. */
export const UpdateWarrantySchema = Type.Object(
  {
    ends_on: Type.Optional(DateSchema),
    status: Type.Optional(Type.Literal('void')),
    reason: ReasonSchema,
  },
  { additionalProperties: false },
);
export type UpdateWarranty = Static<typeof UpdateWarrantySchema>;

/** Body of `POST /warranties/:id/claims`: its owner (signed in) describes the fault; a guest adds the email and serial. */
export const CreateClaimSchema = Type.Object(
  {
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    email: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
    serial: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type CreateClaim = Static<typeof CreateClaimSchema>;

/** Body of `PATCH /warranties/claims/:id` (admin). */
export const UpdateClaimSchema = Type.Object(
  { status: ClaimStatusSchema, note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) },
  { additionalProperties: false },
);
export type UpdateClaim = Static<typeof UpdateClaimSchema>;

export const WarrantyParamsSchema = Type.Object({ id: UuidSchema });
export const ClaimParamsSchema = Type.Object({ id: UuidSchema });

/** `data` of warranty.created and warranty.updated: the warranty after the change. */
export const WarrantyEventDataSchema = WarrantySchema;
export type WarrantyEventData = Warranty;

/** `data` of warranty.claim_opened and warranty.claim_updated: the claim and its warranty (whose email to tell). */
export const WarrantyClaimEventDataSchema = Type.Object({ claim: ClaimSchema, warranty: WarrantySchema });
export type WarrantyClaimEventData = Static<typeof WarrantyClaimEventDataSchema>;
