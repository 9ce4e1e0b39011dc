import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStockedProduct, eventually, guestCheckout } from '../support/commerce.js';
import { useTestSystem } from '../support/system.js';
import { startWebhookReceiver, verified, type WebhookReceiver } from '../support/webhook-receiver.js';

const env: Record<string, string> = { WEBHOOK_RETRY_SCHEDULE: '0,200ms,200ms', SEND_POLL_MS: '100' };
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
const ctx = useTestSystem(env);
afterAll(() => receiver?.close());

let paths = 0;
async function endpoint(events: string[], path = `/hook-${++paths}`) {
  const created = await ctx.api.post('/api/webhooks', { url: receiver.url + path, events, description: 'test receiver' }, ctx.adminToken);
  expect(created.status).toBe(201);
  return { id: created.body.id as string, secret: created.body.secret as string, path };
}

async function deliveriesOf(id: string) {
  const response = await ctx.api.get(`/api/webhooks/${id}/deliveries`, ctx.adminToken);
  expect(response.status).toBe(200);
  return response.body.items as { id: string; event_id: string; event_type: string; status: string; attempts: number; attempt_log: { outcome: string; code: number | null; answer: string; duration_ms: number }[] }[];
}

const settled = (id: string, done: (items: Awaited<ReturnType<typeof deliveriesOf>>) => boolean) => eventually(() => deliveriesOf(id), done);

async function checkout() {
  const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 10 });
  const placed = await guestCheckout(ctx.api, [{ sku, quantity: 1 }]);
  expect(placed.status).toBe(201);
  return placed.body.id as string;
}

