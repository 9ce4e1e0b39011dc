import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CallResult, HttpClient } from '@storefleet/kit';
import { createCatalogClient } from './catalog-client.js';
import { createInventoryClient } from './inventory-client.js';
import { createPaymentsClient } from './payments-client.js';

/** An upstream that answers every call with `status` and `body`. */
function answering(status: number, body: unknown): HttpClient {
  return { call: async <T>() => ({ status, headers: {}, body }) as CallResult<T>, close: async () => undefined };
}

const orderId = randomUUID();
const options = { key: `${orderId}:step` };
const payment = {
  id: randomUUID(), order_id: orderId, user_id: null, email: 'ada@example.com', amount: 10, currency: 'EUR', status: 'authorized',
  card: { brand: 'visa', last4: '4242' }, failure_reason: null, amount_refunded: 0, created_at: new Date().toISOString(), updated_at: new Date().toISOString(),
};
const reservation = { order_id: orderId, status: 'held', lines: [{ sku: 'LAP-1', quantity: 1 }], expires_at: null };
const authorizeInput = { order_id: orderId, amount: 10, currency: 'EUR', card_number: '4242 4242 4242 4242', user_id: null, email: null };
const unavailable = expect.objectContaining({ code: 'unavailable' });

describe('the orders clients check what their neighbours answer against the contracts', () => {
  it('payments: takes a payment that matches the contract', async () => {
    expect(await createPaymentsClient(answering(201, payment)).authorize(authorizeInput, options)).toEqual({ id: payment.id, status: 'authorized', failure_reason: null });
    expect(await createPaymentsClient(answering(200, { ...payment, status: 'captured' })).capture(orderId, options)).toEqual({ ok: true, status: 'captured' });
  });

  it('payments: an answer that breaks the contract means payments cannot do its part', async () => {
    await expect(createPaymentsClient(answering(201, { id: payment.id })).authorize(authorizeInput, options)).rejects.toEqual(unavailable);
    await expect(createPaymentsClient(answering(201, { ...payment, status: 'approved' })).authorize(authorizeInput, options)).rejects.toEqual(unavailable);
    await expect(createPaymentsClient(answering(200, { status: 'whatever' })).void(orderId, options)).rejects.toEqual(unavailable);
  });

  it('inventory: takes a reservation and shortages that match the contract', async () => {
    const inventory = createInventoryClient(answering(201, reservation));
    expect(await inventory.reserve({ order_id: orderId, lines: [{ sku: 'LAP-1', quantity: 1 }] }, options)).toEqual({ status: 'held' });
    expect(await createInventoryClient(answering(200, { ...reservation, status: 'committed' })).commit(orderId, options)).toBe('committed');
    const shortages = [{ sku: 'LAP-1', requested: 2, available: 1 }];
    const short = createInventoryClient(answering(409, { code: 'out_of_stock', shortages }));
    expect(await short.reserve({ order_id: orderId, lines: [{ sku: 'LAP-1', quantity: 2 }] }, options)).toEqual({ status: 'out_of_stock', shortages });
  });

  it('inventory: an answer that breaks the contract means inventory cannot do its part', async () => {
    const lines = [{ sku: 'LAP-1', quantity: 2 }];
    await expect(createInventoryClient(answering(201, { ok: true })).reserve({ order_id: orderId, lines }, options)).rejects.toEqual(unavailable);
    await expect(createInventoryClient(answering(409, { code: 'out_of_stock', shortages: [{ sku: 'LAP-1' }] })).reserve({ order_id: orderId, lines }, options)).rejects.toEqual(unavailable);
    await expect(createInventoryClient(answering(200, 'committed')).commit(orderId, options)).rejects.toEqual(unavailable);
  });

  it('catalog: takes looked-up products that match the contract, and refuses others', async () => {
    const product = {
      id: randomUUID(), sku: 'LAP-1', name: 'Laptop', description: '', brand: 'Dell', category: 'laptops', price: 999, currency: 'EUR', image_url: null,
      attributes: {}, warranty_months: 24, created_at: new Date().toISOString(), updated_at: new Date().toISOString(), available: 3, in_stock: true,
    };
    expect(await createCatalogClient(answering(200, { items: [product] })).lookup({ skus: ['LAP-1'], with_stock: true })).toEqual([product]);
    await expect(createCatalogClient(answering(200, { items: [{ sku: 'LAP-1', price: '999' }] })).lookup({ skus: ['LAP-1'] })).rejects.toEqual(unavailable);
  });
});
