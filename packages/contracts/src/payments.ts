import { Type } from '@sinclair/typebox';

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
