import { randomUUID } from 'node:crypto';
import type { App, Db, EventBus, EventEnvelope } from '@storefleet/kit';
import { serviceUnderTest } from '../../../test/support/service-under-test.js';
import type { TestUser } from '../../../test/support/test-keys.js';
import { TEST_CARDS, type Payment } from '@storefleet/contracts';
import { createPaymentsApp, loadPaymentsConfig } from '../src/app.js';

export type { TestUser };

export interface TestPayments {
  app: App;
  db: Db;
  bus: EventBus;
  /** Every payment.* event the bus delivered, in order. */
  published: EventEnvelope[];
  admin: TestUser;
  /** Signs a customer token for a new (or the given) user id. */
  customer(id?: string): Promise<TestUser>;
  close(): Promise<void>;
}

/** A payments app on a fresh database, trusting a key pair made here to sign test tokens. */
export async function startPayments(env: Record<string, string> = {}): Promise<TestPayments> {
  const service = await serviceUnderTest({ database: 'payments_test', record: ['payment.*'] });
  const { db, bus, url } = service;
  const config = loadPaymentsConfig({ DATABASE_URL: url, ...env });
  return {
    app: await service.own(createPaymentsApp({ config, db, bus, verifier: service.keys.verifier, logLevel: 'silent' })),
    db,
    bus,
    published: service.events,
    admin: await service.keys.user('admin'),
    customer: (id) => service.keys.user('customer', id),
    close: service.close,
  };
}

/** The body orders sends to authorize an order's payment. */
export function paymentRequest(overrides: Record<string, unknown> = {}) {
  return {
    order_id: randomUUID(),
    amount: 129.99,
    currency: 'EUR',
    card_number: '4242 4242 4242 4242',
    user_id: randomUUID(),
    email: 'ada@example.com',
    ...overrides,
  };
}

/** Authorizes through the internal route and answers status and payment. */
export async function authorize(app: App, body: Record<string, unknown>): Promise<{ status: number; payment: Payment }> {
  const response = await app.inject({ method: 'POST', url: '/internal/payments', payload: body });
  return { status: response.statusCode, payment: response.json<Payment>() };
}

/** An authorized payment of a new order, for the given user. */
export async function authorized(app: App, userId: string | null = randomUUID(), amount = 129.99): Promise<Payment> {
  const { status, payment } = await authorize(app, paymentRequest({ user_id: userId, amount, card_number: TEST_CARDS.success }));
  if (status !== 201 || payment.status !== 'authorized') throw new Error(`expected a new authorized payment, got ${status} ${payment.status}`);
  return payment;
}

/** POST /internal/payments/by-order/:order_id/<action>. */
export function byOrder(app: App, orderId: string, action: 'capture' | 'void' | 'refund', payload?: object, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: `/internal/payments/by-order/${orderId}/${action}`, headers, ...(payload ? { payload } : {}) });
}
