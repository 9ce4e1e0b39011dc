import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryRateLimitStore, rateLimitHeaders } from './rate-limit.js';

describe('memory rate-limit store', () => {
  const store = createMemoryRateLimitStore();
  afterEach(() => store.close?.());

  it('counts hits per key within a window and starts over after it', () => {
    expect(store.hitNow('ip:a', 1000, 10_000)).toMatchObject({ count: 1, resetAt: 11_000 });
    expect(store.hitNow('ip:a', 1000, 10_500).count).toBe(2);
    expect(store.hitNow('ip:b', 1000, 10_500).count).toBe(1);
    expect(store.hitNow('ip:a', 1000, 11_000)).toMatchObject({ count: 1, resetAt: 12_000 });
  });

  it('answers count and time to reset through the async interface', async () => {
    const first = await store.hit('user:x', 60_000);
    const second = await store.hit('user:x', 60_000);
    expect(first.count).toBe(1);
    expect(second.count).toBe(2);
    expect(second.resetMs).toBeGreaterThan(59_000);
    expect(second.resetMs).toBeLessThanOrEqual(60_000);
  });

  it('builds 429 headers with whole seconds', () => {
    expect(rateLimitHeaders(100, 60_000, 1_200)).toEqual({
      'retry-after': '2',
      'ratelimit-limit': '100',
      'ratelimit-remaining': '0',
      'ratelimit-reset': '2',
      'ratelimit-policy': '100;w=60',
    });
  });
});
