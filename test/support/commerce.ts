import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { TEST_CARDS } from '@storefleet/contracts';
import type { apiClient } from './system.js';

type Api = ReturnType<typeof apiClient>;

export const SUCCESS_CARD = { card_number: '4242 4242 4242 4242' };
export const DECLINED_CARD = { card_number: TEST_CARDS.declined };

/** Creates a product with a fresh SKU through the gateway and sets its stock. */
export async function createStockedProduct(api: Api, adminToken: string, options: { onHand: number; price?: number; threshold?: number }) {
  const sku = `TST-${randomBytes(4).toString('hex').toUpperCase()}`;
  const product = await api.post('/api/products', { sku, name: `Test part ${sku}`, brand: 'Storefleet', category: 'memory', price: options.price ?? 19.99 }, adminToken);
  if (product.status !== 201) throw new Error(`create product ${sku}: ${product.status} ${JSON.stringify(product.body)}`);
  const stock = await api.request('PUT', `/api/inventory/${sku}`, {
    token: adminToken,
    body: { on_hand: options.onHand, reason: 'test stock', ...(options.threshold === undefined ? {} : { low_stock_threshold: options.threshold }) },
  });
  if (stock.status !== 200) throw new Error(`stock ${sku}: ${stock.status} ${JSON.stringify(stock.body)}`);
  return { sku, id: product.body.id as string, price: product.body.price as number };
}

export async function stockOf(api: Api, adminToken: string, sku: string) {
  const response = await api.get(`/api/inventory/${sku}`, adminToken);
  if (response.status !== 200) throw new Error(`stock of ${sku}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { sku: string; on_hand: number; reserved: number; available: number };
}

/** A guest checkout of explicit lines. */
export function guestCheckout(api: Api, items: unknown[], options: { email?: string; card?: { card_number: string }; headers?: Record<string, string>; extra?: object } = {}) {
  return api.request('POST', '/api/orders', {
    body: { items, email: options.email ?? 'guest@example.com', payment: options.card ?? SUCCESS_CARD, ...options.extra },
    headers: options.headers,
  });
}

/**
 * Reads until `done` holds: for what settles after a response (events, background compensation).
 * Gives up after `attempts` reads and returns the last value, so the test's assertion shows it.
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, attempts = 100): Promise<T> {
  let value = await read();
  for (let i = 1; i < attempts && !done(value); i++) {
    await sleep(100);
    value = await read();
  }
  return value;
}

/** Every stock level, all pages. */
export async function allStock(api: Api, adminToken: string) {
  const items: { sku: string; on_hand: number; reserved: number; available: number }[] = [];
  for (let page = 1; ; page++) {
    const response = await api.get(`/api/inventory?limit=100&page=${page}`, adminToken);
    if (response.status !== 200) throw new Error(`inventory list: ${response.status} ${JSON.stringify(response.body)}`);
    items.push(...response.body.items);
    if (items.length >= response.body.total || response.body.items.length === 0) return items;
  }
}
