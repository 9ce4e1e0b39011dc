import { describe, expect, it } from 'vitest';
import { channelBody, channelFormValues } from './channel-form.js';

describe('the channel form', () => {
  it('sends origins one per line (or comma-separated), without blanks, and the currency in capitals', () => {
    const body = channelBody({ ...channelFormValues(), id: ' outlet ', name: 'Outlet', default_currency: 'usd', allowed_origins: 'https://a.example\n\n https://b.example, https://c.example ' });
    expect(body).toEqual({ id: 'outlet', name: 'Outlet', theme_color: '#2450b2', default_currency: 'USD', allowed_origins: ['https://a.example', 'https://b.example', 'https://c.example'] });
  });
});
