import { expect, vi } from 'vitest';
import type { App, Db, EventBus, EventEnvelope } from '@storefleet/kit';
import { TEST_CARDS, type Order } from '@storefleet/contracts';
import { createOrdersApp, loadOrdersConfig, type SagaStep } from '../src/app.js';
import { serviceUnderTest } from '../../../test/support/service-under-test.js';
import type { TestUser } from '../../../test/support/test-keys.js';
import { createFakeCatalog, createFakeInventory, createFakePayments, type FakeCatalog, type FakeInventory, type FakePayments } from './fakes.js';

export const LAPTOP = { id: '0b8f6a2e-1c1d-4c55-9a1e-000000000001', sku: 'LAP-TEST-1', name: 'Test Laptop', price: 999.99, currency: 'EUR', warranty_months: 24, available: 20, in_stock: true };
export const RAM = { id: '0b8f6a2e-1c1d-4c55-9a1e-000000000002', sku: 'RAM-TEST-16', name: '16 GB RAM', price: 49.5, currency: 'EUR', warranty_months: 120 };
export const CABLE = { id: '0b8f6a2e-1c1d-4c55-9a1e-000000000003', sku: 'CBL-TEST-1', name: 'USB-C cable', price: 9.9, currency: 'EUR', warranty_months: 0 };
export const DOLLAR = { id: '0b8f6a2e-1c1d-4c55-9a1e-000000000004', sku: 'USD-TEST-1', name: 'Imported mouse', price: 20, currency: 'USD', warranty_months: 12 };

export const SUCCESS = { card_number: '4242 4242 4242 4242' };
export const DECLINED = { card_number: TEST_CARDS.declined };
export const PROCESSOR_ERROR = { card_number: TEST_CARDS.processorError };

export type Headers = Record<string, string>;

export type { TestUser };

export interface TestOrders {
  app: App;
  db: Db;
  bus: EventBus;
  catalog: FakeCatalog;
  inventory: FakeInventory;
  payments: FakePayments;
  /** Events published on the bus, in order. */
  events: EventEnvelope[];
  admin: TestUser;
  /** A signed-in customer (a new one per call). */
  customer(): Promise<TestUser>;
  /** Another orders app on the same database and the same fakes, as a restart or a replica. */
  restart(env?: Record<string, string>, onCrash?: (step: SagaStep) => unknown): Promise<App>;
  close(): Promise<void>;
}

/** Orders on a fresh database with in-memory catalog, inventory and payments. */
export async function startOrders(options: { env?: Record<string, string>; stock?: Record<string, number>; onCrash?: (step: SagaStep) => unknown } = {}): Promise<TestOrders> {
  const service = await serviceUnderTest({ database: 'orders_test', record: ['order.*'] });
  const { db, bus, url, events } = service;
  const { verifier, user } = service.keys;
  const catalog = createFakeCatalog([LAPTOP, RAM, CABLE, DOLLAR]);
  const inventory = createFakeInventory(options.stock ?? { [LAPTOP.sku]: 20, [RAM.sku]: 100, [CABLE.sku]: 1000, [DOLLAR.sku]: 10 });
  const payments = createFakePayments();
  const clients = { catalog, inventory, payments };
  async function build(env = options.env ?? {}, onCrash = options.onCrash): Promise<App> {
    const app = await service.own(createOrdersApp({ config: loadOrdersConfig({ DATABASE_URL: url, ...env }), db, bus, verifier, clients, onCrash, logLevel: 'silent' }));
    await app.ready();
    return app;
  }
  return {
    app: await build(), db, bus, catalog, inventory, payments, events,
    admin: await user('admin'),
    customer: () => user('customer'),
    restart: build,
    close: service.close,
  };
}

/** `POST /orders` through app.inject; answers status, parsed body and headers. */
export async function checkout(app: App, body: object, headers: Headers = {}) {
  const response = await app.inject({ method: 'POST', url: '/orders', headers, payload: body });
  return { status: response.statusCode, body: response.json(), headers: response.headers };
}

/** A successful checkout of `items`, as a guest unless headers say otherwise. */
export async function placeOrder(app: App, items: object[], headers: Headers = {}, extra: object = {}): Promise<Order> {
  const response = await checkout(app, { items, payment: SUCCESS, email: 'guest@example.com', ...extra }, headers);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as Order;
}

export async function getOrder(app: App, id: string, headers: Headers): Promise<Order> {
  const response = await app.inject({ method: 'GET', url: `/orders/${id}`, headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Order>();
}

export async function setStatus(app: App, id: string, status: string, headers: Headers, reason?: string) {
  const response = await app.inject({ method: 'PATCH', url: `/orders/${id}/status`, headers, payload: { status, ...(reason ? { reason } : {}) } });
  return { status: response.statusCode, body: response.json() };
}

/** Waits until the order's saga rests (the resumer finished it) and answers the order. */
export async function settled(app: App, id: string, headers: Headers): Promise<Order> {
  return vi.waitFor(async () => {
    const order = await getOrder(app, id, headers);
    expect(order.saga.state).toBe('done');
    return order;
  }, { timeout: 10_000, interval: 25 });
}

