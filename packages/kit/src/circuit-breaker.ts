/**
 * A circuit breaker for one upstream: after `threshold` failures in a row it opens for `resetMs`,
 * then lets one trial call through (half-open); a success closes it again.
 * @example const breaker = createCircuitBreaker({ threshold: 5, resetMs: 10_000 }); if (breaker.allows()) ...
 */
export function createCircuitBreaker(options: { threshold?: number; resetMs?: number; now?: () => number } = {}) {
  const threshold = options.threshold ?? 5;
  const resetMs = options.resetMs ?? 10_000;
  const now = options.now ?? Date.now;
  let failures = 0;
  let openedAt: number | undefined;
  let trialInFlight = false;

  return {
    get state(): 'closed' | 'open' | 'half_open' {
      if (openedAt === undefined) return 'closed';
      return now() - openedAt >= resetMs ? 'half_open' : 'open';
    },
    /** True when a call may go out now; a half-open breaker allows one trial at a time. */
    allows(): boolean {
      const state = this.state;
      if (state === 'closed') return true;
      if (state === 'open' || trialInFlight) return false;
      trialInFlight = true;
      return true;
    },
    success(): void {
      failures = 0;
      openedAt = undefined;
      trialInFlight = false;
    },
    failure(): void {
      trialInFlight = false;
      failures++;
      if (openedAt !== undefined || failures >= threshold) openedAt = now();
    },
  };
}

export type CircuitBreaker = ReturnType<typeof createCircuitBreaker>;
