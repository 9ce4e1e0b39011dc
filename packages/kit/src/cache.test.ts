import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createMemoryCache, createRedisCache } from './cache.js';

describe('memory cache', () => {
  it('answers the keys it holds, forgets deleted ones, and lets entries expire after ttlMs', async () => {
    // Expiry is read on a fake clock that the test moves, not waited for. lru-cache kept the
    // `performance` it found at load, which fake timers replace rather than change: point it at the fake clock.
    const loadedPerformance = performance;
    vi.useFakeTimers();
    vi.spyOn(loadedPerformance, 'now').mockImplementation(() => Date.now());
    onTestFinished(() => {
      vi.useRealTimers();
      vi.restoreAllMocks();
    });
    const cache = createMemoryCache<{ price: number }>({ name: 'test', ttlMs: 1_000 });
    await cache.setMany([['a', { price: 1 }], ['b', { price: 2 }]]);
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual(new Map([['a', { price: 1 }], ['b', { price: 2 }]]));
    await cache.delete(['a']);
    expect([...(await cache.getMany(['a', 'b'])).keys()]).toEqual(['b']);
    vi.advanceTimersByTime(1_100);
    expect((await cache.getMany(['b'])).size).toBe(0);
  });

  it('sets a versioned value only over an older version (or none)', async () => {
    const cache = createMemoryCache<{ available: number; version: number }>({ name: 'test', ttlMs: 60_000 });
    await cache.setNewer([['sku:A', { available: 5, version: 5 }]]);
    await cache.setNewer([['sku:A', { available: 9, version: 4 }], ['sku:B', { available: 1, version: 1 }]]);
    await cache.setNewer([['sku:B', { available: 2, version: 1 }]]);
    expect(await cache.getMany(['sku:A', 'sku:B'])).toEqual(new Map([['sku:A', { available: 5, version: 5 }], ['sku:B', { available: 1, version: 1 }]]));
    await cache.setNewer([['sku:A', { available: 0, version: 6 }]]);
    expect((await cache.getMany(['sku:A'])).get('sku:A')).toEqual({ available: 0, version: 6 });
  });

  it('drops the least recently used entry beyond maxEntries', async () => {
    const cache = createMemoryCache<{ n: number }>({ name: 'test', ttlMs: 60_000, maxEntries: 2 });
    await cache.setMany([['a', { n: 1 }], ['b', { n: 2 }]]);
    await cache.getMany(['a']);
    await cache.setMany([['c', { n: 3 }]]);
    expect([...(await cache.getMany(['a', 'b', 'c'])).keys()]).toEqual(['a', 'c']);
  });
});

describe('redis cache', () => {
  it('misses, and skips writes and deletes, when Redis cannot be reached, saying so in the log', async () => {
    const warn = vi.fn();
    const cache = createRedisCache<{ n: number }>({ name: 'test', ttlMs: 1_000, url: 'redis://127.0.0.1:1', log: { info: vi.fn(), warn, error: vi.fn() } });
    try {
      await cache.setMany([['a', { n: 1 }]]);
      expect((await cache.getMany(['a'])).size).toBe(0);
      await cache.delete(['a']);
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({ cache: 'test' }), 'cache read failed; using the database');
    } finally {
      await cache.close();
    }
  });
});
