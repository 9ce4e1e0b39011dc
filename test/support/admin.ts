import type { Browser, Page } from 'playwright-core';
import { ADMIN } from './system.js';

/** The admin panel's usual desktop size in the browser tests. */
export const DESKTOP = { width: 1280, height: 800 };

/** Opens the admin panel of the gateway at `gatewayUrl` (`/admin<path>`) in a tab of its own: a fresh browser context, no session. */
export async function openAdmin(browser: Browser, gatewayUrl: string, path = '/', viewport = DESKTOP): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(`${gatewayUrl}/admin${path}`);
  return page;
}

/** Fills the admin's sign-in form and sends it (what follows depends on who signs in). */
export async function signInToAdmin(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The admin panel at `path`, signed in as the test system's admin (the page once the panel shows its header). */
export async function openAdminSignedIn(browser: Browser, gatewayUrl: string, path: string, viewport = DESKTOP): Promise<Page> {
  const page = await openAdmin(browser, gatewayUrl, path, viewport);
  await signInToAdmin(page, ADMIN.email, ADMIN.password);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}
