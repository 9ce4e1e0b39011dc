import { describe, expect, it } from 'vitest';
import { webhookBody, webhookFormValues } from './webhook-form.js';

describe('the webhook form', () => {
  it('splits event patterns on commas, blanks and lines, and trims the URL', () => {
    const body = webhookBody({ ...webhookFormValues(), url: ' https://hooks.example/in ', events: 'order.*, payment.refunded\n webhook.test' });
    expect(body).toEqual({ url: 'https://hooks.example/in', events: ['order.*', 'payment.refunded', 'webhook.test'], description: '', enabled: true });
  });
});
