import { describe, expect, it } from 'vitest';
import { createMicroCache, heldAnswer } from './micro-cache.js';

const answer = (expiresAt: number) => heldAnswer(200, ['content-length', '2'], Buffer.from('{}'), '"e"', expiresAt);

describe('micro-cache', () => {
  it('drops expired answers as new ones are kept, so distinct reads do not pile up stale ones', () => {
    const micro = createMicroCache<never>({ ttlMs: 500, maxBytes: 32 << 20 });
    const past = Date.now() - 1;
    // Each answer kept drops those expired before it: only the last expired one is still there.
    for (let i = 0; i < 100; i++) micro.settle(`search ${i}`, answer(past));
    expect(micro.stats().entries).toBe(1);
    micro.settle('fresh', answer(Date.now() + 10_000));
    expect(micro.stats().entries).toBe(1);
    expect(micro.lookup('fresh', Date.now())).toBeDefined();
  });

  it('keeps a key refilled after expiring, and every answer still fresh', () => {
    const micro = createMicroCache<never>({ ttlMs: 500, maxBytes: 32 << 20 });
    micro.settle('list', answer(Date.now() - 1));
    const refilled = answer(Date.now() + 10_000);
    micro.settle('list', refilled);
    for (let i = 0; i < 10; i++) micro.settle(`product ${i}`, answer(Date.now() + 10_000));
    micro.settle('another', answer(Date.now() + 10_000));
    expect(micro.lookup('list', Date.now())).toBe(refilled);
    expect(micro.stats().entries).toBe(12);
  });
});
