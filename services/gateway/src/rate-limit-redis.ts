import { Redis } from 'ioredis';
import type { RateLimitStore } from './rate-limit.js';

/**
 * Fixed-window counters shared by every gateway replica: one Redis key per client and window
 * (INCR, then PEXPIRE NX starts the window on its first hit), so a limit holds cluster-wide.
 * @example const store = createRedisRateLimitStore('redis://redis:6379')
 */
export function createRedisRateLimitStore(url: string, options: { prefix?: string } = {}): RateLimitStore {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  const prefix = options.prefix ?? 'storefleet:ratelimit:';
  redis.on('error', () => undefined); // a hit that fails is answered by the gateway's own error path
  return {
    async hit(key, windowMs) {
      const results = await redis.multi().incr(prefix + key).pexpire(prefix + key, windowMs, 'NX').pttl(prefix + key).exec();
      if (!results) throw new Error('the rate limit store did not answer');
      const [[incrError, count], , [ttlError, ttl]] = results as [[Error | null, number], unknown, [Error | null, number]];
      if (incrError || ttlError) throw incrError ?? ttlError;
      return { count, resetMs: ttl > 0 ? ttl : windowMs };
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
