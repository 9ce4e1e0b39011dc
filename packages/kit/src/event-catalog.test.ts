import { describe, expect, it } from 'vitest';
import { EVENT_CATALOG, EVENT_TYPES, type Claim, type EventDataMap, type Order, type Payment, type ProductRecord, type User, type Warranty } from '@storefleet/contracts';
import type { EventBus } from './event-bus.js';
import type { Outbox } from './outbox.js';
import type { Queryable } from './db.js';
import { eventDataErrors } from './validation.js';

const at = '2026-01-02T03:04:05.678Z';
const id = '0b6f1f0e-8d9a-4f59-9a43-6f0e2f3f8c11';
const user: User = { id, email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', role: 'customer', active: true, phone: null, created_at: at, updated_at: at, deleted_at: null };
const product: ProductRecord = {
  id, sku: 'LAP-1', name: 'Laptop', description: '', brand: 'Acme', category: 'laptops', price: 999.99, currency: 'EUR',
  image_url: null, attributes: { ram_gb: 16 }, warranty_months: 24, created_at: at, updated_at: at,
};
const payment: Payment = {
  id, order_id: id, user_id: null, email: 'guest@example.com', amount: 12.5, currency: 'EUR', status: 'authorized',
  card: { brand: 'visa', last4: '4242' }, failure_reason: null, amount_refunded: 0, created_at: at, updated_at: at,
};
const order: Order = {
  id, status: 'processing', user_id: id, email: 'ada@example.com', phone: null, channel: 'web', currency: 'EUR',
  items: [{ sku: 'LAP-1', product_id: id, name: 'Laptop', quantity: 1, unit_price: 999.99, line_total: 999.99, warranty_months: 24, serials: [] }],
  subtotal: 999.99, total: 999.99, payment: { id, status: 'authorized', brand: 'visa', last4: '4242' }, cancel_reason: null,
  saga: { state: 'done', pending: [] }, created_at: at, updated_at: at,
};

const channelKey = { id, channel_id: 'outlet', prefix: 'pk_3f9a', created_at: at };
const channel = { id: 'outlet', name: 'Outlet', theme_color: '#0f766e', default_currency: 'EUR', allowed_origins: ['https://outlet.example.com'], keys: [channelKey], created_at: at, updated_at: at };
const warranty: Warranty = {
  id, serial: 'SN-0001', sku: 'LAP-1', product_id: id, product_name: 'Laptop', order_id: id, user_id: null, email: 'ada@example.com', months: 24,
  starts_on: '2026-12-07', ends_on: '2028-12-07', status: 'active', void_reason: null, history: [], claims: [], created_at: at, updated_at: at,
};
const claim: Claim = { id, warranty_id: id, status: 'open', description: 'The screen flickers', history: [], created_at: at, updated_at: at };

/** One valid `data` of every event type (typed, so the compiler checks them against the catalog too). */
const SAMPLES: EventDataMap = {
  'user.registered': user,
  'user.updated': { ...user, changed: ['first_name'] },
  'user.deleted': { ...user, active: false, deleted_at: at },
  'user.sessions_revoked': { user_id: id, not_before: at },
  'user.password_reset_requested': { user_id: id, email: user.email, first_name: user.first_name, token: 'raw-token', expires_at: at },
  'product.created': product,
  'product.updated': product,
  'product.deleted': product,
  'inventory.adjusted': { sku: 'LAP-1', delta: 5, reason: 'restock', on_hand: 5, reserved: 0, available: 5, actor: 'admin@example.com' },
  'inventory.stock_changed': { sku: 'LAP-1', on_hand: 5, reserved: 1, available: 4, version: 2, previous_available: 5 },
  'inventory.low_stock': { sku: 'LAP-1', available: 1, low_stock_threshold: 2 },
  'inventory.reservation_expired': { order_id: id, lines: [{ sku: 'LAP-1', quantity: 1 }] },
  'payment.authorized': payment,
  'payment.declined': { ...payment, status: 'declined', card: null, failure_reason: 'card_declined' },
  'payment.failed': { ...payment, status: 'failed', failure_reason: 'processor_error' },
  'payment.captured': { ...payment, status: 'captured' },
  'payment.voided': { ...payment, status: 'voided' },
  'payment.refunded': { ...payment, status: 'refunded', amount_refunded: 12.5 },
  'order.created': order,
  'order.status_changed': { order_id: id, from: 'processing', to: 'shipped', actor: 'admin@example.com', reason: null },
  'order.updated': order,
  'order.deleted': order,
  'channel.created': channel,
  'channel.updated': { ...channel, theme_color: '#224466' },
  'channel.deleted': channel,
  'channel.key_created': channelKey,
  'channel.key_revoked': channelKey,
  'webhook.test': { endpoint_id: id, message: 'This is a test event from Storefleet' },
  'webhook.endpoint_disabled': { endpoint_id: id, url: 'https://hooks.example.com/storefleet', reason: 'the endpoint answered 410 Gone' },
  'warranty.created': warranty,
  'warranty.updated': { ...warranty, status: 'void', void_reason: 'water damage' },
  'warranty.claim_opened': { claim, warranty: { ...warranty, claims: [claim] } },
  'warranty.claim_updated': { claim: { ...claim, status: 'in_repair' }, warranty: { ...warranty, claims: [{ ...claim, status: 'in_repair' }] } },
};

describe('the event catalog', () => {
  it('names every event type once, with a description, and EVENT_TYPES names the same types', () => {
    expect(Object.values(EVENT_TYPES).sort()).toEqual(Object.keys(EVENT_CATALOG).sort());
    for (const [type, entry] of Object.entries(EVENT_CATALOG)) {
      expect(type).toMatch(/^[a-z]+\.[a-z_]+$/);
      expect(entry.description.length, type).toBeGreaterThan(10);
      expect(entry.description, type).not.toContain('\n');
    }
  });

  it('accepts a valid payload of every type', () => {
    for (const [type, data] of Object.entries(SAMPLES)) expect(eventDataErrors(type as keyof EventDataMap, data)).toEqual([]);
  });

  it('refuses a payload with a field missing, a field of the wrong type, or a field the schema lacks', () => {
    const { token: _token, ...withoutToken } = SAMPLES['user.password_reset_requested'];
    expect(eventDataErrors('user.password_reset_requested', withoutToken)).toEqual([expect.stringContaining("must have required property 'token'")]);
    expect(eventDataErrors('inventory.low_stock', { ...SAMPLES['inventory.low_stock'], available: '1' })).toEqual([expect.stringContaining('/available must be integer')]);
    expect(eventDataErrors('inventory.stock_changed', { ...SAMPLES['inventory.stock_changed'], warehouse: 'north' })).toEqual([
      expect.stringContaining('must NOT have additional properties (warehouse)'),
    ]);
    // Nested objects too: an order line with a field the schema lacks.
    const line = { ...order.items[0]!, discount: 1 };
    expect(eventDataErrors('order.created', { ...order, items: [line] })).toEqual([expect.stringContaining('/items/0 must NOT have additional properties (discount)')]);
    expect(eventDataErrors('user.sessions_revoked', { user_id: 'not-a-uuid', not_before: at })).toEqual([expect.stringContaining('/user_id must match format "uuid"')]);
  });
});

// Never run: the type-check of the tests (tsc -p tsconfig.test.json) proves that publishers and
// consumers are held to the catalog. Each @ts-expect-error fails the type-check if the line compiles.
export function typedFromTheCatalog(outbox: Outbox, bus: EventBus, tx: Queryable): void {
  void outbox.add(tx, { type: 'inventory.low_stock', subject: 'LAP-1', data: SAMPLES['inventory.low_stock'] });
  // @ts-expect-error a field the schema lacks
  void outbox.add(tx, { type: 'inventory.low_stock', data: { sku: 'LAP-1', available: 1, low_stock_threshold: 2, warehouse: 'north' } });
  // @ts-expect-error a field missing
  void outbox.add(tx, { type: 'user.password_reset_requested', data: { user_id: id, email: 'a@example.com', first_name: 'A', expires_at: at } });
  // @ts-expect-error another type's data
  void outbox.add(tx, { type: 'order.created', data: payment });
  // @ts-expect-error a type the catalog does not have
  void outbox.add(tx, { type: 'order.shipped', data: {} });

  bus.subscribe('typed', ['order.status_changed'], async (event) => {
    const to: string = event.data.to;
    // @ts-expect-error a field the schema lacks
    void event.data.shipped_at;
    void to;
  });
  bus.subscribe('family', ['payment.*'], async (event) => {
    const status: string = event.data.status; // every payment.* carries the payment
    void status;
  });
  bus.subscribe('two', [EVENT_TYPES.userRegistered, EVENT_TYPES.orderCreated], async (event) => {
    if (event.type === 'order.created') void event.data.total;
    // @ts-expect-error a user.registered has no total: the type narrows the data
    else void event.data.total;
  });
  // @ts-expect-error a pattern no event type matches
  bus.subscribe('nothing', ['shipment.*'], async () => {});
}
