import { AppError } from '@storefleet/kit';
import { TEST_CARDS, cardBrand, normalizeCardNumber, type Payment, type PaymentOperationKind, type PaymentStatus } from '@storefleet/contracts';

/** What the simulated processor answers for a card; `slow` is authorized after a wait. */
export type CardOutcome =
  | { status: 'authorized'; failure_reason: null }
  | { status: 'declined'; failure_reason: 'card_declined' }
  | { status: 'failed'; failure_reason: 'processor_error' }
  | { status: 'slow'; failure_reason: null };

/** The part of a card that may be kept: never more than brand and last four digits. */
export interface CardOnFile {
  brand: string;
  last4: string;
}

/**
 * The outcome the test cards decide; any other valid number is authorized.
 * @example cardOutcome(TEST_CARDS.declined) // { status: 'declined', failure_reason: 'card_declined' }
 */
export function cardOutcome(digits: string): CardOutcome {
  switch (digits) {
    case TEST_CARDS.declined:
      return { status: 'declined', failure_reason: 'card_declined' };
    case TEST_CARDS.processorError:
      return { status: 'failed', failure_reason: 'processor_error' };
    case TEST_CARDS.slow:
      return { status: 'slow', failure_reason: null };
    default:
      return { status: 'authorized', failure_reason: null };
  }
}

/** Reads a card number as typed: what may be kept of it and the outcome it decides. The number itself goes no further. */
export function readCard(input: string): { card: CardOnFile; outcome: CardOutcome } {
  const digits = normalizeCardNumber(input);
  if (!digits) {
    throw new AppError('validation', 'The card number is not valid', { fields: [{ field: 'card_number', message: 'is not a valid card number (12-19 digits, Luhn checksum)' }] });
  }
  return { card: { brand: cardBrand(digits), last4: digits.slice(-4) }, outcome: cardOutcome(digits) };
}

export type PaymentAction = 'capture' | 'void' | 'refund';

/** From which statuses an action changes a payment, and in which it is already done (a retry answers as is). */
const RULES: Record<PaymentAction, { from: readonly PaymentStatus[]; done: readonly PaymentStatus[] }> = {
  capture: { from: ['authorized'], done: ['captured'] },
  void: { from: ['pending', 'authorized'], done: ['voided', 'declined', 'failed'] },
  refund: { from: ['captured', 'partially_refunded'], done: ['refunded'] },
};

/** The actions that would change a payment in this status. */
export function allowedActions(status: PaymentStatus): PaymentAction[] {
  return (Object.keys(RULES) as PaymentAction[]).filter((action) => RULES[action].from.includes(status));
}

/** 'apply' when the action changes the payment, 'unchanged' when it is already done; 409 when it is not allowed. */
export function checkAction(status: PaymentStatus, action: PaymentAction): 'apply' | 'unchanged' {
  if (RULES[action].from.includes(status)) return 'apply';
  if (RULES[action].done.includes(status)) return 'unchanged';
  const hint = status === 'captured' && action === 'void' ? ' (refund it instead)' : '';
  throw new AppError('conflict', `A ${status} payment cannot be ${action === 'void' ? 'voided' : `${action}d`}${hint}`, {
    extensions: { code: 'payment_state_conflict', payment_status: status, allowed_actions: allowedActions(status) },
  });
}

/** A change to apply to a payment, recorded as one operation. */
export interface PaymentChange {
  kind: PaymentOperationKind;
  to_status: PaymentStatus;
  amount: number;
  amount_refunded: number;
  reason: string | null;
}

const cents = (amount: number): number => Math.round(amount * 100);

/** Authorizing a pending intent (the slow card after its wait); undefined once it is no longer pending. */
export function planAuthorization(payment: Payment): PaymentChange | undefined {
  if (payment.status !== 'pending') return undefined;
  return { kind: 'authorize', to_status: 'authorized', amount: payment.amount, amount_refunded: 0, reason: null };
}

/** Capturing the full authorized amount; undefined when already captured. */
export function planCapture(payment: Payment): PaymentChange | undefined {
  if (checkAction(payment.status, 'capture') === 'unchanged') return undefined;
  return { kind: 'capture', to_status: 'captured', amount: payment.amount, amount_refunded: 0, reason: null };
}

/** Voiding a pending or authorized payment; undefined when it already ended without money taken. */
export function planVoid(payment: Payment, reason: string | null = null): PaymentChange | undefined {
  if (checkAction(payment.status, 'void') === 'unchanged') return undefined;
  return { kind: 'void', to_status: 'voided', amount: payment.amount, amount_refunded: 0, reason };
}

/**
 * Refunding `amount` (default: all not refunded yet) of a captured payment: at least 0.01 and at most
 * captured − refunded. Undefined when it is already fully refunded.
 */
export function planRefund(payment: Payment, request: { amount?: number; reason?: string | null }): PaymentChange | undefined {
  if (checkAction(payment.status, 'refund') === 'unchanged') return undefined;
  const refundable = cents(payment.amount) - cents(payment.amount_refunded);
  const wanted = request.amount === undefined ? refundable : cents(request.amount);
  // A payment of 0 can still be refunded in full; an explicit amount must move money.
  if (wanted > refundable || (wanted < 1 && request.amount !== undefined)) {
    throw new AppError('unprocessable', `The refund must be between 0.01 and ${(refundable / 100).toFixed(2)}`, {
      fields: [{ field: 'amount', message: `must be between 0.01 and the refundable ${(refundable / 100).toFixed(2)}` }],
      extensions: { refundable: refundable / 100 },
    });
  }
  const refunded = cents(payment.amount_refunded) + wanted;
  return {
    kind: 'refund',
    to_status: refunded === cents(payment.amount) ? 'refunded' : 'partially_refunded',
    amount: wanted / 100,
    amount_refunded: refunded / 100,
    reason: request.reason ?? null,
  };
}

/** Who may read a payment: its owner or an admin. Anyone else is told it does not exist. */
export function canView(payment: Pick<Payment, 'user_id'>, user: { id: string; role: string }): boolean {
  return user.role === 'admin' || payment.user_id === user.id;
}

export function paymentNotFound(what: string): AppError {
  return new AppError('not_found', `There is no payment ${what}`);
}

/** Whose payments a user may list: undefined (everyone's) for an admin, else their own. */
export function visibleOwner(user: { id: string; role: string }): string | undefined {
  return user.role === 'admin' ? undefined : user.id;
}
