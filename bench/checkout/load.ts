// The checkout load of `npm run bench:checkout`, the same in embedded and cluster mode: guests who add
// one line to their cart and check it out with the success card, as fast as the system answers.
import { Pool } from 'undici';
import { cpuPerUnit, type CpuSample } from './cpu.js';

export const SKU = 'BENCH-CHECKOUT-1';

/** Milliseconds of CPU per unit of work for each part of the system; undefined where /proc is missing. */
export type CpuCost = CpuSample | undefined;

export interface RunResult {
  cpu: CpuCost;
  completed: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors5xx: number;
  otherFailures: Map<string, number>;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** CPU per unit of work between two samples taken around `units` units of work. */
export function costOf(before: CpuSample | undefined, after: CpuSample | undefined, units: number): CpuCost {
  return before && after && cpuPerUnit(before, after, units);
}

async function call(pool: Pool, method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await pool.request({
    method,
    path,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** As the admin: the product every checkout buys, with stock for the whole run. */
export async function prepare(pool: Pool, admin: { email: string; password: string }): Promise<void> {
  const login = await call(pool, 'POST', '/api/users/login', admin);
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status}`);
  const auth = { authorization: `Bearer ${login.body.access_token}` };
  const product = await call(pool, 'POST', '/api/products', { sku: SKU, name: 'Bench memory module', brand: 'Storefleet', category: 'memory', price: 49.9 }, auth);
  if (product.status !== 201) throw new Error(`create product failed: ${product.status} ${JSON.stringify(product.body)}`);
  const stock = await call(pool, 'PUT', `/api/inventory/${SKU}`, { on_hand: 1_000_000, reason: 'benchmark stock' }, auth);
  if (stock.status !== 200) throw new Error(`set stock failed: ${stock.status} ${JSON.stringify(stock.body)}`);
}

/**
 * `clients` loops, each: add one line to its guest cart, check the cart out; until `seconds` pass.
 * Client i talks to gateway i mod the number of gateways, as a load balancer in front of them would.
 * `sample` reads the CPU of the system's parts before and after.
 */
export async function runCheckouts(gateways: Pool[], clients: number, seconds: number, sample: () => CpuSample | undefined): Promise<RunResult> {
  const latencies: number[] = [];
  let errors5xx = 0;
  const otherFailures = new Map<string, number>();
  const fail = (what: string) => otherFailures.set(what, (otherFailures.get(what) ?? 0) + 1);
  const cpuBefore = sample();
  const started = performance.now();
  const deadline = started + seconds * 1000;

  async function client(index: number): Promise<void> {
    const pool = gateways[index % gateways.length]!;
    let cartId: string | undefined;
    const email = `bench-${index}@example.com`;
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const added = await call(pool, 'POST', '/api/cart/items', { sku: SKU, quantity: 1 }, cartId ? { 'x-cart-id': cartId } : {});
      if (added.status >= 500) errors5xx++;
      if (added.status !== 201 && added.status !== 200) {
        fail(`add to cart ${added.status}`);
        continue;
      }
      cartId = added.body.id;
      const order = await call(pool, 'POST', '/api/orders', { email, payment: { card_number: '4242424242424242' } }, { 'x-cart-id': cartId! });
      if (order.status >= 500) errors5xx++;
      if (order.status !== 201) {
        fail(`checkout ${order.status} ${order.body?.detail ?? ''}`);
        continue;
      }
      latencies.push(performance.now() - t0);
    }
  }

  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = costOf(cpuBefore, sample(), latencies.length);
  latencies.sort((a, b) => a - b);
  return { cpu, completed: latencies.length, perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors5xx, otherFailures };
}
