import { describe, expect, it } from 'vitest';
import type { AppError } from '@storefleet/kit';
import { TEST_CARDS } from '@storefleet/contracts';
import { checkClientTotal, checkoutCard, checkoutEmail, priceLines, requestedFromCart, requestedFromItems, type CatalogProduct } from './checkout-request.js';
import { appErrorOf, fieldsOf, thrownFields } from '../../../../test/support/problems.js';

const ID_A = '11111111-1111-4111-8111-111111111111';
const ID_B = '22222222-2222-4222-8222-222222222222';
const products: CatalogProduct[] = [
  { id: ID_A, sku: 'LAP-A', name: 'Laptop A', price: 999.99, currency: 'EUR', warranty_months: 36 },
  { id: ID_B, sku: 'RAM-B', name: 'RAM B', price: 0.1, currency: 'EUR', warranty_months: 0 },
];

describe('checkout lines', () => {
  it('normalizes SKUs and keeps the field path of each line', () => {
    expect(requestedFromItems([{ sku: ' lap-a ', quantity: 2 }, { product_id: ID_B, quantity: 1, price: 0.1 }])).toEqual([
      { field: 'items.0', sku: 'LAP-A', quantity: 2 },
      { field: 'items.1', product_id: ID_B, quantity: 1, price: 0.1 },
    ]);
  });

  it('refuses a line without sku or product_id with 400', () => {
    const error = appErrorOf(() => requestedFromItems([{ sku: 'A', quantity: 1 }, { quantity: 1 }]));
    expect(error.status).toBe(400);
    expect(fieldsOf(error)).toEqual(['items.1.sku']);
  });

  it('refuses a duplicate SKU (in any case) with 422 naming the later line', () => {
    const error = appErrorOf(() => requestedFromItems([{ sku: 'LAP-A', quantity: 1 }, { sku: 'RAM-B', quantity: 1 }, { sku: 'lap-a', quantity: 3 }]));
    expect(error.status).toBe(422);
    expect(fieldsOf(error)).toEqual(['items.2.sku']);
  });

  it('refuses an empty cart with 422 naming items', () => {
    expect(thrownFields(() => requestedFromCart([]))).toEqual(['items']);
    expect(requestedFromCart([{ sku: 'LAP-A', quantity: 1 }])).toEqual([{ field: 'cart.items.0', sku: 'LAP-A', quantity: 1 }]);
  });
});

describe('pricing', () => {
  it('prices every line from the catalog, in cents', () => {
    const priced = priceLines(requestedFromItems([{ sku: 'LAP-A', quantity: 3 }, { product_id: ID_B, quantity: 3 }]), products);
    expect(priced.items).toEqual([
      { sku: 'LAP-A', product_id: ID_A, name: 'Laptop A', quantity: 3, unit_price: 999.99, line_total: 2999.97, warranty_months: 36, serials: [] },
      { sku: 'RAM-B', product_id: ID_B, name: 'RAM B', quantity: 3, unit_price: 0.1, line_total: 0.3, warranty_months: 0, serials: [] },
    ]);
    expect(priced).toMatchObject({ currency: 'EUR', subtotal: 3000.27, total: 3000.27 });
  });

  it('refuses unknown products with 422 naming the line', () => {
    const error = appErrorOf(() => priceLines(requestedFromItems([{ sku: 'LAP-A', quantity: 1 }, { sku: 'NOPE', quantity: 1 }, { product_id: '33333333-3333-4333-8333-333333333333', quantity: 1 }]), products));
    expect(error.status).toBe(422);
    expect(fieldsOf(error)).toEqual(['items.1.sku', 'items.2.product_id']);
  });

  it('refuses the same product named by SKU and by id', () => {
    const error = appErrorOf(() => priceLines(requestedFromItems([{ sku: 'LAP-A', quantity: 1 }, { product_id: ID_A, quantity: 1 }]), products));
    expect(error.status).toBe(422);
    expect(fieldsOf(error)).toEqual(['items.1.product_id']);
  });

  it('refuses a client price that differs from the catalog with 409', () => {
    expect(() => priceLines(requestedFromItems([{ sku: 'LAP-A', quantity: 1, price: 999.99 }]), products)).not.toThrow();
    const error = appErrorOf(() => priceLines(requestedFromItems([{ sku: 'LAP-A', quantity: 1, price: 899 }]), products));
    expect(error.status).toBe(409);
    expect(fieldsOf(error)).toEqual(['items.0.price']);
  });

  it('refuses mixed currencies with 422', () => {
    const usd = [...products, { id: '44444444-4444-4444-8444-444444444444', sku: 'USD-1', name: 'x', price: 1, currency: 'USD', warranty_months: 0 }];
    const error = appErrorOf(() => priceLines(requestedFromItems([{ sku: 'LAP-A', quantity: 1 }, { sku: 'USD-1', quantity: 1 }]), usd));
    expect(error.status).toBe(422);
    expect(fieldsOf(error)).toEqual(['items']);
  });

  it('accepts a matching client total and refuses another with 409', () => {
    const priced = priceLines(requestedFromItems([{ sku: 'RAM-B', quantity: 3 }]), products);
    expect(() => checkClientTotal(undefined, priced)).not.toThrow();
    expect(() => checkClientTotal(0.3, priced)).not.toThrow();
    const error = appErrorOf(() => checkClientTotal(0.31, priced));
    expect(error.status).toBe(409);
    expect(error.extensions).toMatchObject({ expected_total: 0.3 });
  });
});

describe('buyer and card', () => {
  it('takes the email of the token, else the one given, and requires one for guests', () => {
    expect(checkoutEmail({ id: 'u', role: 'customer', email: 'Ada@Example.com' }, 'other@example.com')).toBe('ada@example.com');
    expect(checkoutEmail(undefined, 'guest@example.com')).toBe('guest@example.com');
    const error = appErrorOf(() => checkoutEmail(undefined, undefined));
    expect(error.status).toBe(400);
    expect(fieldsOf(error)).toEqual(['email']);
  });

  it('keeps only digits, brand and last four of a valid card and refuses a bad checksum', () => {
    expect(checkoutCard('4242 4242 4242 4242')).toEqual({ number: TEST_CARDS.success, brand: 'visa', last4: '4242' });
    expect(thrownFields(() => checkoutCard('4242 4242 4242 4241'))).toEqual(['payment.card_number']);
  });
});
