// Served by payments (`/internal/payments...`), called by orders' checkout saga, status changes and refunds.
// The payment they answer with (PaymentSchema) stays public: admins read the same shape.
import { Type, type Static } from '@sinclair/typebox';
import { AdminRefundPaymentSchema, CardNumberSchema } from '../payments.js';

/** orders → payments: authorize the order's payment (idempotent by order_id). */
export const CreatePaymentSchema = Type.Object({
  order_id: Type.String({ format: 'uuid' }),
  amount: Type.Number({ minimum: 0, maximum: 100_000_000, description: 'Two decimals' }),
  currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code', examples: ['EUR'] }),
  card_number: CardNumberSchema,
  user_id: Type.Union([Type.Null(), Type.String({ format: 'uuid' })]),
  email: Type.Union([Type.Null(), Type.String({ maxLength: 320 })]),
});
export type CreatePayment = Static<typeof CreatePaymentSchema>;

/** orders → payments: refund a captured payment, in full unless `amount` is given; an admin's refund without a required reason. */
export const RefundPaymentSchema = Type.Object({
  amount: AdminRefundPaymentSchema.properties.amount,
  reason: Type.Optional(AdminRefundPaymentSchema.properties.reason),
});
export type RefundPayment = Static<typeof RefundPaymentSchema>;

/** orders → payments: void the order's payment (or leave a tombstone against a late authorization). */
export const VoidPaymentSchema = Type.Object({ reason: RefundPaymentSchema.properties.reason });
export type VoidPayment = Static<typeof VoidPaymentSchema>;
