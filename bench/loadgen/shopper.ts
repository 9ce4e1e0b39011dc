import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';

/** The shopper mix: how often each action is picked, out of 22. */
export const ACTIONS = { browse: 10, product: 6, add_to_cart: 3, view_cart: 2, checkout: 1 } as const;
export type Action = keyof typeof ACTIONS;

const SEARCH_TERMS = ['laptop', 'ssd', 'ram', 'thinkpad', 'ddr5', 'nvme', 'dell', 'battery', 'usb-c', 'keyboard'];
const SORTS = ['price', '-price', 'name', 'newest'];

export interface Outcome {
  action: Action;
  ms: number;
  /** The HTTP status, or 0 when no answer came. */
  status: number;
  /** For failures: the problem's code or the error, to count by kind. */
  failure?: string;
}

/** Picks an action by the mix's weights from a number in [0, 1). */
export function pickAction(random: number): Action {
  const total = Object.values(ACTIONS).reduce((a, b) => a + b, 0);
  let left = random * total;
  for (const [action, weight] of Object.entries(ACTIONS) as [Action, number][]) {
    left -= weight;
    if (left < 0) return action;
  }
  return 'browse';
}

/**
 * One shopper: browses and searches, opens products it has seen, fills a guest cart and checks it out,
 * as a storefront would, through the gateway's public API.
 */
export function createShopper(baseUrl: string, dispatcher: Agent, id: number) {
  const seen: { id: string; sku: string }[] = [];
  let cartId: string | undefined;
  let cartLines = 0;

  async function call(action: Action, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ outcome: Outcome; json: any; headers: Record<string, unknown> }> {
    const started = performance.now();
    try {
      const response = await request(baseUrl + path, {
        dispatcher,
        method: method as 'GET',
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.body.text();
      const ms = performance.now() - started;
      const json = text && String(response.headers['content-type']).includes('json') ? JSON.parse(text) : undefined;
      const failure = response.statusCode >= 400 ? String(json?.code ?? json?.title ?? response.statusCode) : undefined;
      return { outcome: { action, ms, status: response.statusCode, failure }, json, headers: response.headers };
    } catch (error) {
      return { outcome: { action, ms: performance.now() - started, status: 0, failure: (error as Error).message }, json: undefined, headers: {} };
    }
  }

  function remember(items: { id: string; sku: string }[] | undefined) {
    for (const item of items ?? []) if (!seen.some((s) => s.id === item.id)) seen.push({ id: item.id, sku: item.sku });
    if (seen.length > 200) seen.splice(0, seen.length - 200);
  }
  const anySeen = () => seen[Math.floor(Math.random() * seen.length)];

  async function browse(): Promise<Outcome> {
    const path =
      Math.random() < 0.5
        ? `/api/products?limit=20&page=${1 + Math.floor(Math.random() * 3)}&sort=${SORTS[Math.floor(Math.random() * SORTS.length)]}`
        : `/api/products/search?q=${SEARCH_TERMS[Math.floor(Math.random() * SEARCH_TERMS.length)]}`;
    const { outcome, json } = await call('browse', 'GET', path);
    remember(json?.items);
    return outcome;
  }

  /** Runs one action of the mix; one that needs what the shopper has not got yet (a product, a cart line) does that first. */
  async function act(action: Action): Promise<Outcome> {
    if (action === 'browse' || seen.length === 0) return browse();
    if (action === 'product') return (await call('product', 'GET', `/api/products/${anySeen()!.id}`)).outcome;
    if (action === 'add_to_cart' || (action === 'checkout' && cartLines === 0)) {
      const { outcome, json, headers } = await call('add_to_cart', 'POST', '/api/cart/items', { sku: anySeen()!.sku, quantity: 1 }, cartId ? { 'x-cart-id': cartId } : {});
      if (outcome.status < 300) {
        cartId = String(headers['x-cart-id'] ?? json?.id ?? cartId);
        cartLines += 1;
      }
      return outcome;
    }
    if (action === 'view_cart') return (await call('view_cart', 'GET', '/api/cart', undefined, cartId ? { 'x-cart-id': cartId } : {})).outcome;
    const { outcome } = await call('checkout', 'POST', '/api/orders', { email: `loadgen-${id}@example.com`, payment: { card_number: '4242 4242 4242 4242' } }, {
      'x-cart-id': cartId!,
      'idempotency-key': randomUUID(),
    });
    // Placed or refused (out of stock), the shopper starts a new cart.
    cartId = undefined;
    cartLines = 0;
    return outcome;
  }

  return { act };
}
