import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStockedProduct, eventually, guestCheckout } from '../support/commerce.js';
import { publishEvent } from '../support/events.js';
import { startMailbox, type Mailbox } from '../support/mailbox.js';
import { useTestSystem } from '../support/system.js';

// Retries in fractions of a second, so a server that is down and back is seen within the test.
const env: Record<string, string> = { MESSAGE_RETRY_SCHEDULE: '0,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms', SEND_POLL_MS: '100' };
let mailbox: Mailbox;
beforeAll(async () => {
  mailbox = await startMailbox();
  env.SMTP_URL = mailbox.url;
});
const ctx = useTestSystem(env);
afterAll(() => mailbox?.close());

const freshEmail = (name: string) => `${name}-${randomBytes(4).toString('hex')}@example.com`;

/** The admin's view of the messages to one recipient. */
async function messagesTo(recipient: string) {
  const response = await ctx.api.get(`/api/notifications/messages?recipient=${encodeURIComponent(recipient)}`, ctx.adminToken);
  expect(response.status).toBe(200);
  return response.body.items as { id: string; template: string; status: string; attempts: number; last_error: string | null }[];
}

async function messageOnceSettled(recipient: string, template: string) {
  // Up to 30 s: a message failing on every attempt of its schedule takes a few seconds on a busy machine.
  const all = await eventually(() => messagesTo(recipient), (items) => items.some((m) => m.template === template && m.status !== 'pending'), 300);
  return all.find((m) => m.template === template)!;
}

async function guestOrder(email: string) {
  const ram = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 20, price: 19.99 });
  const ssd = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 20, price: 120.5 });
  const placed = await guestCheckout(ctx.api, [{ sku: ram.sku, quantity: 3 }, { sku: ssd.sku, quantity: 1 }], { email });
  expect(placed.status).toBe(201);
  return { id: placed.body.id as string, skus: [ram.sku, ssd.sku], total: placed.body.total as number };
}

