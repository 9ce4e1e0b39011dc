import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isPublicAddress } from './url-guard.js';

describe('webhook URL guard', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '::1', 'fd00:ec2::254', '::ffff:127.0.0.1', '100.64.0.1', '0.0.0.0'])(
    'refuses %s',
    (address) => expect(isPublicAddress(address)).toBe(false),
  );

  it.each(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'])('accepts the public address %s', (address) => expect(isPublicAddress(address)).toBe(true));

  it('refuses private hosts unless allowed, and anything but http(s)', async () => {
    await expect(checkWebhookUrl('http://127.0.0.1:9/hook', { allowPrivate: false })).rejects.toMatchObject({ code: 'validation', fields: [{ field: 'url' }] });
    await expect(checkWebhookUrl('http://localhost/hook', { allowPrivate: false })).rejects.toMatchObject({ code: 'validation' });
    await expect(checkWebhookUrl('http://[::1]/hook', { allowPrivate: false })).rejects.toMatchObject({ code: 'validation' });
    await expect(checkWebhookUrl('http://127.0.0.1:9/hook', { allowPrivate: true })).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('ftp://example.com/x', { allowPrivate: true })).rejects.toMatchObject({ fields: [{ field: 'url', message: 'must be an http or https URL' }] });
    await expect(checkWebhookUrl('not a url', { allowPrivate: true })).rejects.toMatchObject({ fields: [{ field: 'url' }] });
  });
});
