// Orders' public schemas: carts, checkout, orders, timeline and order.* events.
import { Type, type Static } from '@sinclair/typebox';
import { CHANNEL_PATTERN } from './channels.js';
import { PageQuerySchema, UuidSchema, pageOf, skuSchema } from './common.js';
import { CardNumberSchema } from './payments.js';
import { EmailSchema, PhoneSchema } from './users.js';
import { SerialSchema } from './warranties.js';

/** The limits every order line and cart line obeys. */
export const ORDER_LIMITS = {
  maxLines: 100,
  minQuantity: 1,
  maxQuantity: 10_000,
  minPrice: 0,
  maxPrice: 1_000_000,
} as const;

export const ORDER_STATUSES = ['pending', 'processing', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const OrderStatusSchema = Type.Unsafe<OrderStatus>(Type.String({ enum: [...ORDER_STATUSES] }));

/** Where a checkout stands: the next saga step, `compensate`/`transition` while undoing or changing, `done` at rest. */
export const SAGA_STATES = ['reserve', 'authorize', 'commit', 'compensate', 'transition', 'done'] as const;
export type SagaState = (typeof SAGA_STATES)[number];

export const TIMELINE_TYPES = ['created', 'status_changed', 'updated', 'deleted', 'imported'] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];


const ItemSkuSchema = skuSchema({ description: 'SKU of the product (case-insensitive)' });
const QuantitySchema = Type.Integer({ minimum: ORDER_LIMITS.minQuantity, maximum: ORDER_LIMITS.maxQuantity });
const MoneySchema = Type.Number({ description: 'Amount with two decimals' });

/** One line of a checkout: a product by `sku` or `product_id`, and an optional expected unit price. */
export const CheckoutItemSchema = Type.Object(
  {
    sku: Type.Optional(ItemSkuSchema),
    product_id: Type.Optional(UuidSchema),
    quantity: QuantitySchema,
    price: Type.Optional(
      Type.Number({ minimum: ORDER_LIMITS.minPrice, maximum: ORDER_LIMITS.maxPrice, description: 'The unit price the client showed; 409 when it differs from the catalog' }),
    ),
  },
  { additionalProperties: false },
);
export type CheckoutItem = Static<typeof CheckoutItemSchema>;

/** Body of `POST /orders`. Without `items`, the caller's cart is checked out; guests must give `email`. */
export const CreateOrderSchema = Type.Object(
  {
    items: Type.Optional(Type.Array(CheckoutItemSchema, { minItems: 1, maxItems: ORDER_LIMITS.maxLines })),
    payment: Type.Object({ card_number: CardNumberSchema }, { additionalProperties: false }),
    email: Type.Optional(EmailSchema),
    phone: Type.Optional(PhoneSchema),
    total: Type.Optional(Type.Number({ minimum: 0, description: 'The total the client showed; 409 when it differs from the server total' })),
  },
  { additionalProperties: false },
);
export type CreateOrder = Static<typeof CreateOrderSchema>;

/** One line of an order, priced from the catalog when the order was placed. */
export const OrderItemSchema = Type.Object({
  sku: Type.String(),
  product_id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  quantity: Type.Integer(),
  unit_price: MoneySchema,
  line_total: MoneySchema,
  warranty_months: Type.Integer({ description: "the product's warranty when the order was placed (0: none, or placed before warranties were recorded)" }),
  serials: Type.Array(Type.String(), { description: 'the serial number of each unit shipped; empty until the order ships' }),
});
export type OrderItem = Static<typeof OrderItemSchema>;

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** An order as its owner, an admin and order.* events see it. */
export const OrderSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: OrderStatusSchema,
  user_id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'null for a guest order' }),
  email: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()], { description: 'the phone given at checkout, where SMS about the order go' }),
  channel: Type.String(),
  currency: Type.String(),
  items: Type.Array(OrderItemSchema),
  subtotal: MoneySchema,
  total: MoneySchema,
  payment: Type.Object({
    id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    status: Type.Union([Type.String(), Type.Null()], { description: 'authorized, captured, voided, refunded, declined, failed; null before authorization' }),
    brand: NullableString,
    last4: NullableString,
  }),
  cancel_reason: NullableString,
  saga: Type.Object({
    state: Type.Unsafe<SagaState>(Type.String({ enum: [...SAGA_STATES] })),
    pending: Type.Array(Type.String(), { description: 'compensations still to run (release, void, refund)' }),
  }),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});
export type Order = Static<typeof OrderSchema>;

export const OrderPageSchema = pageOf(OrderSchema);
export type OrderPage = Static<typeof OrderPageSchema>;

/** Query of `GET /orders`; `email`, `channel` and `user_id` filter only for admins. */
export const OrderListQuerySchema = Type.Composite([
  Type.Object({
    status: Type.Optional(OrderStatusSchema),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    channel: Type.Optional(Type.String({ pattern: CHANNEL_PATTERN })),
    user_id: Type.Optional(UuidSchema),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'created at or after' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'created before' })),
  }),
  PageQuerySchema,
]);
export type OrderListQuery = Static<typeof OrderListQuerySchema>;

