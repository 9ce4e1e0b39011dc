import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { channelKey, keyStorefronts } from './channel-keys.js';

describe('channel keys kept in the data folder', () => {
  let dir = '';
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("makes a channel's publishable key at the first start and gives the same one at the next, one per channel", async () => {
    dir = await mkdtemp(join(tmpdir(), 'channel-key-'));
    const dataDir = join(dir, 'data');
    const web = await channelKey(dataDir, 'web');
    expect(web).toMatch(/^pk_[A-Za-z0-9_-]{32}$/);
    expect(await channelKey(dataDir, 'web')).toBe(web);
    expect((await readFile(join(dataDir, 'web-channel-key'), 'utf8')).trim()).toBe(web);
    const nyc = await channelKey(dataDir, 'nyc');
    expect(nyc).not.toBe(web);
  });

  it("gives each storefront its channel's kept key, and web WEB_CHANNEL_KEY when set", async () => {
    dir = await mkdtemp(join(tmpdir(), 'channel-key-'));
    const dataDir = join(dir, 'data');
    const first = await keyStorefronts(dataDir, [{ id: 'web', port: 5001 }, { id: 'nyc', port: 5002 }], 'pk_configured_web_key_0123456789ab');
    expect(first).toEqual([
      { id: 'web', port: 5001, key: 'pk_configured_web_key_0123456789ab' },
      { id: 'nyc', port: 5002, key: await channelKey(dataDir, 'nyc') },
    ]);
    const again = await keyStorefronts(dataDir, [{ id: 'nyc', port: 5002 }, { id: 'web', port: 5001 }]);
    expect(again[0]!.key).toBe(first[1]!.key);
    expect(again[1]!.key).toMatch(/^pk_/);
    expect(again[1]!.key).not.toBe('pk_configured_web_key_0123456789ab');
  });
});
