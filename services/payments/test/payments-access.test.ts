import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Payment, PaymentDetail, PaymentList } from '@storefleet/contracts';
import { authorized, byOrder, startPayments, type TestPayments, type TestUser } from './support.js';

let payments: TestPayments;
let ada: TestUser;
let bob: TestUser;
let adasPayment: Payment;

beforeAll(async () => {
  payments = await startPayments();
  ada = await payments.customer();
  bob = await payments.customer();
  adasPayment = await authorized(payments.app, ada.id, 50);
  await authorized(payments.app, ada.id, 60);
  await authorized(payments.app, bob.id, 70);
});

afterAll(async () => {
  await payments?.close();
});

const get = (url: string, user?: TestUser) => payments.app.inject({ method: 'GET', url, headers: user?.headers ?? {} });

describe('reading one payment', () => {
  it('shows the owner their payment with its operations', async () => {
    const response = await get(`/payments/${adasPayment.id}`, ada);
    expect(response.statusCode).toBe(200);
    const payment = response.json<PaymentDetail>();
    expect(payment).toMatchObject({ ...adasPayment, operations: [{ kind: 'authorize', to_status: 'authorized', amount: 50, actor: 'system' }] });
  });

  it('shows it to an admin', async () => {
    expect((await get(`/payments/${adasPayment.id}`, payments.admin)).statusCode).toBe(200);
  });

  it('answers another customer 404, as if it did not exist', async () => {
    const response = await get(`/payments/${adasPayment.id}`, bob);
    expect(response.statusCode).toBe(404);
    expect(response.json<{ title: string }>().title).toBe('Not found');
    expect(response.body).not.toContain(ada.id);
  });

  it('needs a token', async () => {
    const response = await get(`/payments/${adasPayment.id}`);
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});

describe('listing payments', () => {
  it('lists a customer only their own', async () => {
    const list = (await get('/payments', ada)).json<PaymentList>();
    expect(list).toMatchObject({ total: 2, page: 1, limit: 20 });
    expect(list.items.every((p) => p.user_id === ada.id)).toBe(true);
    expect((await get(`/payments?order_id=${adasPayment.order_id}`, bob)).json<PaymentList>().total).toBe(0);
  });

  it('lists an admin everything, filtered by order and status, page by page', async () => {
    const all = (await get('/payments?limit=2', payments.admin)).json<PaymentList>();
    expect(all).toMatchObject({ total: 3, page: 1, limit: 2 });
    expect(all.items).toHaveLength(2);
    expect((await get('/payments?limit=2&page=2', payments.admin)).json<PaymentList>().items).toHaveLength(1);
    const one = (await get(`/payments?order_id=${adasPayment.order_id}`, payments.admin)).json<PaymentList>();
    expect(one.items.map((p) => p.id)).toEqual([adasPayment.id]);
    expect((await get('/payments?status=captured', payments.admin)).json<PaymentList>().total).toBe(0);
    expect((await get('/payments?status=authorized', payments.admin)).json<PaymentList>().total).toBe(3);
  });

  it('refuses an unknown status filter with 400', async () => {
    const response = await get('/payments?status=stolen', payments.admin);
    expect(response.statusCode).toBe(400);
    expect(response.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['status']);
  });
});

describe('admin refund', () => {
  it('refunds a captured payment with a reason, recorded with the admin as actor', async () => {
    const payment = await authorized(payments.app, ada.id, 80);
    await byOrder(payments.app, payment.order_id, 'capture');
    const url = `/payments/${payment.id}/refund`;
    const response = await payments.app.inject({ method: 'POST', url, headers: payments.admin.headers, payload: { amount: 30, reason: 'damaged box' } });
    expect(response.statusCode).toBe(200);
    const refunded = response.json<PaymentDetail>();
    expect(refunded).toMatchObject({ status: 'partially_refunded', amount_refunded: 30 });
    expect(refunded.operations.at(-1)).toMatchObject({ kind: 'refund', amount: 30, reason: 'damaged box', actor: payments.admin.id });
    // The owner sees the refund too.
    expect((await get(`/payments/${payment.id}`, ada)).json<PaymentDetail>().amount_refunded).toBe(30);
  });

  it('needs a reason, refuses customers with 403, and an unknown payment with 404', async () => {
    const payment = await authorized(payments.app, ada.id, 10);
    const url = `/payments/${payment.id}/refund`;
    const noReason = await payments.app.inject({ method: 'POST', url, headers: payments.admin.headers, payload: {} });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['reason']);
    expect((await payments.app.inject({ method: 'POST', url, headers: ada.headers, payload: { reason: 'mine' } })).statusCode).toBe(403);
    expect((await payments.app.inject({ method: 'POST', url, payload: { reason: 'x' } })).statusCode).toBe(401);
    const unknown = `/payments/${randomUUID()}/refund`;
    expect((await payments.app.inject({ method: 'POST', url: unknown, headers: payments.admin.headers, payload: { reason: 'x' } })).statusCode).toBe(404);
    // Not captured yet.
    expect((await payments.app.inject({ method: 'POST', url, headers: payments.admin.headers, payload: { reason: 'x' } })).statusCode).toBe(409);
  });
});

describe('the API description', () => {
  it('documents every route with an operationId, and bearer security on the public ones', async () => {
    const spec = (await payments.app.inject({ method: 'GET', url: '/docs/json' })).json<{ paths: Record<string, Record<string, { operationId?: string; security?: unknown[] }>> }>();
    const operations = Object.entries(spec.paths).flatMap(([path, methods]) => Object.values(methods).map((op) => ({ path, ...op })));
    expect(operations.map((op) => op.operationId).sort()).toEqual(
      ['authorizePayment', 'capturePayment', 'getPayment', 'listPayments', 'refundPayment', 'refundPaymentByOrder', 'voidPayment'].sort(),
    );
    for (const op of operations.filter((o) => o.path.startsWith('/payments'))) expect(op.security).toEqual([{ bearer: [] }]);
  });
});