export const OrderLookupQuerySchema = Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }), order_id: UuidSchema });
export type OrderLookupQuery = Static<typeof OrderLookupQuerySchema>;

/**
 * Serial numbers of the units shipped, by SKU (any case): at most the quantity ordered of each, each
 * serial once in the shipment. The units not given get a generated serial.
 */
export const ShipmentSerialsSchema = Type.Record(Type.String({ maxLength: 64 }), Type.Array(SerialSchema, { maxItems: ORDER_LIMITS.maxQuantity }), {
  maxProperties: ORDER_LIMITS.maxLines,
  description: 'only with status shipped: {"SKU": ["SN1", ...]}',
});
export type ShipmentSerials = Static<typeof ShipmentSerialsSchema>;

/** Body of `PATCH /orders/:id/status`. */
export const UpdateOrderStatusSchema = Type.Object(
  {
    status: OrderStatusSchema,
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    serials: Type.Optional(ShipmentSerialsSchema),
  },
  { additionalProperties: false },
);
export type UpdateOrderStatus = Static<typeof UpdateOrderStatusSchema>;

/** One entry of an order's timeline: who changed what, when. */
export const TimelineEntrySchema = Type.Object({
  id: Type.Integer(),
  order_id: Type.String({ format: 'uuid' }),
  type: Type.Unsafe<TimelineType>(Type.String({ enum: [...TIMELINE_TYPES] })),
  actor: Type.String({ description: 'a user id, "guest" or "system"' }),
  at: Type.String({ format: 'date-time' }),
  from: NullableString,
  to: NullableString,
  reason: NullableString,
});
export type TimelineEntry = Static<typeof TimelineEntrySchema>;

export const TimelineSchema = Type.Object({ items: Type.Array(TimelineEntrySchema) });
export type Timeline = Static<typeof TimelineSchema>;

/** Body of `POST /cart/items`: a product by `sku` or `product_id`. */
export const AddCartItemSchema = Type.Object(
  { sku: Type.Optional(ItemSkuSchema), product_id: Type.Optional(UuidSchema), quantity: Type.Optional(Type.Integer({ minimum: ORDER_LIMITS.minQuantity, maximum: ORDER_LIMITS.maxQuantity, default: 1 })) },
  { additionalProperties: false },
);
export type AddCartItem = Static<typeof AddCartItemSchema>;

export const SetCartItemSchema = Type.Object({ quantity: QuantitySchema }, { additionalProperties: false });
export type SetCartItem = Static<typeof SetCartItemSchema>;

export const CartItemParamsSchema = Type.Object({ sku: ItemSkuSchema });

export const CartLineSchema = Type.Object({
  sku: Type.String(),
  product_id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  quantity: Type.Integer(),
  unit_price: Type.Union([MoneySchema, Type.Null()], { description: 'null when the product is no longer sold' }),
  line_total: Type.Union([MoneySchema, Type.Null()]),
  currency: NullableString,
  available: Type.Optional(Type.Integer()),
  in_stock: Type.Optional(Type.Boolean()),
  purchasable: Type.Boolean({ description: 'false when the product is no longer in the catalog' }),
});
export type CartLine = Static<typeof CartLineSchema>;

/** A cart priced from the catalog at read time; `id` is what a guest sends back as `X-Cart-Id`. */
export const CartSchema = Type.Object({
  id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'null for a guest who has no cart yet' }),
  user_id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  items: Type.Array(CartLineSchema),
  item_count: Type.Integer({ description: 'sum of quantities' }),
  subtotal: MoneySchema,
  currency: NullableString,
  updated_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type Cart = Static<typeof CartSchema>;

/** `data` of order.created, order.updated and order.deleted: the order after the change. */
export const OrderEventDataSchema = OrderSchema;
export type OrderEventData = Order;

/** What was shipped, as order.status_changed to `shipped` carries it: what warranties need. */
export const ShipmentSchema = Type.Object({
  shipped_at: Type.String({ format: 'date-time' }),
  email: Type.String(),
  user_id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  lines: Type.Array(
    Type.Object({
      sku: Type.String(),
      product_id: Type.String({ format: 'uuid' }),
      name: Type.String(),
      quantity: Type.Integer(),
      warranty_months: Type.Integer(),
      serials: Type.Array(Type.String()),
    }),
  ),
});
export type Shipment = Static<typeof ShipmentSchema>;

/** `data` of order.status_changed; `shipment` only when `to` is shipped. */
export const OrderStatusChangedEventDataSchema = Type.Object({
  order_id: Type.String({ format: 'uuid' }),
  from: OrderStatusSchema,
  to: OrderStatusSchema,
  actor: Type.String(),
  reason: NullableString,
  shipment: Type.Optional(ShipmentSchema),
});
export type OrderStatusChangedEventData = Static<typeof OrderStatusChangedEventDataSchema>;
