/** A counter of hits per key in fixed windows; in memory now, Redis later (INCR + PEXPIRE). */
export interface RateLimitStore {
  /** Counts one hit for `key` and answers the count in the current window and the ms until it resets. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetMs: number }>;
  close?(): Promise<void> | void;
}

/** A window as the in-memory store keeps it; `resetAt` is a `Date.now()` time. */
export interface RateWindow {
  count: number;
  resetAt: number;
}

/** A store that can also answer without a promise, which keeps the proxy's hot path synchronous. */
export interface SyncRateLimitStore extends RateLimitStore {
  hitNow(key: string, windowMs: number, now: number): RateWindow;
}

export function isSyncStore(store: RateLimitStore): store is SyncRateLimitStore {
  return typeof (store as Partial<SyncRateLimitStore>).hitNow === 'function';
}

/**
 * Fixed-window counters in a Map, swept once per window so idle keys do not pile up.
 * @example const store = createMemoryRateLimitStore(); await store.hit('ip:10.0.0.1', 60_000)
 */
export function createMemoryRateLimitStore(options: { sweepMs?: number } = {}): SyncRateLimitStore {
  const windows = new Map<string, RateWindow>();
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [key, window] of windows) if (window.resetAt <= now) windows.delete(key);
  }, options.sweepMs ?? 60_000);
  sweep.unref();

  function hitNow(key: string, windowMs: number, now: number): RateWindow {
    let window = windows.get(key);
    if (window === undefined || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      windows.set(key, window);
    }
    window.count++;
    return window;
  }

  return {
    hitNow,
    async hit(key, windowMs) {
      const now = Date.now();
      const window = hitNow(key, windowMs, now);
      return { count: window.count, resetMs: window.resetAt - now };
    },
    close() {
      clearInterval(sweep);
      windows.clear();
    },
  };
}

/** The headers of a 429 answer (IETF RateLimit fields plus Retry-After). */
export function rateLimitHeaders(limit: number, windowMs: number, resetMs: number): Record<string, string> {
  const seconds = String(Math.max(1, Math.ceil(resetMs / 1000)));
  return {
    'retry-after': seconds,
    'ratelimit-limit': String(limit),
    'ratelimit-remaining': '0',
    'ratelimit-reset': seconds,
    'ratelimit-policy': `${limit};w=${Math.ceil(windowMs / 1000)}`,
  };
}
