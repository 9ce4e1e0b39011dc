import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { AppError } from '@storefleet/kit';

/**
 * Refuses an address a webhook must not reach from inside the platform: only public unicast addresses
 * pass (loopback, private, link-local, the cloud metadata address 169.254.169.254, unique-local,
 * carrier-grade NAT, multicast and reserved ranges do not; IPv4-mapped IPv6 is judged as IPv4).
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

/**
 * Checks a webhook URL: http or https, and (unless `allowPrivate`) a host that resolves only to public
 * addresses, so no one can make Storefleet call its own network (SSRF). Checked when an endpoint is
 * saved (400 naming `field`) and again before every call, since DNS can change in between.
 * @example await checkWebhookUrl('https://hooks.example.com/in', { allowPrivate: false })
 */
export async function checkWebhookUrl(text: string, options: { allowPrivate: boolean; field?: string }): Promise<URL> {
  const field = options.field ?? 'url';
  const refuse = (message: string) => new AppError('validation', `${field} ${message}`, { fields: [{ field, message }] });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refuse('is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse('must be an http or https URL');
  if (url.username || url.password) throw refuse('must not carry credentials');
  if (options.allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (ipaddr.isValid(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((a) => a.address);
    } catch {
      throw refuse(`has a host (${host}) that does not resolve`);
    }
  }
  const blocked = addresses.find((a) => !isPublicAddress(a));
  if (blocked) throw refuse(`resolves to ${blocked}, a loopback, private, link-local or metadata address (WEBHOOK_ALLOW_PRIVATE_URLS=true allows it)`);
  return url;
}
