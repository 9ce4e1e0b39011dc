import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { channelKey } from './channel-keys.js';

describe('channelKey', () => {
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
    expect((await readFile(join(dataDir, 'nyc-channel-key'), 'utf8')).trim()).toBe(nyc);
  });
});
