// Served by inventory (`/internal/reservations...`), called by orders' checkout saga and status changes.
// Stock shortages stay public: orders passes them on in its own 409 to the storefront.
import { Type, type Static } from '@sinclair/typebox';
import { InventorySkuSchema } from '../inventory.js';

export const MAX_RESERVATION_QUANTITY = 10_000;
export const MAX_RESERVATION_LINES = 100;

export const RESERVATION_STATUSES = ['held', 'committed', 'released', 'restocked'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

export const ReservationLineSchema = Type.Object(
  { sku: InventorySkuSchema, quantity: Type.Integer({ minimum: 1, maximum: MAX_RESERVATION_QUANTITY }) },
  { additionalProperties: false },
);
export type ReservationLine = Static<typeof ReservationLineSchema>;

/** Body of `POST /internal/reservations`. */
export const CreateReservationSchema = Type.Object(
  {
    order_id: Type.String({ format: 'uuid' }),
    lines: Type.Array(ReservationLineSchema, { minItems: 1, maxItems: MAX_RESERVATION_LINES, description: 'Unique SKUs' }),
    expires: Type.Optional(Type.Boolean({ default: true, description: 'false: the hold never expires (until committed or released)' })),
  },
  { additionalProperties: false },
);
export type CreateReservation = Static<typeof CreateReservationSchema>;

/** Answer of every reservation route: the order's hold as it is now. */
export const ReservationSchema = Type.Object({
  order_id: Type.String({ format: 'uuid' }),
  status: Type.Unsafe<ReservationStatus>(Type.String({ enum: [...RESERVATION_STATUSES] })),
  lines: Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Integer() })),
  expires_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type Reservation = Static<typeof ReservationSchema>;

export const ReservationParamsSchema = Type.Object({ order_id: Type.String({ format: 'uuid' }) });
