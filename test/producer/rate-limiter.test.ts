import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../producer/rate-limiter.js';

/** A clock the test moves by hand: no wall-clock timing anywhere. */
function manualClock(startMs = 1_000) {
  let now = startMs;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('RateLimiter (token bucket)', () => {
  it('lets a burst through at once, then asks the caller to wait at the steady rate', () => {
    const clock = manualClock();
    const limiter = new RateLimiter(100, 5, clock.now);
    expect([1, 2, 3, 4, 5].map(() => limiter.take())).toEqual([0, 0, 0, 0, 0]);
    expect(limiter.take()).toBe(10);
    expect(limiter.take()).toBe(20);
  });

  it('refills with time, never beyond the burst', () => {
    const clock = manualClock();
    const limiter = new RateLimiter(10, 2, clock.now);
    limiter.take(2);
    clock.advance(100);
    expect(limiter.take()).toBe(0);
    expect(limiter.take()).toBe(100);
    clock.advance(10_000);
    expect(limiter.take(2)).toBe(0);
    expect(limiter.take()).toBe(100);
  });

  it('holds a long-run average equal to the rate when the caller sleeps as told', () => {
    const clock = manualClock();
    const limiter = new RateLimiter(500, 50, clock.now);
    const startMs = clock.now();
    for (let index = 0; index < 10_000; index += 1) clock.advance(limiter.take());
    const seconds = (clock.now() - startMs) / 1000;
    expect(10_000 / seconds).toBeGreaterThan(495);
    expect(10_000 / seconds).toBeLessThan(510);
  });

  it('refuses nonsense settings', () => {
    expect(() => new RateLimiter(0, 1, Date.now)).toThrow('ratePerSecond must be positive');
    expect(() => new RateLimiter(1, 0, Date.now)).toThrow('burst must be at least 1');
  });
});
