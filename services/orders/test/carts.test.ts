import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cart, Order } from '@storefleet/contracts';
import { CABLE, LAPTOP, RAM, SUCCESS, checkout, startOrders, type Headers, type TestOrders, type TestUser } from './support.js';
import { problemFields } from '../../../test/support/problems.js';

let t: TestOrders;
let ada: TestUser;
let bea: TestUser;

beforeAll(async () => {
  t = await startOrders();
  ada = await t.customer();
  bea = await t.customer();
});

afterAll(async () => {
  await t?.close();
});

async function cartCall(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Headers, payload?: object) {
  const response = await t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  return { status: response.statusCode, body: response.json(), cartId: response.headers['x-cart-id'] as string | undefined };
}

const add = (headers: Headers, item: object) => cartCall('POST', '/cart/items', headers, item);

describe('a guest cart', () => {
  it('is created by the first add and answered with its id in the body and X-Cart-Id', async () => {
    expect((await cartCall('GET', '/cart', {})).body).toMatchObject({ id: null, items: [], subtotal: 0 });
    const first = await add({}, { sku: 'ram-test-16', quantity: 2 });
    expect(first.status).toBe(201);
    const cart = first.body as Cart;
    expect(cart.id).toEqual(expect.any(String));
    expect(first.cartId).toBe(cart.id);
    expect(cart).toMatchObject({ user_id: null, item_count: 2, subtotal: 99, currency: 'EUR' });

    const guest = { 'x-cart-id': cart.id! };
    await add(guest, { product_id: LAPTOP.id });
    await add(guest, { sku: RAM.sku, quantity: 3 });
    const read = (await cartCall('GET', '/cart', guest)).body as Cart;
    expect(read.items).toEqual([
      { sku: RAM.sku, product_id: RAM.id, name: RAM.name, quantity: 5, unit_price: 49.5, line_total: 247.5, currency: 'EUR', purchasable: true },
      { sku: LAPTOP.sku, product_id: LAPTOP.id, name: LAPTOP.name, quantity: 1, unit_price: 999.99, line_total: 999.99, currency: 'EUR', available: 20, in_stock: true, purchasable: true },
    ]);
    expect(read).toMatchObject({ item_count: 6, subtotal: 1247.49 });
  });

  it('sets quantities, caps added quantities at 10000, removes lines and clears', async () => {
    const { body } = await add({}, { sku: CABLE.sku, quantity: 9_999 });
    const guest = { 'x-cart-id': (body as Cart).id! };
    expect(((await add(guest, { sku: CABLE.sku, quantity: 5 })).body as Cart).items[0]!.quantity).toBe(10_000);
    expect(((await cartCall('PATCH', `/cart/items/${CABLE.sku.toLowerCase()}`, guest, { quantity: 3 })).body as Cart).items[0]!.quantity).toBe(3);
    await add(guest, { sku: RAM.sku });
    expect(((await cartCall('DELETE', `/cart/items/${CABLE.sku}`, guest)).body as Cart).items.map((i) => i.sku)).toEqual([RAM.sku]);
    expect((await cartCall('DELETE', `/cart/items/${CABLE.sku}`, guest)).status).toBe(404);
    expect((await cartCall('PATCH', `/cart/items/${CABLE.sku}`, guest, { quantity: 1 })).status).toBe(404);
    const cleared = await cartCall('DELETE', '/cart', guest);
    expect(cleared.body).toMatchObject({ id: guest['x-cart-id'], items: [], subtotal: 0 });
  });

  it('validates lines with the order limits and refuses unknown products', async () => {
    const { body } = await add({}, { sku: CABLE.sku });
    const guest = { 'x-cart-id': (body as Cart).id! };
    for (const quantity of [0, 10_001]) {
      const refused = await add(guest, { sku: RAM.sku, quantity });
      expect(refused.status).toBe(400);
      expect(problemFields(refused.body)).toEqual(['quantity']);
    }
    expect((await cartCall('PATCH', `/cart/items/${CABLE.sku}`, guest, { quantity: 0 })).status).toBe(400);
    const unknown = await add(guest, { sku: 'NO-SUCH' });
    expect(unknown.status).toBe(422);
    expect(problemFields(unknown.body)).toEqual(['sku']);
    expect(problemFields((await add(guest, {})).body)).toEqual(['sku']);
    expect((await cartCall('GET', '/cart', { 'x-cart-id': '9b8f6a2e-1c1d-4c55-9a1e-00000000000f' })).status).toBe(404);
  });

  it('holds at most 100 lines: a 101st is refused with 422 naming sku, a line already there still grows', async () => {
    const extra = Array.from({ length: 101 }, (_, i) => ({
      id: `1b8f6a2e-1c1d-4c55-9a1e-${String(i).padStart(12, '0')}`, sku: `LINE-TEST-${i}`, name: `Line ${i}`, price: 1, currency: 'EUR', warranty_months: 0,
    }));
    t.catalog.products.push(...extra);
    const { body } = await add({}, { sku: extra[0]!.sku });
    const guest = { 'x-cart-id': (body as Cart).id! };
    for (const product of extra.slice(1, 100)) expect((await add(guest, { sku: product.sku })).status).toBe(201);
    const refused = await add(guest, { sku: extra[100]!.sku });
    expect(refused.status).toBe(422);
    expect(problemFields(refused.body)).toEqual(['sku']);
    const grown = await add(guest, { sku: extra[0]!.sku, quantity: 2 });
    expect((grown.body as Cart).items).toHaveLength(100);
    expect((grown.body as Cart).items[0]).toMatchObject({ sku: extra[0]!.sku, quantity: 3 });
  });

  it('checks out as a guest and leaves the cart empty', async () => {
    const { body } = await add({}, { sku: CABLE.sku, quantity: 2 });
    const guest = { 'x-cart-id': (body as Cart).id! };
    await add(guest, { sku: RAM.sku });
    const placed = await checkout(t.app, { payment: SUCCESS, email: 'cart.guest@example.com', total: 69.3 }, guest);
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect((placed.body as Order).items.map((l) => [l.sku, l.quantity])).toEqual([[CABLE.sku, 2], [RAM.sku, 1]]);
    expect(((await cartCall('GET', '/cart', guest)).body as Cart).items).toEqual([]);
  });
});

