import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signWebhook } from './webhook-signature.js';

describe('webhook signatures', () => {
  it('are verified by the standardwebhooks library', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = JSON.stringify({ id: 'evt-1', event: 'order.created', data: { total: 10 }, timestamp: '2026-01-01T00:00:00.000Z' });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = { 'webhook-id': 'evt-1', 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(secret, { id: 'evt-1', timestamp, body }) };
    expect(new Webhook(secret).verify(body, headers)).toMatchObject({ event: 'order.created' });
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });
});
