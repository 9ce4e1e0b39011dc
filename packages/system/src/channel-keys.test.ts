import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { channelKey, keepChannelKey, keptChannelKey } from './channel-keys.js';

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

  it("keeps another channel's key, given by identity, for the next start, and knows none before", async () => {
    dir = await mkdtemp(join(tmpdir(), 'channel-key-'));
    const dataDir = join(dir, 'data');
    expect(await keptChannelKey(dataDir, 'nyc')).toBeUndefined();
    await keepChannelKey(dataDir, 'nyc', 'pk_from_identity_0123456789abcdef');
    expect(await keptChannelKey(dataDir, 'nyc')).toBe('pk_from_identity_0123456789abcdef');
    expect(await keptChannelKey(dataDir, 'la')).toBeUndefined();
  });
});
