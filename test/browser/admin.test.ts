import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createDb } from '@storefleet/kit';
import { adminApp, ensureWebBuilt } from '@storefleet/system';
import { openAdmin as openAdminAt, openAdminSignedIn, signInToAdmin as signIn } from '../support/admin.js';
import { PHONE, launchBrowser, screenshot } from '../support/browser.js';
import { createStockedProduct, eventually, guestCheckout, stockOf } from '../support/commerce.js';
import { ADMIN, useTestSystem } from '../support/system.js';

/** The most JavaScript the admin's sign-in page may load, gzipped (React and the API client; the panel and its pages load after sign-in). */
const ADMIN_SIGN_IN_JS_BUDGET = 80 * 1024;

// The gateway serves apps/admin/dist: built first (when stale), before the system starts.
beforeAll(() => ensureWebBuilt([adminApp()]), 300_000);
// Events fail for good after 3 quick attempts, so a dead letter appears within a second.
const ctx = useTestSystem({ EVENT_MAX_ATTEMPTS: '3', EVENT_RETRY_MS: '20' });

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const openAdmin = (path = '/', viewport?: { width: number; height: number }) => openAdminAt(browser, ctx.system.gatewayUrl, path, viewport);
const adminPage = (path: string, viewport?: { width: number; height: number }) => openAdminSignedIn(browser, ctx.system.gatewayUrl, path, viewport);

