import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PHONE, screenshot } from '../support/browser.js';
import { eventually } from '../support/commerce.js';
import { ADMIN, apiClient } from '../support/system.js';
import { addToCart, newShopper, searchAndOpen, useStorefronts } from '../support/storefronts.js';

const ctx = useStorefronts();

async function signInAs(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${ctx.shopUrl}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'My orders', exact: true }).waitFor();
}

const notificationsLink = (page: Page) => page.getByRole('link', { name: /^Notifications, \d+ unread$/ });

describe('storefront account', () => {
  it("a customer sets a phone, buys, reads the order's notifications and claims on the warranty of the shipped laptop; a guest finds it by serial", async () => {
    const api = apiClient(ctx.system.gatewayUrl);
    const customer = await api.registerAndLogin();
    const admin = await api.login(ADMIN.email, ADMIN.password);
    const { context, page } = await newShopper(ctx.browser);
    await signInAs(page, customer.email, customer.password);

    // Profile: a phone without its country code is refused on its field; with it, it is kept in E.164.
    await page.getByRole('link', { name: 'Account', exact: true }).click();
    await page.getByLabel('Phone (optional)').fill('020 7946 0958');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#phone-error').waitFor();
    await page.getByLabel('Phone (optional)').fill('+44 20 7946 0958');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Your profile is saved.').waitFor();
    await screenshot(page, 'storefront-profile');
    // The signed-in header and the account pages fit a phone.
    await page.setViewportSize(PHONE);
    await screenshot(page, 'storefront-phone-profile');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect((await api.get('/api/users/me', customer.token)).body.phone).toBe('+442079460958');

    // Checkout offers the profile's phone for the delivery texts.
    await searchAndOpen(page, 'XPS', /^Dell XPS 13 \(9340\)$/);
    await addToCart(page);
    await page.getByRole('link', { name: /^Cart, / }).click();
    await page.getByRole('link', { name: 'Check out' }).click();
    expect(await page.getByLabel('Phone for delivery texts (optional)').inputValue()).toBe('+442079460958');
    await page.getByLabel('Phone for delivery texts (optional)').fill('+1 212 555 0100');
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.getByRole('heading', { name: 'Thank you for your order' }).waitFor();
    const orderId = (await page.locator('.confirmation code').first().innerText()).trim();
    expect((await api.get(`/api/orders/${orderId}`, admin)).body.phone).toBe('+12125550100');

    // The "Order placed" notification (made from order.created): counted in the header, marked read.
    await eventually(() => api.get('/api/notifications', customer.token), (r) => r.body.unread === 1);
    await page.getByRole('link', { name: 'Account', exact: true }).click();
    await page.getByRole('link', { name: 'Notifications', exact: true }).click();
    await page.getByText('Order placed').waitFor();
    expect(await notificationsLink(page).getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await screenshot(page, 'storefront-notifications');
    await page.getByRole('button', { name: 'Mark “Order placed” as read' }).click();
    await page.getByText('Nothing unread.').waitFor();
    await page.getByRole('link', { name: 'Notifications, 0 unread' }).waitFor();
    expect((await api.get('/api/notifications', customer.token)).body.unread).toBe(0);

    // The admin ships it with the laptop's serial: the warranty shows under My warranties, and a claim opens on it.
    const serial = `SN-${orderId.slice(0, 8).toUpperCase()}`;
    const shipped = await api.patch(`/api/orders/${orderId}/status`, { status: 'shipped', serials: { 'LAP-XPS13-9340': [serial] } }, admin);
    expect(shipped.status).toBe(200);
    await eventually(() => api.get('/api/warranties', customer.token), (r) => r.body.items?.length === 1);
    await page.getByRole('link', { name: 'Warranties', exact: true }).click();
    const card = page.locator('.warranty').filter({ hasText: serial });
    await card.waitFor();
    expect(await card.innerText()).toMatch(/Dell XPS 13 \(9340\)[\s\S]*active[\s\S]*\d+ months/);
    await card.getByRole('button', { name: 'Open a claim' }).click();
    await card.getByLabel('What is wrong with it?').fill('The screen flickers when the lid moves');
    await card.getByRole('button', { name: 'Send the claim' }).click();
    await card.getByText(/open .*The screen flickers when the lid moves/).waitFor();
    await screenshot(page, 'storefront-warranties');
    const claims = (await api.get('/api/warranties', customer.token)).body.items[0].claims;
    expect(claims.map((c: { status: string; description: string }) => [c.status, c.description])).toEqual([['open', 'The screen flickers when the lid moves']]);

    // "Your order has shipped" arrives unread; "Mark all as read" clears it.
    await eventually(() => api.get('/api/notifications', customer.token), (r) => r.body.unread === 1);
    await page.getByRole('link', { name: 'Notifications', exact: true }).click();
    await page.getByText('Your order has shipped').waitFor();
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await page.getByText('Nothing unread.').waitFor();
    await context.close();

    // A guest (phone width) finds the warranty by the order's email and the serial.
    const guest = await newShopper(ctx.browser, PHONE);
    await guest.page.goto(`${ctx.shopUrl}/warranties/lookup`);
    await guest.page.getByLabel('Email used for the order').fill(customer.email);
    await guest.page.getByLabel('Serial number').fill(serial);
    await guest.page.getByRole('button', { name: 'Find the warranty' }).click();
    await guest.page.locator('.warranty').filter({ hasText: serial }).getByText(/The screen flickers/).waitFor();
    await screenshot(guest.page, 'storefront-phone-warranty-lookup');
    expect(await guest.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await guest.context.close();
  });

  it('keeps a customer signed in when the access token is refused, by renewing it with the refresh token', async () => {
    const api = apiClient(ctx.system.gatewayUrl);
    const customer = await api.registerAndLogin();
    const { context, page } = await newShopper(ctx.browser);
    await signInAs(page, customer.email, customer.password);
    const session = () => page.evaluate(() => JSON.parse(localStorage.getItem('storefleet.session') ?? 'null') as { access_token: string; refresh_token: string } | null);
    const before = (await session())!;
    // As after its 15 minutes: the gateway refuses the access token (401).
    await page.evaluate(() => {
      const kept = JSON.parse(localStorage.getItem('storefleet.session')!);
      localStorage.setItem('storefleet.session', JSON.stringify({ ...kept, access_token: 'expired.access.token' }));
    });
    await page.goto(`${ctx.shopUrl}/account/orders`);
    await page.getByText('No orders yet.').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const after = (await session())!;
    expect(after.access_token).not.toBe('expired.access.token');
    expect(after.refresh_token).not.toBe(before.refresh_token);
    expect((await api.get('/api/users/me', after.access_token)).body.email).toBe(customer.email);
    await context.close();
  });

  it('a customer who forgot the password asks for the link, opens the emailed link and signs in with the new password', async () => {
    const api = apiClient(ctx.system.gatewayUrl);
    const customer = await api.registerAndLogin();
    const admin = await api.login(ADMIN.email, ADMIN.password);
    const { context, page } = await newShopper(ctx.browser);
    await page.goto(`${ctx.shopUrl}/sign-in`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill(customer.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText(`If ${customer.email} has an account here`).waitFor();

    // Without SMTP (the tests' setting) the email is kept, rendered, in the delivery log: the link is in its text.
    const listed = await eventually(
      () => api.get(`/api/notifications/messages?template=password-reset&recipient=${encodeURIComponent(customer.email)}`, admin),
      (r) => r.body.items?.length === 1,
    );
    const text = (await api.get(`/api/notifications/messages/${listed.body.items[0].id}`, admin)).body.text as string;
    const link = /(http\S+\/reset-password\?token=\S+)/.exec(text)?.[1];
    expect(link?.startsWith(`${ctx.shopUrl}/reset-password?token=`)).toBe(true);

    await page.goto(link!);
    await page.getByLabel(/^New password/).fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Set the password' }).click();
    await page.getByText('Your password was changed. Sign in with the new one.').waitFor();
    await page.getByLabel('Email').fill(customer.email);
    await page.getByLabel('Password').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'My orders', exact: true }).waitFor();
    // The link works once.
    await page.goto(link!);
    await page.getByLabel(/^New password/).fill('yet another passphrase');
    await page.getByRole('button', { name: 'Set the password' }).click();
    await page.getByRole('alert').filter({ hasText: /token/i }).first().waitFor();
    await screenshot(page, 'storefront-reset-used-link');
    await context.close();
  });
});
