import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { adminApp, ensureWebBuilt } from '@storefleet/system';
import { openAdminSignedIn } from '../support/admin.js';
import { PHONE, launchBrowser, screenshot } from '../support/browser.js';
import { createStockedProduct, eventually, guestCheckout } from '../support/commerce.js';
import { startWebhookReceiver, verified, type WebhookReceiver } from '../support/webhook-receiver.js';
import { useTestSystem } from '../support/system.js';

// The back-office pages of the admin panel (channels, webhooks, CSV, analytics), driven in Chromium.
beforeAll(() => ensureWebBuilt([adminApp()]), 300_000);
const ctx = useTestSystem();

let browser: Browser;
let receiver: WebhookReceiver;
beforeAll(async () => {
  browser = await launchBrowser();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await browser?.close();
  await receiver?.close();
});

const adminPage = (path: string, viewport?: { width: number; height: number }) => openAdminSignedIn(browser, ctx.system.gatewayUrl, path, viewport);

const slug = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

describe('the admin panel\'s back office in a browser', () => {
  it('creates a channel (after the API refuses a bad colour beside its field), then a key it shows once, and the key works', async () => {
    const id = slug('outlet');
    const page = await adminPage('/channels');
    await page.getByRole('button', { name: 'New channel' }).click();
    const form = page.getByRole('form', { name: 'New channel' });
    await form.getByLabel('Slug').fill(id);
    await form.getByLabel('Name').fill('Outlet store');
    await form.getByLabel('Theme colour').fill('teal');
    await form.getByLabel('Allowed origins').fill('https://outlet.example.com');
    await form.getByRole('button', { name: 'Create channel' }).click();
    const colour = form.locator('.field.invalid', { has: page.getByLabel('Theme colour') });
    await colour.locator('.field-error').waitFor();
    expect(await form.locator('.field.invalid').count()).toBe(1);

    await form.getByLabel('Theme colour').fill('#0f766e');
    await form.getByRole('button', { name: 'Create channel' }).click();
    const card = page.getByRole('listitem', { name: `Channel ${id}` });
    await card.waitFor();
    expect(await card.textContent()).toContain('https://outlet.example.com');

    await card.getByRole('button', { name: 'New key' }).click();
    const shown = page.getByRole('region', { name: `New key of ${id}` });
    await shown.waitFor();
    expect(await shown.textContent()).toContain('you will not see it again');
    const key = (await shown.getByTestId('secret').textContent())!;
    expect(key).toMatch(/^pk_/);
    await screenshot(page, 'admin-channel-key-once');

    // The key is the channel's: an order placed with it is recorded there.
    const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 5 });
    const placed = await guestCheckout(ctx.api, [{ sku, quantity: 1 }], { headers: { 'x-api-key': key } });
    expect([placed.status, placed.body.channel]).toEqual([201, id]);

    // Once dismissed, the key is gone for good: the list shows only its first characters.
    await shown.getByRole('button', { name: 'I have stored it' }).click();
    await shown.waitFor({ state: 'detached' });
    await page.reload();
    await card.getByRole('list', { name: `Keys of ${id}` }).waitFor();
    expect(await page.content()).not.toContain(key);
    expect(await card.getByRole('list', { name: `Keys of ${id}` }).textContent()).toContain(key.slice(0, 9));

    await card.getByRole('button', { name: `Revoke key ${key.slice(0, 9)}` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: /^Revoke/ }).click();
    await card.getByText('No publishable key.').waitFor();
    expect((await eventually(() => ctx.api.request('GET', '/api/products', { headers: { 'x-api-key': key } }), (r) => r.status === 401)).status).toBe(401);

    await page.setViewportSize(PHONE);
    await screenshot(page, 'admin-channels-phone');
    await page.close();
  });

  it('creates a webhook to a receiver (its secret shown once), sends a test and sees the delivery with its 200 in the log', async () => {
    const page = await adminPage('/webhooks');
    await page.getByRole('button', { name: 'New endpoint' }).click();
    const form = page.getByRole('form', { name: 'New endpoint' });
    await form.getByLabel('URL').fill(`${receiver.url}/admin-hook`);
    await form.getByLabel('Events').fill('webhook.test');
    await form.getByLabel('Description').fill('browser test');
    await form.getByRole('button', { name: 'Create endpoint' }).click();
    const shown = page.getByRole('region', { name: /^Signing secret of/ });
    await shown.waitFor();
    const secret = (await shown.getByTestId('secret').textContent())!;
    expect(secret).toMatch(/^whsec_/);
    await screenshot(page, 'admin-webhook-secret-once');

    await page.getByRole('link', { name: 'Open the new endpoint' }).click();
    await page.getByRole('button', { name: 'Send test' }).click();
    const delivery = page.getByRole('listitem', { name: 'Delivery webhook.test' });
    const code = delivery.getByTestId('attempt-code').first();
    await code.waitFor();
    await delivery.locator('.badge', { hasText: 'sent' }).waitFor();
    await screenshot(page, 'admin-webhook-delivery-log');
    expect(await code.textContent()).toBe('200');
    expect(await delivery.textContent()).toContain('answer 200');
    // What the log shows is what the receiver got, signed with the secret shown once.
    const [received] = receiver.at('/admin-hook');
    expect(verified(secret, received!).event).toBe('webhook.test');

    // Redeliver sends the same event again (same webhook-id).
    await delivery.getByRole('button', { name: 'Redeliver' }).first().click();
    const again = await eventually(async () => receiver.at('/admin-hook'), (all) => all.length === 2);
    expect(again[1]!.headers['webhook-id']).toBe(received!.headers['webhook-id']);

    await page.setViewportSize(PHONE);
    await screenshot(page, 'admin-webhook-phone');
    await page.close();
  });

  it('imports a products CSV with one bad row: the import finishes and reports that row\'s line, column and reason; export keeps the search', async () => {
    const prefix = `CSV-${randomBytes(3).toString('hex').toUpperCase()}`;
    const csv = [
      'sku,name,brand,category,price,currency,attributes',
      `${prefix}-A,Imported part A,Storefleet,memory,10.50,EUR,{}`,
      `${prefix}-B,Imported part B,Storefleet,memory,-5,EUR,{}`,
      `${prefix}-C,Imported part C,Storefleet,memory,12.00,EUR,{}`,
    ].join('\r\n');
    const page = await adminPage('/products');
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import products from CSV' });
    await dialog.getByLabel('CSV file').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await dialog.getByRole('button', { name: 'Import' }).click();
    await dialog.getByText('Import done').waitFor();
    const report = dialog.getByRole('table', { name: 'Rows not imported' });
    await report.waitFor();
    await screenshot(page, 'admin-products-import-report');
    expect(await dialog.getByTestId('import-status').textContent()).toContain('2 created, 0 updated, 0 unchanged, 1 failed');
    const rows = await report.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    const cells = await report.locator('tbody tr td').allTextContents();
    expect(cells.slice(0, 2)).toEqual(['3', 'price']);
    expect(cells[2]!.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (document.querySelector('dialog progress') as HTMLProgressElement).position)).toBe(1);
    // The good rows are in the catalog; the bad one changed nothing.
    const listed = await ctx.api.get(`/api/products?q=${prefix}&limit=10`);
    expect(listed.body.items.map((p: { sku: string }) => p.sku).sort()).toEqual([`${prefix}-A`, `${prefix}-C`]);

    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByLabel('Search').fill(prefix);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Imported part A' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const exported = await readFile((await download.path())!, 'utf8');
    const lines = exported.trim().split(/\r\n/);
    expect(lines[0]).toMatch(/^sku,/);
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual([`${prefix}-A`, `${prefix}-C`]);
    await page.close();
  });

  it('shows on the dashboard the revenue of an order placed in the test, in its channel, against the previous period', async () => {
    const channel = slug('dash');
    expect((await ctx.api.post('/api/channels', { id: channel, name: 'Dashboard test' }, ctx.adminToken)).status).toBe(201);
    const key = (await ctx.api.post(`/api/channels/${channel}/keys`, {}, ctx.adminToken)).body.key as string;
    const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 10, price: 123.45 });
    const placed = await guestCheckout(ctx.api, [{ sku, quantity: 2 }], { headers: { 'x-api-key': key } });
    expect(placed.status).toBe(201);

    const page = await adminPage('/');
    await page.getByLabel('Channel', { exact: true }).selectOption(channel);
    const figures = page.getByTestId('figures-EUR');
    await figures.getByText('€246.90').first().waitFor();
    await screenshot(page, 'admin-dashboard-channel');
    const kpis = await figures.locator('.kpis').textContent();
    expect(kpis).toContain('€246.90 revenue');
    expect(kpis).toContain('1 orders');
    expect(kpis).toContain('new');
    expect(await figures.getByRole('figure').filter({ hasText: 'Top products' }).textContent()).toContain(`Test part ${sku}`);
    expect(await figures.getByRole('figure').filter({ hasText: 'Revenue by channel' }).textContent()).toContain(channel);

    await page.setViewportSize(PHONE);
    await screenshot(page, 'admin-dashboard-phone');
    await page.close();
  });

  it('extends a shipped laptop\'s warranty with a reason, moves its claim with a note, and reads the order\'s confirmation in the sent messages', async () => {
    const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 3 });
    const email = `warranty-${randomBytes(3).toString('hex')}@example.com`;
    const serial = `SN-${randomBytes(4).toString('hex').toUpperCase()}`;
    const placed = await guestCheckout(ctx.api, [{ sku, quantity: 1 }], { email });
    expect(placed.status).toBe(201);
    const orderId = placed.body.id as string;
    const shipped = await ctx.api.request('PATCH', `/api/orders/${orderId}/status`, { token: ctx.adminToken, body: { status: 'shipped', serials: { [sku]: [serial] } } });
    expect(shipped.status).toBe(200);
    const [warranty] = (await eventually(() => ctx.api.get(`/api/warranties?serial=${serial}`, ctx.adminToken), (r) => r.body.items?.length === 1)).body.items;
    const claim = await ctx.api.post(`/api/warranties/${warranty.id}/claims`, { description: 'The screen flickers', email, serial });
    expect(claim.status).toBe(201);

    const page = await adminPage('/warranties');
    await page.getByLabel('Serial').fill(serial);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('link', { name: serial }).click();
    await page.getByRole('heading', { name: `Warranty ${serial}` }).waitFor();
    const change = page.getByRole('form', { name: 'Change the warranty' });
    const longer = `${Number(warranty.ends_on.slice(0, 4)) + 1}${warranty.ends_on.slice(4)}`;
    await change.getByLabel('New end date').fill(longer);
    await change.getByRole('button', { name: 'Extend warranty' }).click();
    // Without a reason the API refuses, and says so beside the field.
    await change.locator('.field.invalid', { has: page.getByLabel('Reason') }).waitFor();
    await change.getByLabel('Reason').fill('goodwill after repair');
    await change.getByRole('button', { name: 'Extend warranty' }).click();
    await page.getByRole('list', { name: 'Warranty history' }).getByText('goodwill after repair').waitFor();
    expect(await page.getByRole('list', { name: 'Warranty history' }).textContent()).toContain(`${warranty.ends_on} → ${longer}`);

    const card = page.getByRole('listitem', { name: `Claim ${claim.body.id.slice(0, 8)}` });
    await card.getByLabel('Move to').selectOption('in_repair');
    await card.getByLabel('Note').fill('sent to the workshop');
    await card.getByRole('button', { name: 'Move claim' }).click();
    await card.getByRole('list', { name: 'Claim history' }).getByText('open → in_repair · sent to the workshop').waitFor();
    await screenshot(page, 'admin-warranty-detail');
    const stored = (await ctx.api.get(`/api/warranties/${warranty.id}`, ctx.adminToken)).body;
    expect([stored.ends_on, stored.claims[0].status]).toEqual([longer, 'in_repair']);
    await page.setViewportSize(PHONE);
    await screenshot(page, 'admin-warranty-phone');
    await page.setViewportSize({ width: 1280, height: 800 });

    // Without SMTP_URL the confirmation is kept, rendered, as not sent: the admin reads it and can resend it.
    await page.goto(`${ctx.system.gatewayUrl}/admin/messages?recipient=${encodeURIComponent(email)}`);
    const row = page.getByRole('row').filter({ hasText: 'order-confirmation' });
    await row.waitFor();
    expect(await row.textContent()).toContain('not sent');
    await row.getByRole('link').click();
    await page.getByRole('button', { name: 'Resend' }).waitFor();
    expect(await page.locator('pre.card').textContent()).toContain(orderId);
    // The HTML part, rendered in a sandboxed frame.
    await page.frameLocator('iframe.mail').getByText(orderId).waitFor();
    await page.getByRole('button', { name: 'Resend' }).click();
    await page.getByText('Queued again.').waitFor();
    // The sandboxed frame is painted apart from the page: in view, so the screenshot shows it.
    await page.locator('iframe.mail').scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-message-detail');
    await page.close();
  });

  it('shows in the filter form the filters Back returns to, as the list does', async () => {
    const page = await adminPage('/warranties');
    for (const serial of ['SN-BACK-FIRST', 'SN-BACK-SECOND']) {
      await page.getByLabel('Serial').fill(serial);
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL(new RegExp(`serial=${serial}`));
    }
    await page.goBack();
    await page.waitForURL(/serial=SN-BACK-FIRST/);
    await expect.poll(() => page.getByLabel('Serial').inputValue()).toBe('SN-BACK-FIRST');
    await screenshot(page, 'admin-warranties-back');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'admin-warranties-back-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goForward();
    await page.waitForURL(/serial=SN-BACK-SECOND/);
    await expect.poll(() => page.getByLabel('Serial').inputValue()).toBe('SN-BACK-SECOND');
    await page.close();
  });
});
