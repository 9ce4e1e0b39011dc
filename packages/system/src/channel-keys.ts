import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PUBLISHABLE_KEY_PREFIX } from '@storefleet/contracts';

// A channel's publishable key is kept in the data folder (`<channel>-channel-key`, e.g. `web-channel-key`),
// so a storefront's configuration stays valid across restarts. A publishable key is no secret (every
// browser of the storefront sees it), but it is kept readable by its owner only, like the rest of the folder.

const keyFile = (dataDir: string, channel: string) => join(dataDir, `${channel}-channel-key`);

/** A new publishable key: `pk_` and 32 characters of 192 random bits. */
export function newChannelKey(): string {
  return PUBLISHABLE_KEY_PREFIX + randomBytes(24).toString('base64url');
}

async function keptChannelKey(dataDir: string, channel: string): Promise<string | undefined> {
  return readFile(keyFile(dataDir, channel), 'utf8').then(
    (text) => text.trim() || undefined,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    },
  );
}

async function keepChannelKey(dataDir: string, channel: string, key: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(keyFile(dataDir, channel), `${key}\n`, { mode: 0o600 });
}

/**
 * A storefront channel's key for `npm start` and `start:cluster`: the one kept, else a new one, kept. identity
 * registers it (STOREFRONT_CHANNELS) unless it is known already; one an admin revoked stays revoked.
 * @example const key = await channelKey('./data', 'nyc')
 */
export async function channelKey(dataDir: string, channel: string): Promise<string> {
  const kept = await keptChannelKey(dataDir, channel);
  if (kept) return kept;
  const key = newChannelKey();
  await keepChannelKey(dataDir, channel, key);
  return key;
}

/**
 * Each storefront with its channel's key, as `npm start` and `start:cluster` give them to identity
 * (STOREFRONT_CHANNELS): web's is WEB_CHANNEL_KEY when that is set, any other the one kept in the data folder.
 * @example const keyed = await keyStorefronts('./data', [{ id: 'nyc', port: 5001 }], process.env.WEB_CHANNEL_KEY)
 */
export async function keyStorefronts<T extends { id: string }>(dataDir: string, storefronts: T[], webKey?: string): Promise<(T & { key: string })[]> {
  return Promise.all(storefronts.map(async (s) => ({ ...s, key: (s.id === 'web' && webKey) || (await channelKey(dataDir, s.id)) })));
}
