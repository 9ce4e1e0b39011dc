import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { webChannelKey } from './channel-keys.js';

describe('webChannelKey', () => {
  let dir = '';
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('makes a publishable key at the first start and gives the same one at the next', async () => {
    dir = await mkdtemp(join(tmpdir(), 'web-key-'));
    const dataDir = join(dir, 'data');
    const first = await webChannelKey(dataDir);
    expect(first).toMatch(/^pk_[A-Za-z0-9_-]{32}$/);
    expect(await webChannelKey(dataDir)).toBe(first);
    expect((await readFile(join(dataDir, 'web-channel-key'), 'utf8')).trim()).toBe(first);
  });
});
