import { setTimeout as sleep } from 'node:timers/promises';
import type { Channel, CreatedChannelKey } from '@storefleet/contracts';
import { keepChannelKey, keptChannelKey } from './channel-keys.js';
import { defaultChannelLook, storefrontOrigins, type StorefrontChannel } from './storefronts.js';

export interface StorefrontChannelsOptions {
  /** The gateways: the first manages the channels, every one must know the keys before they are used. */
  gatewayUrls: string[];
  admin: { email: string; password: string };
  /** Where each channel's key is kept (`<channel>-channel-key`). */
  dataDir: string;
  storefronts: { id: string; port: number }[];
  /** The host the storefronts listen on (their browser origins). */
  host?: string;
}

/**
 * Makes each storefront's channel ready through identity's channel API, as the admin: the channel is created
 * when missing (named and coloured by `defaultChannelLook`), its storefront's origins are added to its
 * `allowed_origins` (the gateways' CORS), and its publishable key is the one kept in the data folder while
 * identity still lists it live, else a new one, kept for the next start. Resolves once every gateway
 * accepts every key (they learn them from channel.* events).
 * @example const channels = await ensureStorefrontChannels({ gatewayUrls, admin, dataDir: './data', storefronts: [{ id: 'nyc', port: 5001 }] })
 */
export async function ensureStorefrontChannels(options: StorefrontChannelsOptions): Promise<StorefrontChannel[]> {
  const api = options.gatewayUrls[0]!;
  const token = await signIn(api, options.admin);
  const call = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(api + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const answered = <T>(answer: { status: number; body: T }, status: number, what: string): T => {
    if (answer.status !== status) throw new Error(`${what} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  const ready: StorefrontChannel[] = [];
  for (const storefront of options.storefronts) {
    const origins = storefrontOrigins([storefront], options.host);
    const found = await call<Channel>('GET', `/api/channels/${storefront.id}`);
    let channel: Channel;
    if (found.status === 404) {
      channel = answered(await call<Channel>('POST', '/api/channels', { id: storefront.id, ...defaultChannelLook(storefront.id), allowed_origins: origins }), 201, `creating the channel ${storefront.id}`);
    } else {
      channel = answered(found, 200, `reading the channel ${storefront.id}`);
      const missing = origins.filter((origin) => !channel.allowed_origins.includes(origin));
      if (missing.length) channel = answered(await call<Channel>('PATCH', `/api/channels/${storefront.id}`, { allowed_origins: [...channel.allowed_origins, ...missing] }), 200, `adding origins to the channel ${storefront.id}`);
    }
    // identity lists a live key by its first characters only.
    let key = await keptChannelKey(options.dataDir, storefront.id);
    if (!key || !channel.keys.some((live) => key!.startsWith(live.prefix))) {
      key = answered(await call<CreatedChannelKey>('POST', `/api/channels/${storefront.id}/keys`), 201, `making a key for the channel ${storefront.id}`).key;
      await keepChannelKey(options.dataDir, storefront.id, key);
    }
    ready.push({ ...storefront, key, name: channel.name, theme_color: channel.theme_color });
  }
  for (const gateway of options.gatewayUrls) for (const channel of ready) await untilAccepted(gateway, channel.key!);
  return ready;
}

async function signIn(api: string, admin: { email: string; password: string }): Promise<string> {
  const response = await fetch(`${api}/api/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
  if (response.status !== 200) {
    throw new Error(`signing in as ${admin.email} (ADMIN_EMAIL) failed with ${response.status}: the storefronts' channels are made as the admin, so ADMIN_PASSWORD must be that account's password`);
  }
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Waits until a gateway takes a key (its channel directory reloads on the key's event), for up to a minute. */
async function untilAccepted(gateway: string, key: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const status = await fetch(`${gateway}/api/products?limit=1`, { headers: { 'x-api-key': key } }).then((r) => r.status, () => 0);
    if (status === 200) return;
    await sleep(100);
  }
  throw new Error(`the gateway ${gateway} did not accept the key ${key.slice(0, 9)}… within a minute`);
}