describe('webhooks', () => {
  it('signs order.created per Standard Webhooks and delivers it once per checkout', async () => {
    const hook = await endpoint(['order.*']);
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const listed = await ctx.api.get(`/api/webhooks/${hook.id}`, ctx.adminToken);
    expect(listed.body).not.toHaveProperty('secret');

    const orderId = await checkout();
    const deliveries = await settled(hook.id, (items) => items.some((d) => d.event_type === 'order.created' && d.status === 'sent'));
    expect(deliveries.filter((d) => d.event_type === 'order.created')).toHaveLength(1);
    const requests = receiver.at(hook.path);
    expect(requests).toHaveLength(1);
    const payload = verified(hook.secret, requests[0]!);
    expect(payload).toMatchObject({ event: 'order.created', data: { id: orderId, status: 'processing' } });
    expect(payload.id).toBe(requests[0]!.headers['webhook-id']);
    expect(Object.keys(payload).sort()).toEqual(['data', 'event', 'id', 'timestamp']);
    expect(() => verified('whsec_' + Buffer.alloc(32).toString('base64'), requests[0]!)).toThrow();

    // Redelivery: the same webhook-id again, still verifiable.
    const redelivered = await ctx.api.post(`/api/webhooks/deliveries/${deliveries[0]!.id}/redeliver`, undefined, ctx.adminToken);
    expect(redelivered.status).toBe(202);
    await eventually(async () => receiver.at(hook.path).length, (n) => n === 2);
    const again = receiver.at(hook.path)[1]!;
    expect(again.headers['webhook-id']).toBe(requests[0]!.headers['webhook-id']);
    expect(verified(hook.secret, again).data.id).toBe(orderId);
  });

  it('retries 500, 500 then 200: three attempts in the delivery log with their codes', async () => {
    const hook = await endpoint(['order.created']);
    receiver.script(hook.path, [500, 500]);
    expect((await ctx.api.post(`/api/webhooks/${hook.id}/test`, undefined, ctx.adminToken)).status).toBe(202);
    const [delivery] = await settled(hook.id, (items) => items[0]?.status === 'sent');
    expect(delivery).toMatchObject({ event_type: 'webhook.test', status: 'sent', attempts: 3 });
    expect(delivery!.attempt_log.map((a) => [a.outcome, a.code, a.answer])).toEqual([['failed', 500, 'answer 500'], ['failed', 500, 'answer 500'], ['sent', 200, 'answer 200']]);
    const ids = new Set(receiver.at(hook.path).map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    expect(verified(hook.secret, receiver.at(hook.path)[2]!)).toMatchObject({ event: 'webhook.test', data: { endpoint_id: hook.id } });
  });

  it('disables an endpoint that answers 410 Gone, and tells the admins', async () => {
    const hook = await endpoint(['order.*']);
    receiver.script(hook.path, [410]);
    await ctx.api.post(`/api/webhooks/${hook.id}/test`, undefined, ctx.adminToken);
    const [delivery] = await settled(hook.id, (items) => items[0]?.status === 'failed');
    expect(delivery!.attempt_log).toEqual([expect.objectContaining({ code: 410 })]);
    const after = await ctx.api.get(`/api/webhooks/${hook.id}`, ctx.adminToken);
    expect(after.body).toMatchObject({ enabled: false, disabled_reason: expect.stringContaining('410') });
    await checkout();
    expect(receiver.at(hook.path)).toHaveLength(1);
    const alerts = await eventually(
      async () => (await ctx.api.get('/api/notifications/messages?template=webhook-disabled', ctx.adminToken)).body.items,
      (items: { recipient: string }[]) => items.length > 0,
    );
    expect(alerts[0]).toMatchObject({ channel: 'email', recipient: 'admin@storefleet.test' });
  });

  it('counts each message that reached its final state, by channel and outcome, and each disabled endpoint, in its metrics', async () => {
    /** One series of notifications' /metrics, e.g. ('storefleet_deliveries_total', { channel: 'webhook', outcome: 'sent' }). */
    const metric = async (name: string, labels: Record<string, string>) => {
      const text = await fetch(`${ctx.system.urls.notifications}/metrics`).then((r) => r.text());
      const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
      return Number(line?.split(' ').at(-1));
    };
    const sentBefore = await metric('storefleet_deliveries_total', { channel: 'webhook', outcome: 'sent' });
    const failedBefore = await metric('storefleet_deliveries_total', { channel: 'webhook', outcome: 'failed' });
    const goneBefore = await metric('storefleet_webhook_endpoints_disabled_total', { reason: 'gone' });
    const emailsBefore = await metric('storefleet_deliveries_total', { channel: 'email', outcome: 'not_sent' });
    // Every known pair is there from the start.
    expect(await metric('storefleet_deliveries_total', { channel: 'sms', outcome: 'failed' })).toBeGreaterThanOrEqual(0);

    // Without SMTP_URL a checkout's confirmation is not_sent from the start (and counted once its event is handled).
    const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 1 });
    const email = `counted-${Date.now()}@example.com`;
    expect((await guestCheckout(ctx.api, [{ sku, quantity: 1 }], { email })).status).toBe(201);
    await eventually(async () => (await ctx.api.get(`/api/notifications/messages?recipient=${encodeURIComponent(email)}`, ctx.adminToken)).body.items, (items: unknown[]) => items.length === 1);
    expect(await eventually(() => metric('storefleet_deliveries_total', { channel: 'email', outcome: 'not_sent' }), (n) => n > emailsBefore)).toBeGreaterThan(emailsBefore);

    const fine = await endpoint(['order.created']);
    await ctx.api.post(`/api/webhooks/${fine.id}/test`, undefined, ctx.adminToken);
    await settled(fine.id, (items) => items[0]?.status === 'sent');
    const gone = await endpoint(['order.created']);
    receiver.script(gone.path, [410]);
    await ctx.api.post(`/api/webhooks/${gone.id}/test`, undefined, ctx.adminToken);
    await settled(gone.id, (items) => items[0]?.status === 'failed');
    expect(await eventually(() => metric('storefleet_deliveries_total', { channel: 'webhook', outcome: 'sent' }), (n) => n > sentBefore)).toBeGreaterThan(sentBefore);
    expect(await eventually(() => metric('storefleet_deliveries_total', { channel: 'webhook', outcome: 'failed' }), (n) => n > failedBefore)).toBeGreaterThan(failedBefore);
    expect(await eventually(() => metric('storefleet_webhook_endpoints_disabled_total', { reason: 'gone' }), (n) => n > goneBefore)).toBe(goneBefore + 1);
  });

  it('rotates the secret: the new one signs, the old one no longer verifies', async () => {
    const hook = await endpoint(['order.*']);
    const rotated = await ctx.api.post(`/api/webhooks/${hook.id}/rotate-secret`, undefined, ctx.adminToken);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(hook.secret);
    await ctx.api.post(`/api/webhooks/${hook.id}/test`, undefined, ctx.adminToken);
    await eventually(async () => receiver.at(hook.path).length, (n) => n === 1);
    expect(verified(rotated.body.secret, receiver.at(hook.path)[0]!).event).toBe('webhook.test');
    expect(() => verified(hook.secret, receiver.at(hook.path)[0]!)).toThrow();
  });

  it('answers 400 naming the field for a bad URL or an event pattern that matches nothing', async () => {
    const badUrl = await ctx.api.post('/api/webhooks', { url: 'not a url', events: ['order.*'] }, ctx.adminToken);
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.errors).toEqual([expect.objectContaining({ field: 'url' })]);
    const badPattern = await ctx.api.post('/api/webhooks', { url: receiver.url + '/x', events: ['ordr.*'] }, ctx.adminToken);
    expect(badPattern.status).toBe(400);
    expect(badPattern.body.errors).toEqual([expect.objectContaining({ field: 'events' })]);
    const customer = await ctx.api.registerAndLogin();
    expect((await ctx.api.get('/api/webhooks', customer.token)).status).toBe(403);
  });

  it('updates and deletes an endpoint', async () => {
    const hook = await endpoint(['order.*']);
    const patched = await ctx.api.patch(`/api/webhooks/${hook.id}`, { events: ['user.*'], description: 'users' }, ctx.adminToken);
    expect(patched.body).toMatchObject({ events: ['user.*'], description: 'users' });
    expect((await ctx.api.delete(`/api/webhooks/${hook.id}`, ctx.adminToken)).status).toBe(204);
    expect((await ctx.api.get(`/api/webhooks/${hook.id}`, ctx.adminToken)).status).toBe(404);
  });

  describe('with the SSRF guard on', () => {
    const secret = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
    beforeAll(async () => {
      await ctx.system.stopService('notifications');
      await ctx.system.startService('notifications', { WEBHOOK_ALLOW_PRIVATE_URLS: 'false', WEBHOOK_URLS: `${receiver.url}/guarded`, WEBHOOK_SECRET: secret });
    });
    afterAll(async () => {
      await ctx.system.stopService('notifications');
      await ctx.system.startService('notifications');
    });

    it('refuses a private URL on creation', async () => {
      const refused = await ctx.api.post('/api/webhooks', { url: `${receiver.url}/private`, events: ['order.*'] }, ctx.adminToken);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'url', message: expect.stringContaining('127.0.0.1') })]);
      const metadata = await ctx.api.post('/api/webhooks', { url: 'http://169.254.169.254/latest', events: ['order.*'] }, ctx.adminToken);
      expect(metadata.status).toBe(400);
    });

    it('checks again at send time: a private WEBHOOK_URLS endpoint is never called', async () => {
      await checkout();
      const refused = await eventually(
        async () => (await ctx.api.get(`/api/notifications/messages?channel=webhook&recipient=${encodeURIComponent(`${receiver.url}/guarded`)}&status=failed`, ctx.adminToken)).body.items,
        (items: unknown[]) => items.length > 0,
      );
      expect(refused[0]).toMatchObject({ status: 'failed', last_error: expect.stringContaining('refused') });
      expect(receiver.at('/guarded')).toHaveLength(0);
    });
  });

  describe('with WEBHOOK_URLS and WEBHOOK_DISABLE_AFTER of 0', () => {
    const secret = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
    beforeAll(async () => {
      await ctx.system.stopService('notifications');
      await ctx.system.startService('notifications', { WEBHOOK_URLS: `${receiver.url}/env`, WEBHOOK_SECRET: secret, WEBHOOK_DISABLE_AFTER: '0s' });
    });
    afterAll(async () => {
      await ctx.system.stopService('notifications');
      await ctx.system.startService('notifications');
    });

    it('sends every event to WEBHOOK_URLS, signed with WEBHOOK_SECRET', async () => {
      const orderId = await checkout();
      const created = await eventually(
        async () => receiver.at('/env').map((r) => verified(secret, r)),
        (payloads) => payloads.some((p) => p.event === 'order.created' && p.data.id === orderId),
      );
      expect(created.filter((p) => p.event === 'order.created' && p.data.id === orderId)).toHaveLength(1);
    });

    it('disables an endpoint failing for WEBHOOK_DISABLE_AFTER', async () => {
      const hook = await endpoint(['order.*']);
      receiver.script(hook.path, [500]);
      await ctx.api.post(`/api/webhooks/${hook.id}/test`, undefined, ctx.adminToken);
      const disabled = await eventually(async () => (await ctx.api.get(`/api/webhooks/${hook.id}`, ctx.adminToken)).body, (body) => body.enabled === false);
      expect(disabled).toMatchObject({ enabled: false, disabled_reason: 'every delivery failed for 0s' });
      // Enabled again, it gets events again.
      expect((await ctx.api.patch(`/api/webhooks/${hook.id}`, { enabled: true }, ctx.adminToken)).body).toMatchObject({ enabled: true, disabled_reason: null });
    });
  });
});
