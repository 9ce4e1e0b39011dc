import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUCCESS_CARD, createStockedProduct, eventually, guestCheckout } from '../support/commerce.js';
import { useTestSystem } from '../support/system.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
const ctx = useTestSystem({ SEND_POLL_MS: '100' });
afterAll(() => receiver?.close());

async function smsTo(phone: string) {
  return eventually(
    async () => (await ctx.api.get(`/api/notifications/messages?channel=sms&recipient=${encodeURIComponent(phone)}`, ctx.adminToken)).body.items as { id: string; status: string; last_error: string | null }[],
    (items) => items.some((m) => m.status !== 'pending'),
  );
}

const ship = async (orderId: string) => expect((await ctx.api.patch(`/api/orders/${orderId}/status`, { status: 'shipped' }, ctx.adminToken)).status).toBe(200);

describe('SMS', () => {
  it('records the shipped SMS of a guest who gave a phone, without SMS_WEBHOOK_URL', async () => {
    const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 5 });
    const placed = await guestCheckout(ctx.api, [{ sku, quantity: 1 }], { extra: { phone: '+31612345001' } });
    expect(placed.status).toBe(201);
    expect(placed.body.phone).toBe('+31612345001');
    await ship(placed.body.id);
    const [sms] = await smsTo('+31612345001');
    expect(sms).toMatchObject({ status: 'not_sent', last_error: expect.stringContaining('SMS_WEBHOOK_URL is not set') });
    const detail = await ctx.api.get(`/api/notifications/messages/${sms!.id}`, ctx.adminToken);
    expect(detail.body.text).toBe(`Storefleet: your order ${placed.body.id} has shipped.`);
  });

  it('refuses a phone that is not E.164, naming the field', async () => {
    const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 5 });
    const placed = await guestCheckout(ctx.api, [{ sku, quantity: 1 }], { extra: { phone: '0612' } });
    expect(placed.status).toBe(400);
    expect(placed.body.errors).toEqual([expect.objectContaining({ field: 'phone' })]);
    const user = await ctx.api.registerAndLogin();
    const patched = await ctx.api.patch('/api/users/me', { phone: 'call me' }, user.token);
    expect(patched.status).toBe(400);
    expect(patched.body.errors).toEqual([expect.objectContaining({ field: 'phone' })]);
  });

  describe('with SMS_WEBHOOK_URL', () => {
    beforeAll(async () => {
      await ctx.system.stopService('notifications');
      await ctx.system.startService('notifications', { SMS_WEBHOOK_URL: `${receiver.url}/sms` });
    });
    afterAll(async () => {
      await ctx.system.stopService('notifications');
      await ctx.system.startService('notifications');
    });

    it('posts {to, body} to the SMS gateway for the phone on the customer\'s profile', async () => {
      const user = await ctx.api.registerAndLogin();
      const patched = await ctx.api.patch('/api/users/me', { phone: '+31612345002' }, user.token);
      expect(patched.status).toBe(200);
      expect(patched.body.phone).toBe('+31612345002');
      const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 5 });
      const placed = await ctx.api.request('POST', '/api/orders', { token: user.token, body: { items: [{ sku, quantity: 1 }], payment: SUCCESS_CARD } });
      expect(placed.status).toBe(201);
      await ship(placed.body.id);
      const [sms] = await smsTo('+31612345002');
      expect(sms!.status).toBe('sent');
      expect(receiver.at('/sms').map((r) => JSON.parse(r.body))).toEqual([{ to: '+31612345002', body: `Storefleet: your order ${placed.body.id} has shipped.` }]);
    });
  });
});
