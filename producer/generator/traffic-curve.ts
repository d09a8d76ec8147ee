/**
 * When orders happen: a daily curve (quiet at night, a lunch bump, an evening peak) and a weekday
 * effect (weekends busier), both in UTC. Weights are relative; their mean over a week is 1.
 */
const HOURLY = [
  0.25, 0.15, 0.1, 0.08, 0.08, 0.12, 0.25, 0.45, 0.7, 0.85, 0.95, 1.05, 1.2, 1.15, 1.05, 1.0, 1.05, 1.15, 1.35, 1.6, 1.75, 1.6, 1.1, 0.6,
] as const;
/** Sunday first, as Date.getUTCDay() counts. */
const WEEKDAY = [1.2, 0.9, 0.92, 0.95, 0.98, 1.05, 1.25] as const;

const HOURLY_MEAN = HOURLY.reduce((sum, weight) => sum + weight, 0) / HOURLY.length;
const WEEKDAY_MEAN = WEEKDAY.reduce((sum, weight) => sum + weight, 0) / WEEKDAY.length;

/** Relative order intensity at an instant (mean 1 over a week). */
export function trafficWeight(epochMs: number): number {
  const date = new Date(epochMs);
  return ((HOURLY[date.getUTCHours()] as number) / HOURLY_MEAN) * ((WEEKDAY[date.getUTCDay()] as number) / WEEKDAY_MEAN);
}

/**
 * The gap to the next order: exponential with the mean implied by `ordersPerDay` scaled by the
 * intensity at `nowMs` (a piecewise-constant Poisson process). `uniform` is in [0, 1).
 */
export function nextOrderGapMs(nowMs: number, ordersPerDay: number, uniform: number): number {
  const meanGapMs = 86_400_000 / ordersPerDay / trafficWeight(nowMs);
  return Math.max(1, Math.round(-Math.log(1 - uniform) * meanGapMs));
}