describe('email', () => {
  it('mails a guest one confirmation naming the order, each line and the total, and how to look it up', async () => {
    const email = freshEmail('guest');
    const order = await guestOrder(email);

    const message = await messageOnceSettled(email, 'order-confirmation');
    expect(message.status).toBe('sent');
    const mails = mailbox.to(email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail!.subject).toContain(order.id);
    expect(mail!.text).toContain(order.id);
    expect(mail!.text).toContain(`Test part ${order.skus[0]} (${order.skus[0]}): 3 x 19.99 EUR = 59.97 EUR`);
    expect(mail!.text).toContain(`Test part ${order.skus[1]} (${order.skus[1]}): 1 x 120.50 EUR = 120.50 EUR`);
    expect(mail!.text).toContain(`Total: ${order.total.toFixed(2)} EUR`);
    expect(mail!.text).toContain(`/api/orders/lookup?email=${email}&order_id=${order.id}`);
    expect(mail!.html).toContain('<table>');

    const detail = await ctx.api.get(`/api/notifications/messages/${message.id}`, ctx.adminToken);
    expect(detail.body).toMatchObject({ channel: 'email', recipient: email, status: 'sent', subject: mail!.subject });
    expect(detail.body.attempt_log).toEqual([expect.objectContaining({ outcome: 'sent', code: 250 })]);
  });

  it('mails the shipped order', async () => {
    const email = freshEmail('ship');
    const order = await guestOrder(email);
    expect((await ctx.api.patch(`/api/orders/${order.id}/status`, { status: 'shipped' }, ctx.adminToken)).status).toBe(200);
    expect((await messageOnceSettled(email, 'order-shipped')).status).toBe('sent');
    const shipped = mailbox.to(email).filter((mail) => mail.subject.includes('has shipped'));
    expect(shipped).toHaveLength(1);
    expect(shipped[0]!.text).toContain(order.id);
  });

  it('mails the cancellation with its reason', async () => {
    const email = freshEmail('cancel');
    const order = await guestOrder(email);
    expect((await ctx.api.patch(`/api/orders/${order.id}/status`, { status: 'cancelled', reason: 'out of warehouse space' }, ctx.adminToken)).status).toBe(200);
    expect((await messageOnceSettled(email, 'order-cancelled')).status).toBe('sent');
    expect(mailbox.to(email).find((mail) => mail.subject.includes('cancelled'))!.text).toContain('Reason: out of warehouse space');
  });

  it('welcomes a new customer', async () => {
    const { email } = await ctx.api.registerAndLogin(freshEmail('welcome'));
    expect((await messageOnceSettled(email, 'welcome')).status).toBe('sent');
    expect(mailbox.to(email)).toEqual([expect.objectContaining({ subject: 'Welcome to Storefleet, Ada' })]);
  });

  it('mails a password-reset link from the identity event', async () => {
    // The identity side publishes this event; here it is published as identity would.
    const email = freshEmail('reset');
    await publishEvent(ctx.system, {
      type: 'user.password_reset_requested', source: 'identity',
      data: { user_id: '0d9c6a52-7d3e-4a8e-9a53-1f0f3c1e8b11', email, first_name: 'Ada', token: 'tok-123_abc', expires_at: '2030-01-01T00:30:00.000Z' },
    });
    expect((await messageOnceSettled(email, 'password-reset')).status).toBe('sent');
    expect(mailbox.to(email)[0]!.text).toContain('http://127.0.0.1:5001/reset-password?token=tok-123_abc');
  });

  it('alerts every active admin when a SKU falls to its low-stock threshold', async () => {
    const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 6, threshold: 5 });
    expect((await guestCheckout(ctx.api, [{ sku, quantity: 2 }], { email: freshEmail('low') })).status).toBe(201);
    const alerts = await eventually(
      () => messagesTo('admin@storefleet.test'),
      (items) => items.some((m) => m.template === 'low-stock' && m.status === 'sent'),
    );
    expect(alerts.filter((m) => m.template === 'low-stock')).toHaveLength(1);
    expect(mailbox.to('admin@storefleet.test').find((mail) => mail.subject.includes(sku))!.text).toContain(`Stock of ${sku} fell to 4 available (threshold 5).`);
  });

  it('retries while the SMTP server is down and sends once it is back', async () => {
    const email = freshEmail('down');
    mailbox.setDown(true);
    try {
      await guestOrder(email);
      const failing = await eventually(() => messagesTo(email), (items) => items.some((m) => m.attempts >= 2));
      expect(failing[0]).toMatchObject({ status: 'pending', last_error: expect.stringContaining('451') });
    } finally {
      mailbox.setDown(false);
    }
    expect((await messageOnceSettled(email, 'order-confirmation')).status).toBe('sent');
    expect(mailbox.to(email)).toHaveLength(1);
  });

  it('marks an email failed with the server\'s last answer once every attempt of its schedule failed', async () => {
    const email = freshEmail('refused');
    mailbox.setDown(true);
    try {
      await guestOrder(email);
      const message = await messageOnceSettled(email, 'order-confirmation');
      expect(message).toMatchObject({ status: 'failed', attempts: 12, last_error: expect.stringContaining('451') });
    } finally {
      mailbox.setDown(false);
    }
    expect(mailbox.to(email)).toHaveLength(0);
  });

  it('loses no email when the service stops mid-send: the claim expires and it is sent after the restart', async () => {
    // A short claim, so the test sees it expire.
    await ctx.system.stopService('notifications');
    await ctx.system.startService('notifications', { SEND_CLAIM_MS: '1500' });
    const email = freshEmail('stalled');
    mailbox.setStalled(true);
    try {
      await guestOrder(email);
      await eventually(async () => mailbox.stalledCount(), (count) => count >= 1);
      expect(mailbox.stalledCount()).toBeGreaterThanOrEqual(1);
      await ctx.system.stopService('notifications');
    } finally {
      mailbox.setStalled(false);
    }
    await ctx.system.startService('notifications', { SEND_CLAIM_MS: '1500' });
    expect((await messageOnceSettled(email, 'order-confirmation')).status).toBe('sent');
    expect(mailbox.to(email)).toHaveLength(1);
  });

  it('without SMTP_URL keeps the message as not_sent with the reason', async () => {
    await ctx.system.stopService('notifications');
    await ctx.system.startService('notifications', { SMTP_URL: '' });
    try {
      const email = freshEmail('nosmtp');
      await guestOrder(email);
      const message = await messageOnceSettled(email, 'order-confirmation');
      expect(message).toMatchObject({ status: 'not_sent', attempts: 0, last_error: expect.stringContaining('SMTP_URL is not set') });
      expect(mailbox.to(email)).toHaveLength(0);
      const listed = await ctx.api.get('/api/notifications/messages?status=not_sent&channel=email', ctx.adminToken);
      expect(listed.body.items.map((m: { id: string }) => m.id)).toContain(message.id);
    } finally {
      await ctx.system.stopService('notifications');
      await ctx.system.startService('notifications');
    }
  });

  it('lists messages for admins only', async () => {
    const customer = await ctx.api.registerAndLogin();
    expect((await ctx.api.get('/api/notifications/messages', customer.token)).status).toBe(403);
    expect((await ctx.api.get('/api/notifications/messages?status=bogus', ctx.adminToken)).status).toBe(400);
  });
});