describe('the admin panel in a browser', () => {
  it('refuses a customer who signs in: they are told they are not an admin and see no admin page', async () => {
    const customer = await ctx.api.registerAndLogin();
    const page = await openAdmin('/orders');
    await signIn(page, customer.email, customer.password);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await screenshot(page, 'admin-customer-refused');
    expect(await alert.textContent()).toContain(`${customer.email} is not an admin`);
    expect(await page.getByRole('navigation', { name: 'Sections' }).count()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.close();
  });

  it('shows the API\'s message beside the price when an admin creates a product with a bad price', async () => {
    const sku = `ADM-${randomBytes(3).toString('hex').toUpperCase()}`;
    const body = { sku, name: 'Bad price part', brand: 'Storefleet', category: 'memory', price: -5, attributes: {} };
    const expected = await ctx.api.post('/api/products', body, ctx.adminToken);
    expect(expected.status).toBe(400);
    const message = expected.body.errors.find((e: { field: string }) => e.field === 'price').message as string;

    const page = await adminPage('/products/new');
    await page.getByLabel('SKU').fill(sku);
    await page.getByLabel('Name').fill(body.name);
    await page.getByLabel('Brand').fill(body.brand);
    await page.getByLabel('Category').fill(body.category);
    await page.getByLabel('Price').fill('-5');
    await page.getByRole('button', { name: 'Create product' }).click();
    const price = page.locator('.field.invalid', { has: page.getByLabel('Price') });
    await price.locator('.field-error').waitFor();
    await screenshot(page, 'admin-product-bad-price');
    expect(await price.locator('.field-error').textContent()).toBe(message);
    expect(await page.getByLabel('Price').getAttribute('aria-invalid')).toBe('true');
    // Only the price was wrong: no other field is marked.
    expect(await page.locator('.field.invalid').count()).toBe(1);
    expect((await ctx.api.get(`/api/products?q=${sku}`)).body.items).toEqual([]);
    await page.close();
  });

  it('adjusts stock with a reason and shows the new level and the movement', async () => {
    const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 5, threshold: 2 });
    const page = await adminPage(`/inventory?sku=${sku}`);
    const panel = page.getByRole('complementary', { name: `Stock of ${sku}` });
    await panel.getByTestId('stock-level').getByText('5', { exact: true }).first().waitFor();
    await panel.getByLabel('Units (negative removes)').fill('7');
    await panel.getByLabel('Reason').fill('cycle count');
    await panel.getByRole('button', { name: 'Apply' }).click();
    const movement = panel.getByRole('list', { name: 'Movements' }).getByRole('listitem').filter({ hasText: 'cycle count' });
    await movement.waitFor();
    await screenshot(page, 'admin-inventory-adjusted');
    expect(await panel.getByTestId('stock-level').textContent()).toMatch(/12 on hand, 0 reserved, 12 available/);
    expect(await movement.textContent()).toMatch(/\+7 adjustment · cycle count → 12 on hand/);
    expect((await stockOf(ctx.api, ctx.adminToken, sku)).on_hand).toBe(12);

    await page.setViewportSize(PHONE);
    await screenshot(page, 'admin-inventory-phone');
    await page.close();
  });

  it('lists an order placed through the API, ships it from its page, and its timeline shows shipped', async () => {
    const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 10 });
    const email = `buyer-${randomBytes(3).toString('hex')}@example.com`;
    const placed = await guestCheckout(ctx.api, [{ sku, quantity: 2 }], { email });
    expect(placed.status).toBe(201);
    const id = placed.body.id as string;

    const page = await adminPage('/orders');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Filter' }).click();
    const row = page.getByRole('row').filter({ hasText: email });
    await row.waitFor();
    await screenshot(page, 'admin-orders-list');
    expect(await row.textContent()).toContain('processing');

    await row.getByRole('link').click();
    await page.getByRole('heading', { name: `Order ${id.slice(0, 8)}` }).waitFor();
    await page.getByRole('button', { name: 'Ship' }).click();
    await page.getByRole('button', { name: 'Confirm: ship' }).click();
    await page.getByTestId('order-status').getByText('shipped').waitFor();
    const shipped = page.getByRole('list', { name: 'Timeline' }).getByText('processing → shipped');
    await shipped.waitFor();
    await screenshot(page, 'admin-order-shipped');
    // What the page says is what the API holds.
    expect((await ctx.api.get(`/api/orders/${id}`, ctx.adminToken)).body.status).toBe('shipped');
    // From shipped, the only legal changes are offered.
    const actions = await page.getByRole('group', { name: 'Change status' }).getByRole('button').allTextContents();
    expect(actions).toEqual(['Mark delivered', 'Cancel order']);

    await page.setViewportSize(PHONE);
    await screenshot(page, 'admin-order-phone');
    await page.close();
  });

  it('changes a user\'s role and deactivates them', async () => {
    const customer = await ctx.api.registerAndLogin();
    const page = await adminPage('/users');
    await page.getByLabel('Search').fill(customer.email);
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.getByRole('row').filter({ hasText: customer.email });
    await row.waitFor();
    await page.getByLabel(`Role of ${customer.email}`).selectOption('admin');
    await eventually(async () => (await ctx.api.get(`/api/users/${customer.id}`, ctx.adminToken)).body.role, (role) => role === 'admin', 50);
    await page.getByRole('button', { name: `Deactivate ${customer.email}` }).click();
    await page.getByRole('button', { name: `Reactivate ${customer.email}` }).waitFor();
    await screenshot(page, 'admin-user-changed');
    const user = (await ctx.api.get(`/api/users/${customer.id}`, ctx.adminToken)).body;
    expect([user.role, user.active]).toEqual(['admin', false]);
    expect(await page.getByLabel(`Role of ${customer.email}`).inputValue()).toBe('admin');
    await page.close();
  });

  it('lists a dead letter, shows why its replay failed, and replays it once the cause is fixed', async () => {
    const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 3 });
    // Catalog has recorded the first stock change before it breaks, so only the next one fails.
    await eventually(async () => (await ctx.api.get(`/api/products?q=${sku}`)).body.items[0], (p) => p?.available === 3);
    const catalogDb = createDb({ url: ctx.system.databases.catalog! });
    // Catalog cannot record stock changes (as after a bad deploy): its handler of inventory.stock_changed fails.
    await catalogDb.query('ALTER TABLE stock_levels RENAME TO stock_levels_away');
    let fixed = false;
    try {
      expect((await ctx.api.request('PUT', `/api/inventory/${sku}`, { token: ctx.adminToken, body: { delta: 1, reason: 'while catalog is broken' } })).status).toBe(200);
      await eventually(async () => (await ctx.api.get('/api/events/dead-letters', ctx.adminToken)).body.dead_letters, (letters: { event: { subject?: string } }[]) => letters.some((l) => l.event.subject === sku));

      const page = await adminPage('/dead-letters');
      const letter = page.getByRole('listitem').filter({ hasText: 'inventory.stock_changed' }).filter({ hasText: sku });
      await letter.waitFor();
      await letter.getByRole('button', { name: 'Replay' }).click();
      const failed = page.getByRole('alert').filter({ hasText: 'Replay failed' });
      await failed.waitFor();
      await screenshot(page, 'admin-dead-letter-replay-failed');
      expect(await letter.count()).toBe(1);

      await catalogDb.query('ALTER TABLE stock_levels_away RENAME TO stock_levels');
      fixed = true;
      await letter.getByRole('button', { name: 'Replay' }).click();
      await letter.waitFor({ state: 'detached' });
      await screenshot(page, 'admin-dead-letter-replayed');
      expect(await failed.count()).toBe(0);
      // Catalog now shows the stock the replayed event carried.
      expect((await eventually(async () => (await ctx.api.get(`/api/products?q=${sku}`)).body.items[0], (p) => p?.available === 4)).available).toBe(4);
      await page.close();
    } finally {
      if (!fixed) await catalogDb.query('ALTER TABLE stock_levels_away RENAME TO stock_levels');
      await catalogDb.close();
    }
  });

  it('is usable with the keyboard alone: sign in, move between sections, choose a SKU and adjust it', async () => {
    const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 4 });
    const page = await openAdmin(`/inventory?q=${sku}`);
    // The email field has the focus on arrival (once the app has rendered: typing before would be lost).
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.type === 'email');
    await page.keyboard.type(ADMIN.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Inventory', level: 1 }).waitFor();

    /** Presses Tab until the focused element is the one `matches` describes. */
    async function tabTo(matches: string): Promise<void> {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const element = document.activeElement as HTMLInputElement | null;
          return [element?.textContent, element?.getAttribute('aria-label'), element?.labels?.[0]?.textContent].map((text) => text?.trim());
        });
        if (focused.includes(matches)) return;
      }
      throw new Error(`could not reach "${matches}" with Tab`);
    }
    await tabTo(sku);
    await page.keyboard.press('Enter');
    const panel = page.getByRole('complementary', { name: `Stock of ${sku}` });
    await panel.getByTestId('stock-level').waitFor();
    await tabTo('Add or remove');
    await page.keyboard.press('Tab');
    await page.keyboard.type('-1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('damaged');
    await page.keyboard.press('Enter');
    await panel.getByRole('list', { name: 'Movements' }).getByText('damaged').waitFor();
    expect(await panel.getByTestId('stock-level').textContent()).toMatch(/3 on hand/);

    await tabTo('Orders');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
    await screenshot(page, 'admin-keyboard');
    await page.close();
  });

  it(`loads at most ${ADMIN_SIGN_IN_JS_BUDGET / 1024} KB of JavaScript for the sign-in page, each page's code when it opens, and says so when a page's code cannot load`, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const scripts = new Map<string, Promise<Buffer>>();
    const cacheControl = new Map<string, string | undefined>();
    page.on('response', (response) => {
      if (!/\.js$/.test(new URL(response.url()).pathname)) return;
      scripts.set(response.url(), response.body());
      cacheControl.set(response.url(), response.headers()['cache-control']);
    });
    const loaded = () => [...scripts.keys()].map((url) => new URL(url).pathname.replace(/^\/admin\/assets\//, '').replace(/-[A-Za-z0-9_-]{8,}\.js$/, ''));

    await page.goto(`${ctx.system.gatewayUrl}/admin/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    let gzipped = 0;
    for (const body of scripts.values()) gzipped += gzipSync(await body).length;
    console.log(`admin sign-in page: ${scripts.size} scripts, ${(gzipped / 1024).toFixed(1)} KB gzipped`);
    expect(gzipped).toBeLessThanOrEqual(ADMIN_SIGN_IN_JS_BUDGET);
    expect(loaded()).toEqual(['index']);

    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(loaded()).toEqual(expect.arrayContaining(['panel', 'dashboard']));
    expect(loaded()).not.toContain('webhooks');
    // The chunks' names carry their content's hash: the gateway lets browsers keep them for a year.
    for (const [url, header] of cacheControl) expect(header, url).toBe('public, max-age=31536000, immutable');

    // A page whose file cannot be had (the network failed, or a deploy replaced it) says so in its place.
    await page.route('**/admin/assets/webhooks-*.js', (route) => route.abort());
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Webhooks' }).click();
    const failed = page.getByRole('alert').filter({ hasText: 'Could not load the page' });
    await failed.waitFor();
    await screenshot(page, 'admin-page-not-loaded');
    expect(await failed.getByRole('button', { name: 'Reload' }).count()).toBe(1);
    // The rest of the panel keeps working.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
    expect(await failed.count()).toBe(0);
    expect(loaded()).toContain('orders');
    await page.close();
  });

  it('shows every page without an error, at desktop and at phone width', async () => {
    const pages = [
      ['/', 'Dashboard'], ['/products', 'Products'], ['/inventory', 'Inventory'], ['/orders', 'Orders'], ['/users', 'Users'],
      ['/warranties', 'Warranties'], ['/channels', 'Channels'], ['/webhooks', 'Webhooks'], ['/messages', 'Sent messages'], ['/dead-letters', 'Event dead letters'],
    ] as const;
    for (const [size, viewport] of [['desktop', undefined], ['phone', PHONE]] as const) {
      // One sign-in per width: the session lives in the tab, across page loads.
      const page = await adminPage('/', viewport);
      for (const [path, heading] of pages) {
        await page.goto(`${ctx.system.gatewayUrl}/admin${path}`);
        await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
        await page.locator('.loading').first().waitFor({ state: 'detached' });
        await screenshot(page, `admin-page-${heading.toLowerCase().replaceAll(' ', '-')}-${size}`);
        expect(await page.locator('.error').count(), `${path} at ${size}`).toBe(0);
      }
      await page.close();
    }
  });
});
