import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort } from '@storefleet/kit';
import {
  STOREFRONT_REMOTES, adminApp, channelLooks, ensureWebBuilt, newChannelKey, startStorefronts, storefrontApps, storefrontChannels, type RunningStorefronts, type RunningSystem,
  type StorefrontRemote,
} from '@storefleet/system';
import { launchBrowser } from './browser.js';
import { startTestSystem } from './system.js';

/** What a storefront browser test file gets once its beforeAll has run. */
export interface StorefrontTestContext {
  system: RunningSystem;
  storefronts: RunningStorefronts;
  browser: Browser;
  /** The web storefront's URL. */
  shopUrl: string;
}

/**
 * The whole system and two storefronts, as `STOREFRONTS=web:…,nyc:… npm start` serves them: identity
 * makes the nyc channel, allows both storefronts' origins and registers both keys; each config.json
 * shows its channel as identity has it; the gateway serves the admin panel at /admin. Started before the
 * file's tests, stopped after them.
 */
export function useStorefronts(): StorefrontTestContext {
  const context = {} as StorefrontTestContext;
  beforeAll(async () => {
    // Builds only what is missing or stale (a fresh clone builds everything once). The admin panel too: the
    // gateway serves it at /admin only if it is built when the gateway starts.
    await ensureWebBuilt([...storefrontApps(), adminApp()], { log: (line) => console.log(line) });
    const remotePorts: Partial<Record<StorefrontRemote, number>> = {};
    for (const name of STOREFRONT_REMOTES) remotePorts[name] = await freePort();
    const keyed = [
      { id: 'web', port: await freePort(), key: newChannelKey() },
      { id: 'nyc', port: await freePort(), key: newChannelKey() },
    ];
    // STOREFRONT_URL: the links in emails (password reset) open the web storefront.
    context.system = await startTestSystem({ STOREFRONT_CHANNELS: JSON.stringify(storefrontChannels(keyed)), STOREFRONT_URL: `http://127.0.0.1:${keyed[0]!.port}` });
    const looks = await channelLooks(context.system.urls.identity!);
    context.storefronts = await startStorefronts({ gatewayUrl: context.system.gatewayUrl, storefronts: keyed.map((s) => ({ ...s, ...looks[s.id] })), remotePorts });
    context.shopUrl = context.storefronts.urls.web!;
    context.browser = await launchBrowser();
  });
  afterAll(async () => {
    await context.browser?.close();
    await context.storefronts?.stop();
    await context.system?.stop();
  });
  return context;
}

/** A new shopper: a fresh browser context (no session, no guest cart). */
export async function newShopper(browser: Browser, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  page.on('console', (message) => message.type() === 'error' && console.error('console:', message.text()));
  // The console's "Failed to load resource" does not say which: name the call.
  page.on('response', (response) => response.status() >= 400 && console.error(`answer: ${response.status()} ${response.request().method()} ${response.url()}`));
  return { context, page };
}

export async function searchAndOpen(page: Page, query: string, productName: RegExp): Promise<void> {
  const search = page.getByRole('searchbox', { name: 'Search products' });
  await search.fill(query);
  await search.press('Enter');
  await page.getByRole('heading', { name: `Results for “${query}”` }).waitFor();
  await page.getByRole('link', { name: productName }).first().click();
  await page.getByRole('button', { name: 'Add to cart' }).waitFor();
}

export async function addToCart(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.getByText(/added to your cart/).waitFor();
}

export async function checkOut(page: Page, card: string, email?: string): Promise<void> {
  await page.getByRole('link', { name: /^Cart, / }).click();
  await page.getByRole('link', { name: 'Check out' }).click();
  if (email) await page.getByLabel('Email').fill(email);
  await page.getByLabel('Card number').fill(card);
  await page.getByRole('button', { name: /^Pay / }).click();
}

export const cartCount = (page: Page) => page.locator('.cart-count').innerText();
