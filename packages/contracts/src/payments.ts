import { Type, type Static } from '@sinclair/typebox';
import { PageQuerySchema, pageOf } from './common.js';

/**
 * The simulated processor's test cards: the number decides the outcome. Any other number that
 * passes the Luhn check is authorized like the success card.
 */
export const TEST_CARDS = {
  success: '4242424242424242',
  declined: '4000000000000002',
  processorError: '4000000000000119',
  /** Authorized after PAYMENTS_SLOW_CARD_MS (default 10 s): longer than a caller's timeout. */
  slow: '4000000000000259',
} as const;

/** A card number as a client types it: 12–19 digits, spaces or dashes allowed between them. */
export const CardNumberSchema = Type.String({
  minLength: 12,
  maxLength: 23,
  pattern: '^[0-9][0-9 -]{10,21}[0-9]$',
  description: `Test cards: ${TEST_CARDS.success} succeeds, ${TEST_CARDS.declined} is declined, ${TEST_CARDS.processorError} fails with a processor error, ${TEST_CARDS.slow} answers slowly`,
  examples: ['4242 4242 4242 4242'],
});

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'unknown';

/**
 * The digits of a card number, or undefined when it is not a plausible card number
 * (12–19 digits after removing spaces and dashes, Luhn checksum valid).
 * @example normalizeCardNumber('4242 4242 4242 4242') // '4242424242424242'
 */
export function normalizeCardNumber(input: string): string | undefined {
  const digits = input.replace(/[ -]/g, '');
  if (!/^\d{12,19}$/.test(digits)) return undefined;
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0 ? digits : undefined;
}

/** The card network of a normalized number, from its leading digits. */
export function cardBrand(digits: string): CardBrand {
  if (digits.startsWith('4')) return 'visa';
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'mastercard';
  if (two === 34 || two === 37) return 'amex';
  if (digits.startsWith('6011') || two === 65) return 'discover';
  return 'unknown';
}

/** Every state a payment can be in, declared once. */
export const PAYMENT_STATUSES = ['pending', 'authorized', 'declined', 'failed', 'captured', 'voided', 'refunded', 'partially_refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const PaymentStatusSchema = Type.Union(PAYMENT_STATUSES.map((s) => Type.Literal(s)));

/** What can be done to a payment; each one done is kept as an operation row. */
export const PAYMENT_OPERATIONS = ['authorize', 'capture', 'void', 'refund'] as const;
export type PaymentOperationKind = (typeof PAYMENT_OPERATIONS)[number];

/** A payment intent of one order, as every reader sees it and as payment.* events carry it. Never the full card number. */
export const PaymentSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    order_id: Type.String({ format: 'uuid' }),
    user_id: Type.Union([Type.Null(), Type.String({ format: 'uuid' })]),
    email: Type.Union([Type.Null(), Type.String()]),
    amount: Type.Number(),
    currency: Type.String(),
    status: PaymentStatusSchema,
    card: Type.Union([Type.Null(), Type.Object({ brand: Type.String(), last4: Type.String() }, { additionalProperties: false })]),
    failure_reason: Type.Union([Type.Null(), Type.String()], { description: "'card_declined' or 'processor_error' when the card was refused" }),
    amount_refunded: Type.Number(),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type Payment = Static<typeof PaymentSchema>;

/** One operation done to a payment: who did what, when, from which status to which. */
export const PaymentOperationSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: Type.Union(PAYMENT_OPERATIONS.map((k) => Type.Literal(k))),
    from_status: Type.Union([Type.Null(), PaymentStatusSchema]),
    to_status: PaymentStatusSchema,
    amount: Type.Number({ description: 'The amount authorized, captured, voided or refunded' }),
    reason: Type.Union([Type.Null(), Type.String()]),
    actor: Type.String({ description: "An admin's user id, or 'system'" }),
    created_at: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type PaymentOperation = Static<typeof PaymentOperationSchema>;

/** A payment with its history, oldest operation first. */
export const PaymentDetailSchema = Type.Object(
  { ...PaymentSchema.properties, operations: Type.Array(PaymentOperationSchema) },
  { additionalProperties: false },
);
export type PaymentDetail = Static<typeof PaymentDetailSchema>;

const RefundAmountSchema = Type.Number({ exclusiveMinimum: 0, maximum: 100_000_000, description: 'Defaults to everything not refunded yet' });
const RefundReasonSchema = Type.String({ minLength: 1, maxLength: 500 });

/** An admin's refund: the reason is required. */
export const AdminRefundPaymentSchema = Type.Object({ amount: Type.Optional(RefundAmountSchema), reason: RefundReasonSchema });
export type AdminRefundPayment = Static<typeof AdminRefundPaymentSchema>;

export const PaymentListQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  order_id: Type.Optional(Type.String({ format: 'uuid' })),
  status: Type.Optional(PaymentStatusSchema),
});
export type PaymentListQuery = Static<typeof PaymentListQuerySchema>;

export const PaymentListSchema = pageOf(PaymentSchema);
export type PaymentList = Static<typeof PaymentListSchema>;
