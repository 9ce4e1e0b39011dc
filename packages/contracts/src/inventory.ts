import { Type, type Static } from '@sinclair/typebox';
import { pageOf, skuSchema } from './common.js';

/** A SKU as inventory accepts it; stored upper-case. */
export const InventorySkuSchema = skuSchema({ description: 'Stock keeping unit (case-insensitive, stored upper-case)' });

export const MAX_ON_HAND = 1_000_000_000;

/** The stock of one SKU. `available` = on_hand − reserved, never negative. */
export const StockLevelSchema = Type.Object({
  sku: Type.String(),
  on_hand: Type.Integer({ minimum: 0, description: 'Units in the warehouse (including reserved ones)' }),
  reserved: Type.Integer({ minimum: 0, description: 'Units held for orders not yet committed' }),
  available: Type.Integer({ minimum: 0, description: 'on_hand − reserved: what can be ordered now' }),
  low_stock_threshold: Type.Integer({ minimum: 0 }),
  low_stock: Type.Boolean({ description: 'available ≤ low_stock_threshold' }),
  version: Type.Integer({ minimum: 0, description: 'Increases by 1 with every change of this SKU' }),
  updated_at: Type.String({ format: 'date-time' }),
});
export type StockLevel = Static<typeof StockLevelSchema>;

export const StockLevelListSchema = pageOf(StockLevelSchema);
export type StockLevelList = Static<typeof StockLevelListSchema>;

/** Query of `GET /inventory`. */
export const InventoryListQuerySchema = Type.Object({
  low_stock: Type.Optional(Type.Boolean({ description: 'Only SKUs at or below their low-stock threshold' })),
  out_of_stock: Type.Optional(Type.Boolean({ description: 'Only SKUs with nothing available' })),
  sku: Type.Optional(Type.String({ maxLength: 64, description: 'SKU prefix, case-insensitive' })),
  q: Type.Optional(Type.String({ maxLength: 64, description: 'Part of a SKU, case-insensitive' })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
export type InventoryListQuery = Static<typeof InventoryListQuerySchema>;

export const InventorySkuParamsSchema = Type.Object({ sku: InventorySkuSchema });

/** Body of `PUT /inventory/:sku`: exactly one of `on_hand` (set) or `delta` (adjust). */
export const AdjustStockSchema = Type.Object(
  {
    on_hand: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_ON_HAND, description: 'Sets the units on hand' })),
    delta: Type.Optional(Type.Integer({ minimum: -MAX_ON_HAND, maximum: MAX_ON_HAND, description: 'Adds to (or, negative, removes from) the units on hand' })),
    reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why (kept on the movement and the event)' }),
    low_stock_threshold: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_ON_HAND })),
  },
  { additionalProperties: false },
);
export type AdjustStock = Static<typeof AdjustStockSchema>;

/** What moved stock on hand: an admin adjustment, a sale (reservation committed) or a restock (committed order released). */
export const MOVEMENT_KINDS = ['adjustment', 'sale', 'restock'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export const MovementSchema = Type.Object({
  id: Type.Integer(),
  sku: Type.String(),
  kind: Type.Unsafe<MovementKind>(Type.String({ enum: [...MOVEMENT_KINDS] })),
  delta: Type.Integer({ description: 'Change of on_hand' }),
  on_hand: Type.Integer({ description: 'on_hand after the movement' }),
  reserved: Type.Integer({ description: 'reserved after the movement' }),
  reason: Type.Union([Type.String(), Type.Null()]),
  order_id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  actor: Type.String({ description: "admin user id, or 'system'" }),
  created_at: Type.String({ format: 'date-time' }),
});
export type Movement = Static<typeof MovementSchema>;

export const MovementListSchema = pageOf(MovementSchema);
export type MovementList = Static<typeof MovementListSchema>;

/**
 * One line that could not be reserved; in the 409 problem `{code: 'out_of_stock', shortages}` of inventory's
 * reservations and of orders' checkout (public: the storefront names the short lines).
 */
export const StockShortageSchema = Type.Object({ sku: Type.String(), requested: Type.Integer(), available: Type.Integer() });
export type StockShortage = Static<typeof StockShortageSchema>;

// ---- events ----

/** `data` of inventory.adjusted (subject: sku). */
export const InventoryAdjustedDataSchema = Type.Object({
  sku: Type.String(),
  delta: Type.Integer(),
  reason: Type.String(),
  on_hand: Type.Integer(),
  reserved: Type.Integer(),
  available: Type.Integer(),
  actor: Type.String(),
});
export type InventoryAdjustedData = Static<typeof InventoryAdjustedDataSchema>;

/** `data` of inventory.stock_changed (subject: sku), after every change of a level. */
export const StockChangedDataSchema = Type.Object({
  sku: Type.String(),
  on_hand: Type.Integer({ minimum: 0 }),
  reserved: Type.Integer({ minimum: 0 }),
  available: Type.Integer({ minimum: 0 }),
  version: Type.Integer({ minimum: 0 }),
  /** Availability before the change (absent from events written before it was added). */
  previous_available: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type StockChangedData = Static<typeof StockChangedDataSchema>;

/** `data` of inventory.low_stock (subject: sku), when available falls from above the threshold to at/below it. */
export const LowStockDataSchema = Type.Object({ sku: Type.String(), available: Type.Integer(), low_stock_threshold: Type.Integer() });
export type LowStockData = Static<typeof LowStockDataSchema>;

/** `data` of inventory.reservation_expired (subject: order id). */
export const ReservationExpiredDataSchema = Type.Object({
  order_id: Type.String({ format: 'uuid' }),
  lines: Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Integer() })),
});
export type ReservationExpiredData = Static<typeof ReservationExpiredDataSchema>;
