import { describe, expect, it } from 'vitest';
import type { Order } from '@storefleet/contracts';
import { messagesForEvent, type KnownOrder, type MessageContext } from './messages-for-event.js';

const context: MessageContext = { alertEmails: ['ops@example.com'], storefrontUrl: 'http://shop' };
const order = {
  id: '11111111-1111-4111-8111-111111111111', status: 'processing', user_id: null, email: 'g@example.com', phone: null, channel: 'web', currency: 'EUR',
  items: [{ sku: 'RAM-16', product_id: '22222222-2222-4222-8222-222222222222', name: 'RAM', quantity: 2, unit_price: 10, line_total: 20, warranty_months: 0, serials: [] }],
  subtotal: 20, total: 20, payment: { id: null, status: 'authorized', brand: 'visa', last4: '4242' }, cancel_reason: null,
  saga: { state: 'done', pending: [] }, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z',
} as Order;
const known: KnownOrder = { id: order.id, user_id: '33333333-3333-4333-8333-333333333333', email: 'c@example.com', currency: 'EUR', total: '20.00', phone: '+31612345678' };
const change = (to: string, reason: string | null = null) => ({ type: 'order.status_changed' as const, data: { order_id: order.id, from: 'processing' as const, to: to as 'shipped', actor: 'admin', reason } });

describe('the messages of an event', () => {
  it('confirm a guest order by email with the lookup link, and make no in-app notification', () => {
    const planned = messagesForEvent({ type: 'order.created', data: order }, context);
    expect(planned.emails).toEqual([expect.objectContaining({ template: 'order-confirmation', to: 'g@example.com', view: expect.objectContaining({ guest: true, total: '20.00' }) })]);
    expect(planned.emails[0]!.view.lookup_url).toBe(`http://shop/orders/lookup?email=g%40example.com&order_id=${order.id}`);
    expect(planned.inApp).toEqual([]);
  });

  it('tell the customer of a shipped order by email, SMS and in-app; of a cancelled one with its reason', () => {
    const shipped = messagesForEvent(change('shipped'), { ...context, order: known });
    expect(shipped.emails.map((e) => [e.template, e.to])).toEqual([['order-shipped', 'c@example.com']]);
    expect(shipped.sms).toEqual([expect.objectContaining({ to: '+31612345678' })]);
    expect(shipped.inApp).toEqual([expect.objectContaining({ user_id: known.user_id, kind: 'order.shipped' })]);
    const cancelled = messagesForEvent(change('cancelled', 'no stock'), { ...context, order: known });
    expect(cancelled.emails[0]!.view).toMatchObject({ reason: 'no stock' });
    expect(cancelled.sms).toEqual([]);
  });

  it('say nothing of a status change to an order it never saw, or of one a customer does not care about', () => {
    expect(messagesForEvent(change('shipped'), context)).toEqual({ emails: [], inApp: [] });
    expect(messagesForEvent(change('pending'), { ...context, order: known })).toEqual({ emails: [], inApp: [] });
  });

  it('send operator alerts to the alert addresses', () => {
    const planned = messagesForEvent({ type: 'inventory.low_stock', data: { sku: 'RAM-16', available: 1, low_stock_threshold: 2 } }, context);
    expect(planned.emails).toEqual([{ template: 'low-stock', to: 'ops@example.com', view: { sku: 'RAM-16', available: 1, low_stock_threshold: 2 } }]);
  });

  describe('of a warranty claim', () => {
    const warranty = {
      id: '44444444-4444-4444-8444-444444444444', serial: 'SN-1', sku: 'LAP-1', product_id: order.items[0]!.product_id, product_name: 'Laptop 14', order_id: order.id,
      user_id: known.user_id, email: 'c@example.com', months: 24, starts_on: '2026-01-01', ends_on: '2028-01-01', status: 'active' as const, void_reason: null,
      history: [], claims: [], created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z',
    };
    const claim = (status: 'open' | 'in_repair', note: string | null) => ({
      id: '55555555-5555-4555-8555-555555555555', warranty_id: warranty.id, status, description: 'No power', created_at: warranty.created_at, updated_at: warranty.updated_at,
      history: [{ actor: 'guest', at: warranty.created_at, from: null, to: 'open' as const, note: null }, ...(status === 'open' ? [] : [{ actor: 'admin', at: warranty.created_at, from: 'open' as const, to: status, note }])],
    });

    it("mail the warranty's email that the claim was received, and tell its signed-in owner in-app", () => {
      const planned = messagesForEvent({ type: 'warranty.claim_opened', data: { claim: claim('open', null), warranty } }, context);
      expect(planned.emails).toEqual([{ template: 'warranty-claim-opened', to: 'c@example.com', view: expect.objectContaining({ description: 'No power', serial: 'SN-1', product_name: 'Laptop 14' }) }]);
      expect(planned.inApp).toEqual([expect.objectContaining({ user_id: known.user_id, kind: 'warranty.claim_opened', order_id: order.id })]);
    });

    it("mail the new status with the admin's note; a guest's warranty gets no in-app notification", () => {
      const planned = messagesForEvent({ type: 'warranty.claim_updated', data: { claim: claim('in_repair', 'sent to the workshop'), warranty: { ...warranty, user_id: null } } }, context);
      expect(planned.emails[0]).toMatchObject({ template: 'warranty-claim-updated', view: { status_text: 'in repair', note: 'sent to the workshop' } });
      expect(planned.inApp).toEqual([]);
    });
  });
});
