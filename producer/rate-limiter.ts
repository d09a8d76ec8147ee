/**
 * A token bucket: `ratePerSecond` tokens a second, at most `burst` saved up. Pure apart from the
 * injected clock, so tests drive it with a controlled one.
 */
export class RateLimiter {
  private tokens: number;
  private lastMs: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    if (!(burst >= 1)) throw new RangeError('burst must be at least 1');
    this.tokens = burst;
    this.lastMs = now();
  }

  private refill(): void {
    const nowMs = this.now();
    const elapsed = Math.max(0, nowMs - this.lastMs);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.ratePerSecond) / 1000);
    this.lastMs = nowMs;
  }

  /**
   * Takes `count` tokens and returns how many ms the caller must wait before acting (0 when they were
   * available). The debt is booked immediately, so back-to-back calls queue up at the steady rate.
   */
  take(count = 1): number {
    this.refill();
    this.tokens -= count;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.ratePerSecond);
  }
}
