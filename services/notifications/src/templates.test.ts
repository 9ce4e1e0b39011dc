import { describe, expect, it } from 'vitest';
import { createTemplates } from './templates.js';

describe('message templates', () => {
  const templates = createTemplates();

  it('escape user data in HTML and keep it as written in the text part', () => {
    const email = templates.render('welcome', { first_name: '<script>x</script>', email: 'a@b.c', storefront_url: 'http://shop' });
    expect(email.html).toContain('&lt;script&gt;x&lt;&#x2F;script&gt;');
    expect(email.html).not.toContain('<script>');
    expect(email.text).toContain('Hello <script>x</script>,');
    expect(email.subject).toBe('Welcome to Storefleet, <script>x</script>');
  });

  it('name every line and the total of an order, and tell a guest how to look it up', () => {
    const view = {
      order_id: 'o-1', currency: 'EUR', total: '59.97', guest: true, email: 'g@x.y', lookup_url: 'http://shop/orders/lookup?order_id=o-1',
      items: [{ name: 'RAM 16 GB', sku: 'RAM-16', quantity: 3, unit_price: '19.99', line_total: '59.97' }],
    };
    const email = templates.render('order-confirmation', view);
    expect(email.subject).toBe('Your Storefleet order o-1');
    expect(email.text).toContain('- RAM 16 GB (RAM-16): 3 x 19.99 EUR = 59.97 EUR');
    expect(email.text).toContain('Total: 59.97 EUR');
    expect(email.text).toContain('http://shop/orders/lookup?order_id=o-1');
    expect(templates.render('order-confirmation', { ...view, guest: false }).text).not.toContain('guest');
  });
});
