import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from './circuit-breaker.js';

describe('circuit breaker', () => {
  it('opens after the threshold, lets one trial through after the reset time, closes on success', () => {
    let now = 0;
    const breaker = createCircuitBreaker({ threshold: 3, resetMs: 1000, now: () => now });
    breaker.failure();
    breaker.failure();
    expect(breaker.allows()).toBe(true);
    breaker.failure();
    expect(breaker.state).toBe('open');
    expect(breaker.allows()).toBe(false);
    now = 1000;
    expect(breaker.allows()).toBe(true);
    expect(breaker.allows()).toBe(false); // one trial at a time
    breaker.success();
    expect(breaker.state).toBe('closed');
  });

  it('opens again at once when the half-open trial fails', () => {
    let now = 0;
    const breaker = createCircuitBreaker({ threshold: 1, resetMs: 1000, now: () => now });
    breaker.failure();
    now = 1500;
    expect(breaker.allows()).toBe(true);
    breaker.failure();
    expect(breaker.state).toBe('open');
  });
});
