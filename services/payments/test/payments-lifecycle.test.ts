import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_CARDS, type Payment, type PaymentDetail } from '@storefleet/contracts';
import { authorize, authorized, byOrder, paymentRequest, startPayments, type TestPayments } from './support.js';

let payments: TestPayments;

beforeAll(async () => {
  // Long enough that the test's void lands during the slow card's wait.
  payments = await startPayments({ PAYMENTS_SLOW_CARD_MS: '1500' });
});

afterAll(async () => {
  await payments?.close();
});

async function detail(id: string): Promise<PaymentDetail> {
  const response = await payments.app.inject({ method: 'GET', url: `/payments/${id}`, headers: payments.admin.headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<PaymentDetail>();
}

function expectConflict(response: { statusCode: number; json: <T>() => T }, allowed: string[]) {
  expect(response.statusCode).toBe(409);
  expect(response.json<{ allowed_actions: string[] }>().allowed_actions).toEqual(allowed);
}

describe('capture', () => {
  it('captures an authorized payment once; a retry answers as is', async () => {
    const payment = await authorized(payments.app);
    const first = await byOrder(payments.app, payment.order_id, 'capture');
    expect(first.statusCode).toBe(200);
    expect(first.json<Payment>().status).toBe('captured');
    const again = await byOrder(payments.app, payment.order_id, 'capture');
    expect(again.statusCode).toBe(200);
    expect(again.json<Payment>()).toEqual(first.json<Payment>());
    expect((await detail(payment.id)).operations.map((o) => [o.kind, o.from_status, o.to_status])).toEqual([
      ['authorize', null, 'authorized'],
      ['capture', 'authorized', 'captured'],
    ]);
  });

  it('refuses to capture a declined or voided payment with 409, and an unknown order with 404', async () => {
    const declined = await authorize(payments.app, paymentRequest({ card_number: TEST_CARDS.declined }));
    expectConflict(await byOrder(payments.app, declined.payment.order_id, 'capture'), []);
    const voided = await authorized(payments.app);
    await byOrder(payments.app, voided.order_id, 'void');
    expectConflict(await byOrder(payments.app, voided.order_id, 'capture'), []);
    expect((await byOrder(payments.app, randomUUID(), 'capture')).statusCode).toBe(404);
  });
});

describe('void', () => {
  it('voids an authorized payment; a retry, or voiding a declined one, answers as is', async () => {
    const payment = await authorized(payments.app);
    const voided = await byOrder(payments.app, payment.order_id, 'void', { reason: 'order cancelled' });
    expect(voided.statusCode).toBe(200);
    expect(voided.json<Payment>().status).toBe('voided');
    expect((await byOrder(payments.app, payment.order_id, 'void')).json<Payment>()).toEqual(voided.json<Payment>());
    expect((await detail(payment.id)).operations.at(-1)).toMatchObject({ kind: 'void', to_status: 'voided', reason: 'order cancelled', actor: 'system' });

    const declined = await authorize(payments.app, paymentRequest({ card_number: TEST_CARDS.declined }));
    const kept = await byOrder(payments.app, declined.payment.order_id, 'void');
    expect(kept.statusCode).toBe(200);
    expect(kept.json<Payment>().status).toBe('declined');
  });

  it('refuses to void a captured payment with 409 pointing to refund', async () => {
    const payment = await authorized(payments.app);
    await byOrder(payments.app, payment.order_id, 'capture');
    const response = await byOrder(payments.app, payment.order_id, 'void');
    expectConflict(response, ['refund']);
    expect(response.json<{ detail: string }>().detail).toContain('refund');
  });

  it('leaves a tombstone when the void comes first, so a late authorization does not authorize', async () => {
    const orderId = randomUUID();
    const tomb = await byOrder(payments.app, orderId, 'void');
    expect(tomb.statusCode).toBe(200);
    expect(tomb.json<Payment>()).toMatchObject({ order_id: orderId, status: 'voided', card: null, amount: 0 });
    const late = await authorize(payments.app, paymentRequest({ order_id: orderId }));
    expect(late.status).toBe(200);
    expect(late.payment).toEqual(tomb.json<Payment>());
  });

  it('wins over the slow card when it arrives during the wait: the authorization answers voided', async () => {
    const body = paymentRequest({ card_number: TEST_CARDS.slow });
    const authorizing = authorize(payments.app, body);
    await vi.waitFor(async () => {
      const { rows } = await payments.db.query('SELECT status FROM payments WHERE order_id = $1', [body.order_id]);
      expect(rows).toEqual([{ status: 'pending' }]);
    });
    const voided = await byOrder(payments.app, body.order_id, 'void');
    expect(voided.json<Payment>().status).toBe('voided');
    const answer = await authorizing;
    expect(answer.status).toBe(201);
    expect(answer.payment).toMatchObject({ id: voided.json<Payment>().id, status: 'voided' });
    expect((await detail(answer.payment.id)).operations.map((o) => [o.kind, o.from_status, o.to_status])).toEqual([['void', 'pending', 'voided']]);
    const types = await payments.db.query('SELECT type FROM outbox WHERE subject = $1', [answer.payment.id]);
    expect(types.rows).toEqual([{ type: 'payment.voided' }]);
  });
});

describe('refund', () => {
  async function captured(amount = 100): Promise<Payment> {
    const payment = await authorized(payments.app, randomUUID(), amount);
    await byOrder(payments.app, payment.order_id, 'capture');
    return payment;
  }

  it('refunds in full by default; a retry answers as is', async () => {
    const payment = await captured();
    const refunded = await byOrder(payments.app, payment.order_id, 'refund', { reason: 'returned' });
    expect(refunded.statusCode).toBe(200);
    expect(refunded.json<Payment>()).toMatchObject({ status: 'refunded', amount_refunded: 100 });
    expect((await byOrder(payments.app, payment.order_id, 'refund', {})).json<Payment>()).toEqual(refunded.json<Payment>());
    expect((await byOrder(payments.app, payment.order_id, 'refund')).statusCode).toBe(200);
    expect((await detail(payment.id)).operations.at(-1)).toMatchObject({ kind: 'refund', amount: 100, reason: 'returned', to_status: 'refunded' });
  });

  it('refunds in parts up to what was captured, and refuses more with 422 naming amount', async () => {
    const payment = await captured(100);
    const part = await byOrder(payments.app, payment.order_id, 'refund', { amount: 40.5 });
    expect(part.json<Payment>()).toMatchObject({ status: 'partially_refunded', amount_refunded: 40.5 });
    const tooMuch = await byOrder(payments.app, payment.order_id, 'refund', { amount: 59.51 });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json<{ errors: { field: string }[]; refundable: number }>()).toMatchObject({ errors: [{ field: 'amount' }], refundable: 59.5 });
    const rest = await byOrder(payments.app, payment.order_id, 'refund', { amount: 59.5 });
    expect(rest.json<Payment>()).toMatchObject({ status: 'refunded', amount_refunded: 100 });
  });

  it('does a refund retried with the same Idempotency-Key once', async () => {
    const payment = await captured(100);
    const headers = { 'idempotency-key': `refund-${payment.id}` };
    const first = await byOrder(payments.app, payment.order_id, 'refund', { amount: 10 }, headers);
    const retry = await byOrder(payments.app, payment.order_id, 'refund', { amount: 10 }, headers);
    expect(retry.json<Payment>()).toEqual(first.json<Payment>());
    expect(retry.json<Payment>().amount_refunded).toBe(10);
  });

  it('refuses to refund a payment that was not captured with 409, and an unknown order with 404', async () => {
    const payment = await authorized(payments.app);
    expectConflict(await byOrder(payments.app, payment.order_id, 'refund', {}), ['capture', 'void']);
    expect((await byOrder(payments.app, randomUUID(), 'refund', {})).statusCode).toBe(404);
  });

  it('publishes captured and refunded events on the bus', async () => {
    const payment = await captured(20);
    await byOrder(payments.app, payment.order_id, 'refund', { amount: 5 });
    await vi.waitFor(() => {
      const types = payments.published.filter((e) => e.subject === payment.id).map((e) => [e.type, (e.data as Payment).status]);
      expect(types).toEqual([
        ['payment.authorized', 'authorized'],
        ['payment.captured', 'captured'],
        ['payment.refunded', 'partially_refunded'],
      ]);
    });
  });
});

describe('the payments table itself', () => {
  // Whatever a bug in the code did, the database keeps a payment's status, amounts and card valid.
  it.each([
    ['an unknown status', "status = 'lost'", 'payment_status'],
    ['a negative amount', 'amount = -1', 'payment_amount'],
    ['more refunded than paid', 'amount_refunded = amount + 1', '"payments_check"'],
    ['a malformed last four', "card_last4 = '12a4'", 'card_last4'],
    ['a malformed currency', "currency = 'euro'", 'currency_code'],
  ])('refuses %s', async (_what, change, rule) => {
    const payment = await authorized(payments.app);
    await expect(payments.db.query(`UPDATE payments SET ${change} WHERE id = $1`, [payment.id])).rejects.toThrow(rule);
    const { rows } = await payments.db.query('SELECT status, amount::float8 AS amount FROM payments WHERE id = $1', [payment.id]);
    expect(rows[0]).toEqual({ status: 'authorized', amount: payment.amount });
  });
});
