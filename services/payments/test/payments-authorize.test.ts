import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_CARDS, type Payment } from '@storefleet/contracts';
import { authorize, paymentRequest, startPayments, type TestPayments } from './support.js';

let payments: TestPayments;

beforeAll(async () => {
  payments = await startPayments({ PAYMENTS_SLOW_CARD_MS: '300' });
});

afterAll(async () => {
  await payments?.close();
});

describe('the outcome each test card decides', () => {
  it('authorizes the success card, keeping only brand and last four', async () => {
    const body = paymentRequest();
    const { status, payment } = await authorize(payments.app, body);
    expect(status).toBe(201);
    expect(payment).toMatchObject({
      order_id: body.order_id,
      user_id: body.user_id,
      email: 'ada@example.com',
      amount: 129.99,
      currency: 'EUR',
      status: 'authorized',
      card: { brand: 'visa', last4: '4242' },
      failure_reason: null,
      amount_refunded: 0,
    });
  });

  it('authorizes any other valid card number', async () => {
    const { status, payment } = await authorize(payments.app, paymentRequest({ card_number: '5555-5555-5555-4444', user_id: null, email: null }));
    expect(status).toBe(201);
    expect(payment).toMatchObject({ status: 'authorized', card: { brand: 'mastercard', last4: '4444' }, user_id: null, email: null });
  });

  it('declines the declined card', async () => {
    const { status, payment } = await authorize(payments.app, paymentRequest({ card_number: TEST_CARDS.declined }));
    expect(status).toBe(201);
    expect(payment).toMatchObject({ status: 'declined', failure_reason: 'card_declined', card: { last4: '0002' } });
  });

  it('fails the processor-error card', async () => {
    const { status, payment } = await authorize(payments.app, paymentRequest({ card_number: TEST_CARDS.processorError }));
    expect(status).toBe(201);
    expect(payment).toMatchObject({ status: 'failed', failure_reason: 'processor_error', card: { last4: '0119' } });
  });

  it('authorizes the slow card after its wait', async () => {
    const { status, payment } = await authorize(payments.app, paymentRequest({ card_number: TEST_CARDS.slow }));
    expect(status).toBe(201);
    expect(payment).toMatchObject({ status: 'authorized', card: { last4: '0259' } });
  });
});

describe('invalid requests', () => {
  it('refuses a number failing the checksum with 400 naming card_number', async () => {
    const response = await payments.app.inject({ method: 'POST', url: '/internal/payments', payload: paymentRequest({ card_number: '4242 4242 4242 4241' }) });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['card_number']);
    expect(response.body).not.toContain('4241');
  });

  it('refuses a malformed number, amount and currency, naming each field', async () => {
    const response = await payments.app.inject({
      method: 'POST',
      url: '/internal/payments',
      payload: paymentRequest({ card_number: '4242-abc', amount: -1, currency: 'euro', order_id: 'not-a-uuid' }),
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['card_number', 'amount', 'currency', 'order_id']));
  });
});

describe('one intent per order', () => {
  it('answers a repeated request with the first result, 200', async () => {
    const body = paymentRequest({ card_number: TEST_CARDS.declined });
    const first = await authorize(payments.app, body);
    const again = await authorize(payments.app, { ...body, card_number: TEST_CARDS.success, amount: 1 });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.payment).toEqual(first.payment);
    expect(again.payment.status).toBe('declined');
  });

  it('gives 20 concurrent requests for one order the one intent, never a 500', async () => {
    const body = paymentRequest();
    const results = await Promise.all(Array.from({ length: 20 }, () => authorize(payments.app, body)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(19);
    expect(new Set(results.map((r) => r.payment.id)).size).toBe(1);
    const { rows } = await payments.db.query('SELECT count(*)::int AS n FROM payments WHERE order_id = $1', [body.order_id]);
    expect(rows[0]).toEqual({ n: 1 });
    const events = await payments.db.query('SELECT type FROM outbox WHERE subject = $1', [results[0]!.payment.id]);
    expect(events.rows).toEqual([{ type: 'payment.authorized' }]);
  });

  it('answers a retry of a slow authorization still waiting with its outcome', async () => {
    const body = paymentRequest({ card_number: TEST_CARDS.slow });
    const [first, second] = await Promise.all([authorize(payments.app, body), authorize(payments.app, body)]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect(first.payment.status).toBe('authorized');
    expect(second.payment).toEqual(first.payment);
  });
});

describe('card numbers', () => {
  it('are never stored: no column of any table holds a full number', async () => {
    const numbers: string[] = [...Object.values(TEST_CARDS), '5555555555554444'];
    for (const table of ['payments', 'payment_operations', 'outbox']) {
      const { rows } = await payments.db.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM ${table} t`);
      expect(rows.length).toBeGreaterThan(0);
      for (const { row } of rows) {
        for (const number of numbers) {
          expect(row).not.toContain(number);
          expect(row).not.toContain(number.slice(0, 12));
        }
      }
    }
    const { rows } = await payments.db.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'payments' AND column_name LIKE 'card%'",
    );
    expect(rows.map((r) => r.column_name).sort()).toEqual(['card_brand', 'card_last4']);
  });
});

describe('events', () => {
  it('publishes each outcome on the bus with the payment as data', async () => {
    const declined = await authorize(payments.app, paymentRequest({ card_number: TEST_CARDS.declined, order_id: randomUUID() }));
    const failed = await authorize(payments.app, paymentRequest({ card_number: TEST_CARDS.processorError }));
    const ok = await authorize(payments.app, paymentRequest());
    const seen = (payment: Payment, type: string) =>
      payments.published.find((e) => e.subject === payment.id && e.type === type && e.source === 'payments');
    await vi.waitFor(() => {
      expect(seen(declined.payment, 'payment.declined')?.data).toEqual(declined.payment);
      expect(seen(failed.payment, 'payment.failed')?.data).toEqual(failed.payment);
      expect(seen(ok.payment, 'payment.authorized')?.data).toEqual(ok.payment);
    });
  });
});
