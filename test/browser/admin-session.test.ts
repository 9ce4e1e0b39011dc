import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { adminApp, ensureWebBuilt } from '@storefleet/system';
import { openAdmin, signInToAdmin } from '../support/admin.js';
import { launchBrowser, screenshot } from '../support/browser.js';
import { ADMIN, useTestSystem } from '../support/system.js';

beforeAll(() => ensureWebBuilt([adminApp()]), 300_000);
// Access tokens of 65 s: the panel renews them 60 s before they expire, so within seconds here.
const ctx = useTestSystem({ ACCESS_TOKEN_TTL: '65' });

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

type Stored = { token: string; refreshToken: string };
const STORED = 'storefleet-admin-session';

describe('the admin panel\'s session', () => {
  it('renews the access token before it expires, keeps working with the new one, and signing out revokes the sign-in', async () => {
    const page = await openAdmin(browser, ctx.system.gatewayUrl, '/orders');
    await signInToAdmin(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
    const first = await page.evaluate((key) => JSON.parse(sessionStorage.getItem(key)!), STORED) as Stored;

    // Waits for the renewal itself (a condition), not for a time.
    await page.waitForFunction(([key, token]) => JSON.parse(sessionStorage.getItem(key!) ?? '{}').token !== token, [STORED, first.token], { timeout: 30_000 });
    const renewed = await page.evaluate((key) => JSON.parse(sessionStorage.getItem(key)!), STORED) as Stored;
    expect(renewed.refreshToken).not.toBe(first.refreshToken);
    // The first refresh token was single use.
    expect((await ctx.api.post('/api/users/refresh', { refresh_token: first.refreshToken })).status).toBe(401);

    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('cell', { name: ADMIN.email, exact: true }).waitFor();
    await screenshot(page, 'admin-session-renewed');
    expect(await page.locator('.error').count()).toBe(0);

    const loggedOut = page.waitForResponse((response) => response.url().endsWith('/api/users/logout'));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate((key) => sessionStorage.getItem(key), STORED)).toBeNull();
    expect((await loggedOut).status()).toBe(204);
    // Signing out ended the sign-in: its refresh token is refused.
    expect((await ctx.api.post('/api/users/refresh', { refresh_token: renewed.refreshToken })).status).toBe(401);
    await page.close();
  });
});
