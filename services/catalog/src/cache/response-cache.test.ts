import { describe, expect, it } from 'vitest';
import { plainBody, type CachedBody } from './cached-body.js';
import { createResponseCache } from './response-cache.js';

/** A build that counts its runs and finishes when `release` is called. */
function gatedBuild(text: string) {
  let runs = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const build = async (): Promise<CachedBody> => {
    runs++;
    await gate;
    return plainBody(text);
  };
  return { build, release, runs: () => runs };
}

describe('createResponseCache', () => {
  it('runs the build once for 100 concurrent misses of one key, and answers the next read from memory', async () => {
    const cache = createResponseCache({ maxBytes: 1 << 20 });
    cache.setVersion(1);
    const slow = gatedBuild('page');
    const reads = Array.from({ length: 100 }, () => cache.get('list:a', slow.build));
    slow.release();
    const bodies = await Promise.all(reads);
    expect(slow.runs()).toBe(1);
    expect(new Set(bodies).size).toBe(1);
    await cache.get('list:a', slow.build);
    expect(cache.stats()).toMatchObject({ builds: 1, hits: 1, entries: 1 });
  });

  it('drops every entry when the catalog version moves on, and ignores an older version', async () => {
    const cache = createResponseCache({ maxBytes: 1 << 20 });
    cache.setVersion(2);
    await cache.get('k', async () => plainBody('v2'));
    cache.setVersion(1);
    expect(await cache.get('k', async () => plainBody('never'))).toEqual(plainBody('v2'));
    cache.setVersion(3);
    expect(await cache.get('k', async () => plainBody('v3'))).toEqual(plainBody('v3'));
  });

  it('does not keep a body whose build began before the version moved on', async () => {
    const cache = createResponseCache({ maxBytes: 1 << 20 });
    cache.setVersion(1);
    const before = gatedBuild('old');
    const read = cache.get('k', before.build);
    cache.setVersion(2);
    before.release();
    expect(await read).toEqual(plainBody('old'));
    expect(await cache.get('k', async () => plainBody('new'))).toEqual(plainBody('new'));
  });

  it('keeps the bytes under CATALOG_CACHE_BYTES, dropping the least recently used', async () => {
    const cache = createResponseCache({ maxBytes: 10_000 });
    cache.setVersion(1);
    for (let i = 0; i < 50; i++) await cache.get(`k${i}`, async () => plainBody('x'.repeat(1000)));
    expect(cache.stats().bytes).toBeLessThanOrEqual(10_000);
    expect(cache.stats().entries).toBeLessThan(50);
  });

  it('builds every read when turned off (0 bytes)', async () => {
    const cache = createResponseCache({ maxBytes: 0 });
    await cache.get('k', async () => plainBody('a'));
    await cache.get('k', async () => plainBody('a'));
    expect(cache.stats()).toMatchObject({ builds: 2, entries: 0 });
  });

  it('does not keep a failed build: the next read tries again', async () => {
    const cache = createResponseCache({ maxBytes: 1 << 20 });
    cache.setVersion(1);
    await expect(cache.get('k', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('k', async () => plainBody('up'))).toEqual(plainBody('up'));
  });
});
