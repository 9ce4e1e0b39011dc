import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSystem } from '@storefleet/system';
import { ADMIN, apiClient, startTestSystem } from '../support/system.js';
import { createStockedProduct, eventually, guestCheckout } from '../support/commerce.js';

let system: RunningSystem;
let api: ReturnType<typeof apiClient>;
let adminToken: string;

// A breaker that opens after two failed calls and tries again soon, so the test sees both sides quickly.
beforeAll(async () => {
  system = await startTestSystem({ CALL_BREAKER_THRESHOLD: '2', CALL_BREAKER_RESET_MS: '300' });
  api = apiClient(system.gatewayUrl);
  adminToken = await api.login(ADMIN.email, ADMIN.password);
});
afterAll(() => system?.stop());

describe('embedded mode: orders calls its neighbours in-process with the policy of the HTTP client', () => {
  it('opens the circuit breaker while catalog is down and closes it once catalog is back', async () => {
    const { sku } = await createStockedProduct(api, adminToken, { onHand: 50 });
    expect((await guestCheckout(api, [{ sku, quantity: 1 }])).status).toBe(201);

    await system.stopService('catalog');
    // Failed lookups open the breaker: checkouts then fail at once, saying so, without reaching catalog.
    const refused = await eventually(
      () => guestCheckout(api, [{ sku, quantity: 1 }]),
      (response) => String(response.body.detail).includes('circuit open'),
      20,
    );
    expect(refused.status).toBe(503);
    expect(refused.body.detail).toBe('The catalog service is unavailable (circuit open)');

    await system.startService('catalog');
    // After the reset time one trial goes through; its success closes the breaker and checkouts work again.
    const placed = await eventually(() => guestCheckout(api, [{ sku, quantity: 1 }]), (response) => response.status === 201, 50);
    expect(placed.status).toBe(201);
    expect((await guestCheckout(api, [{ sku, quantity: 1 }])).status).toBe(201);
  });
});