describe('a signed-in cart', () => {
  it('belongs to the user, and another user gets 404 for its id', async () => {
    const mine = await add(ada.headers, { sku: RAM.sku });
    const cart = mine.body as Cart;
    expect(cart.user_id).toBe(ada.id);
    expect(((await cartCall('GET', '/cart', ada.headers)).body as Cart).id).toBe(cart.id);
    expect((await cartCall('GET', '/cart', { ...bea.headers, 'x-cart-id': cart.id! })).status).toBe(404);
    expect((await cartCall('GET', '/cart', { 'x-cart-id': cart.id! })).status).toBe(404);
    expect((await add({ 'x-cart-id': cart.id! }, { sku: RAM.sku })).status).toBe(404);
    expect((await checkout(t.app, { email: 'guest@example.com', payment: SUCCESS }, { 'x-cart-id': cart.id! })).status).toBe(404);
    expect(((await cartCall('GET', '/cart', bea.headers)).body as Cart).items).toEqual([]);
  });

  it('takes in a guest cart when the user sends its id', async () => {
    const carl = await t.customer();
    await add(carl.headers, { sku: RAM.sku, quantity: 1 });
    const guestCart = (await add({}, { sku: RAM.sku, quantity: 2 })).body as Cart;
    await add({ 'x-cart-id': guestCart.id! }, { sku: CABLE.sku });
    const merged = await cartCall('GET', '/cart', { ...carl.headers, 'x-cart-id': guestCart.id! });
    expect(merged.status).toBe(200);
    expect(merged.cartId).not.toBe(guestCart.id);
    expect((merged.body as Cart).items.map((i) => [i.sku, i.quantity])).toEqual([[RAM.sku, 3], [CABLE.sku, 1]]);
    expect((await cartCall('GET', '/cart', { 'x-cart-id': guestCart.id! })).status).toBe(404);
  });

  it('checks out the cart, leaves it empty, and refuses an empty cart', async () => {
    const dana = await t.customer();
    await add(dana.headers, { sku: LAPTOP.sku });
    const placed = await checkout(t.app, { payment: SUCCESS }, dana.headers);
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ email: dana.email, total: 999.99 });
    expect(((await cartCall('GET', '/cart', dana.headers)).body as Cart).items).toEqual([]);
    const empty = await checkout(t.app, { payment: SUCCESS }, dana.headers);
    expect(empty.status).toBe(422);
    expect(problemFields(empty.body)).toEqual(['items']);
  });

  it('keeps a cart unchanged when its checkout is declined', async () => {
    const erin = await t.customer();
    await add(erin.headers, { sku: RAM.sku, quantity: 2 });
    expect((await checkout(t.app, { payment: { card_number: '4000000000000002' } }, erin.headers)).status).toBe(402);
    expect(((await cartCall('GET', '/cart', erin.headers)).body as Cart).items.map((i) => i.quantity)).toEqual([2]);
  });
});
