import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warranty } from '@storefleet/contracts';
import { SUCCESS_CARD, eventually, guestCheckout } from '../support/commerce.js';
import { startMailbox, type Mailbox } from '../support/mailbox.js';
import { useTestSystem } from '../support/system.js';

const env: Record<string, string> = { SEND_POLL_MS: '100' };
let mailbox: Mailbox;
beforeAll(async () => {
  mailbox = await startMailbox();
  env.SMTP_URL = mailbox.url;
});
const ctx = useTestSystem(env);
afterAll(() => mailbox?.close());

const tag = () => randomBytes(3).toString('hex').toUpperCase();

/** A shipped laptop (bought by a customer, or by a guest at `guestEmail`), and its warranty once warranties made it from the shipping event. */
async function shippedLaptop(guestEmail?: string) {
  const sku = `WNT-LAP-${tag()}`;
  const product = await ctx.api.post('/api/products', { sku, name: `Laptop ${sku}`, brand: 'Storefleet', category: 'laptops', price: 1299, warranty_months: 24 }, ctx.adminToken);
  expect(product.status).toBe(201);
  expect((await ctx.api.request('PUT', `/api/inventory/${sku}`, { token: ctx.adminToken, body: { on_hand: 5, reason: 'test stock' } })).status).toBe(200);
  const owner = guestEmail ? { email: guestEmail, token: undefined } : await ctx.api.registerAndLogin();
  const placed = guestEmail
    ? await guestCheckout(ctx.api, [{ sku, quantity: 1 }], { email: guestEmail })
    : await ctx.api.request('POST', '/api/orders', { token: owner.token, body: { items: [{ sku, quantity: 1 }], payment: SUCCESS_CARD } });
  expect(placed.status).toBe(201);
  const serial = `SN-${tag()}`;
  expect((await ctx.api.patch(`/api/orders/${placed.body.id}/status`, { status: 'shipped', serials: { [sku]: [serial] } }, ctx.adminToken)).status).toBe(200);
  const listed = await eventually(() => ctx.api.get(`/api/warranties?serial=${serial}`, ctx.adminToken), (r) => r.body.items?.length === 1);
  return { owner, serial, warranty: listed.body.items[0] as Warranty, productName: `Laptop ${sku}` };
}

const mailsAbout = (email: string, serial: string) => mailbox.to(email).filter((mail) => mail.subject.includes(serial));
const inAppOf = async (token: string) => (await ctx.api.get('/api/notifications', token)).body.items as { kind: string; title: string; body: string }[];

describe('warranty claim messages', () => {
  it("mails the warranty's owner that a claim was received, with its description, and each status change with the admin's note, in-app too", async () => {
    const { owner, serial, warranty, productName } = await shippedLaptop();

    const opened = await ctx.api.post(`/api/warranties/${warranty.id}/claims`, { description: 'The hinge cracked <left side>' }, owner.token!);
    expect(opened.status).toBe(201);
    const claimId = opened.body.id as string;
    const received = await eventually(async () => mailsAbout(owner.email, serial), (mails) => mails.length === 1);
    expect(received[0]!.subject).toBe(`We received your warranty claim for ${productName} (${serial})`);
    expect(received[0]!.text).toContain(`we received your warranty claim ${claimId} for ${productName}, serial ${serial}`);
    expect(received[0]!.text).toContain('The hinge cracked <left side>');
    expect(received[0]!.html).toContain('The hinge cracked &lt;left side&gt;');

    expect((await ctx.api.patch(`/api/warranties/claims/${claimId}`, { status: 'in_repair', note: 'sent to the workshop' }, ctx.adminToken)).status).toBe(200);
    const updated = await eventually(async () => mailsAbout(owner.email, serial), (mails) => mails.length === 2);
    expect(updated[1]!.subject).toBe(`Your warranty claim for ${productName} (${serial}): in repair`);
    expect(updated[1]!.text).toContain('is now: in repair.');
    expect(updated[1]!.text).toContain('Note from our service team: sent to the workshop');

    expect((await ctx.api.patch(`/api/warranties/claims/${claimId}`, { status: 'resolved' }, ctx.adminToken)).status).toBe(200);
    const resolved = await eventually(async () => mailsAbout(owner.email, serial), (mails) => mails.length === 3);
    expect(resolved[2]!.subject).toContain(': resolved');
    expect(resolved[2]!.text).not.toContain('Note from our service team');

    const notifications = await eventually(() => inAppOf(owner.token!), (items) => items.filter((n) => n.kind.startsWith('warranty.')).length === 3);
    expect(notifications.filter((n) => n.kind.startsWith('warranty.')).map((n) => [n.kind, n.title])).toEqual([
      ['warranty.claim_updated', 'Your warranty claim is resolved'],
      ['warranty.claim_updated', 'Your warranty claim is in repair'],
      ['warranty.claim_opened', 'We received your warranty claim'],
    ]);
    expect(notifications.find((n) => n.title === 'Your warranty claim is in repair')!.body).toBe(`${productName} (${serial}): in repair. sent to the workshop`);
  });

  it("mails the claim on a guest order's laptop to the order's email", async () => {
    const { owner, serial, warranty } = await shippedLaptop(`guest-${tag().toLowerCase()}@example.com`);
    expect(warranty.user_id).toBeNull();
    // Without signing in: the email and serial prove the claim.
    const opened = await ctx.api.post(`/api/warranties/${warranty.id}/claims`, { description: 'No power', email: owner.email, serial });
    expect(opened.status).toBe(201);
    const messages = await eventually(
      () => ctx.api.get(`/api/notifications/messages?recipient=${encodeURIComponent(owner.email)}&template=warranty-claim-opened`, ctx.adminToken),
      (r) => r.body.items?.[0]?.status === 'sent',
    );
    expect(messages.body.items).toHaveLength(1);
    expect(mailsAbout(owner.email, serial)).toHaveLength(1);
  });
});
