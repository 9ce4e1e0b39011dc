import { describe, expect, it } from 'vitest';
import { PAYMENT_STATUSES, TEST_CARDS, type Payment, type PaymentStatus } from '@storefleet/contracts';
import { allowedActions, canView, cardOutcome, checkAction, planAuthorization, planCapture, planRefund, planVoid, readCard, visibleOwner } from './payment.js';
import { appErrorOf } from '../../../../test/support/problems.js';

function payment(status: PaymentStatus, extra: Partial<Payment> = {}): Payment {
  return {
    id: '0b6f1c1e-3f3a-4d7c-9a55-2a7f4d0e9b11',
    order_id: '1c6f1c1e-3f3a-4d7c-9a55-2a7f4d0e9b12',
    user_id: '2d6f1c1e-3f3a-4d7c-9a55-2a7f4d0e9b13',
    email: 'ada@example.com',
    amount: 100.1,
    currency: 'EUR',
    status,
    card: { brand: 'visa', last4: '4242' },
    failure_reason: null,
    amount_refunded: 0,
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-01T00:00:00.000Z',
    ...extra,
  };
}

describe('the outcome a card decides', () => {
  it('follows the test cards, and authorizes any other valid number', () => {
    expect(cardOutcome(TEST_CARDS.success)).toEqual({ status: 'authorized', failure_reason: null });
    expect(cardOutcome(TEST_CARDS.declined)).toEqual({ status: 'declined', failure_reason: 'card_declined' });
    expect(cardOutcome(TEST_CARDS.processorError)).toEqual({ status: 'failed', failure_reason: 'processor_error' });
    expect(cardOutcome(TEST_CARDS.slow)).toEqual({ status: 'slow', failure_reason: null });
    expect(cardOutcome('5555555555554444')).toEqual({ status: 'authorized', failure_reason: null });
  });

  it('keeps only the brand and the last four digits of the card', () => {
    expect(readCard('4242 4242 4242 4242')).toEqual({ card: { brand: 'visa', last4: '4242' }, outcome: { status: 'authorized', failure_reason: null } });
    expect(readCard('5555-5555-5555-4444').card).toEqual({ brand: 'mastercard', last4: '4444' });
  });

  it('refuses a number failing the checksum with a 400 naming card_number', () => {
    const error = appErrorOf(() => readCard('4242 4242 4242 4241'));
    expect(error.status).toBe(400);
    expect(error.fields).toEqual([{ field: 'card_number', message: expect.any(String) }]);
    expect(error.message).not.toContain('4241');
  });
});

describe('which operations each status allows', () => {
  it('lists the actions that change a payment', () => {
    expect(allowedActions('pending')).toEqual(['void']);
    expect(allowedActions('authorized')).toEqual(['capture', 'void']);
    expect(allowedActions('captured')).toEqual(['refund']);
    expect(allowedActions('partially_refunded')).toEqual(['refund']);
    for (const status of ['declined', 'failed', 'voided', 'refunded'] as const) expect(allowedActions(status)).toEqual([]);
  });

  it('answers a repeated action as done, and refuses an illegal one with 409 naming what is allowed', () => {
    expect(checkAction('captured', 'capture')).toBe('unchanged');
    expect(checkAction('declined', 'void')).toBe('unchanged');
    expect(checkAction('refunded', 'refund')).toBe('unchanged');
    const error = appErrorOf(() => checkAction('captured', 'void'));
    expect(error.status).toBe(409);
    expect(error.message).toContain('refund it instead');
    expect(error.extensions).toMatchObject({ payment_status: 'captured', allowed_actions: ['refund'] });
    for (const status of PAYMENT_STATUSES.filter((s) => s !== 'authorized' && s !== 'captured')) {
      expect(appErrorOf(() => checkAction(status, 'capture')).status).toBe(409);
    }
    expect(appErrorOf(() => planRefund(payment('authorized'), {})).status).toBe(409);
    expect(appErrorOf(() => planCapture(payment('voided'))).status).toBe(409);
  });

  it('plans each legal change, and nothing for one already done', () => {
    expect(planCapture(payment('authorized'))).toMatchObject({ kind: 'capture', to_status: 'captured', amount: 100.1 });
    expect(planCapture(payment('captured'))).toBeUndefined();
    expect(planVoid(payment('pending'), 'cancelled')).toMatchObject({ kind: 'void', to_status: 'voided', reason: 'cancelled' });
    expect(planVoid(payment('failed'))).toBeUndefined();
  });

  it('authorizes a pending intent only while it is pending, so a void during the wait wins', () => {
    expect(planAuthorization(payment('pending'))).toMatchObject({ kind: 'authorize', to_status: 'authorized' });
    expect(planAuthorization(payment('voided'))).toBeUndefined();
  });
});

describe('refund amounts', () => {
  it('refunds everything by default', () => {
    expect(planRefund(payment('captured'), { reason: 'returned' })).toEqual({
      kind: 'refund',
      to_status: 'refunded',
      amount: 100.1,
      amount_refunded: 100.1,
      reason: 'returned',
    });
  });

  it('refunds part, then the rest, counting in cents', () => {
    const first = planRefund(payment('captured'), { amount: 30.05 });
    expect(first).toMatchObject({ to_status: 'partially_refunded', amount: 30.05, amount_refunded: 30.05 });
    const rest = planRefund(payment('partially_refunded', { amount_refunded: 30.05 }), {});
    expect(rest).toMatchObject({ to_status: 'refunded', amount: 70.05, amount_refunded: 100.1 });
    expect(planRefund(payment('partially_refunded', { amount_refunded: 30.05 }), { amount: 70.05 })).toMatchObject({ to_status: 'refunded' });
  });

  it('refuses more than captured minus refunded, or less than a cent, with 422 naming amount', () => {
    const tooMuch = appErrorOf(() => planRefund(payment('partially_refunded', { amount_refunded: 30.05 }), { amount: 70.06 }));
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.fields?.map((f) => f.field)).toEqual(['amount']);
    expect(tooMuch.extensions).toEqual({ refundable: 70.05 });
    expect(appErrorOf(() => planRefund(payment('captured'), { amount: 0.004 })).status).toBe(422);
  });

  it('refunds a captured payment of 0 in full', () => {
    expect(planRefund(payment('captured', { amount: 0 }), {})).toMatchObject({ to_status: 'refunded', amount: 0 });
  });
});

describe('who sees a payment', () => {
  it('shows it to its owner and to admins only', () => {
    const p = payment('authorized');
    expect(canView(p, { id: p.user_id!, role: 'customer' })).toBe(true);
    expect(canView(p, { id: 'someone-else', role: 'customer' })).toBe(false);
    expect(canView(payment('authorized', { user_id: null }), { id: 'someone', role: 'customer' })).toBe(false);
    expect(canView(p, { id: 'an-admin', role: 'admin' })).toBe(true);
    expect(visibleOwner({ id: 'u1', role: 'customer' })).toBe('u1');
    expect(visibleOwner({ id: 'a1', role: 'admin' })).toBeUndefined();
  });
});
