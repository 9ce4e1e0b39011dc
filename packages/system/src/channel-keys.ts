import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PUBLISHABLE_KEY_PREFIX } from '@storefleet/contracts';

/** A new publishable key: `pk_` and 32 characters of 192 random bits. */
export function newChannelKey(): string {
  return PUBLISHABLE_KEY_PREFIX + randomBytes(24).toString('base64url');
}

/**
 * A storefront channel's publishable key for `npm start`: made at the first start that serves the
 * channel and kept in the data folder (`<channel>-channel-key`, e.g. `web-channel-key`), so the
 * storefront's configuration stays valid across restarts. A publishable key is no secret (every browser
 * of the storefront sees it), but it is kept readable by its owner only, like the rest of the folder.
 * identity registers it (STOREFRONT_CHANNELS) unless it is known already; one an admin revoked stays revoked.
 * @example const key = await channelKey('./data', 'nyc')
 */
export async function channelKey(dataDir: string, channelId: string): Promise<string> {
  const file = join(dataDir, `${channelId}-channel-key`);
  const kept = await readFile(file, 'utf8').then((text) => text.trim(), (error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (kept) return kept;
  const key = newChannelKey();
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return key;
}
