import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PUBLISHABLE_KEY_PREFIX } from '@storefleet/contracts';

/**
 * The `web` channel's publishable key for `npm start`: made at the first start and kept in the data
 * folder (`web-channel-key`), so the storefronts' configuration stays valid across restarts. A
 * publishable key is no secret (every browser of the storefront sees it), but it is kept readable by
 * its owner only, like the rest of the folder. identity registers it (WEB_CHANNEL_KEY) unless it is
 * known already; one an admin revoked stays revoked.
 * @example const key = await webChannelKey('./data')
 */
export async function webChannelKey(dataDir: string): Promise<string> {
  const file = join(dataDir, 'web-channel-key');
  const kept = await readFile(file, 'utf8').then((text) => text.trim(), (error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (kept) return kept;
  const key = PUBLISHABLE_KEY_PREFIX + randomBytes(24).toString('base64url');
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return key;
}
