import type { Random } from './random.js';

/** Where customers live: a country, a city and the city's time zone. */
export interface Place {
  readonly country: string;
  readonly city: string;
  readonly timeZone: string;
  /** The place's share of the shop's orders over a week (relative). */
  readonly weight: number;
}

/** Countries by share of orders, each split evenly over its main cities (each in its own time zone). */
const COUNTRY_CITIES: readonly (readonly [string, number, readonly (readonly [string, string])[]])[] = [
  [
    'US',
    35,
    [
      ['New York', 'America/New_York'],
      ['Los Angeles', 'America/Los_Angeles'],
      ['Chicago', 'America/Chicago'],
      ['Houston', 'America/Chicago'],
      ['Seattle', 'America/Los_Angeles'],
    ],
  ],
  [
    'GB',
    12,
    [
      ['London', 'Europe/London'],
      ['Manchester', 'Europe/London'],
      ['Birmingham', 'Europe/London'],
      ['Leeds', 'Europe/London'],
    ],
  ],
  [
    'DE',
    11,
    [
      ['Berlin', 'Europe/Berlin'],
      ['Hamburg', 'Europe/Berlin'],
      ['Munich', 'Europe/Berlin'],
      ['Cologne', 'Europe/Berlin'],
    ],
  ],
  [
    'FR',
    9,
    [
      ['Paris', 'Europe/Paris'],
      ['Lyon', 'Europe/Paris'],
      ['Marseille', 'Europe/Paris'],
      ['Toulouse', 'Europe/Paris'],
    ],
  ],
  [
    'CA',
    7,
    [
      ['Toronto', 'America/Toronto'],
      ['Montreal', 'America/Toronto'],
      ['Vancouver', 'America/Vancouver'],
    ],
  ],
  [
    'AU',
    5,
    [
      ['Sydney', 'Australia/Sydney'],
      ['Melbourne', 'Australia/Melbourne'],
      ['Brisbane', 'Australia/Brisbane'],
    ],
  ],
  [
    'NL',
    4,
    [
      ['Amsterdam', 'Europe/Amsterdam'],
      ['Rotterdam', 'Europe/Amsterdam'],
      ['Utrecht', 'Europe/Amsterdam'],
    ],
  ],
  [
    'ES',
    4,
    [
      ['Madrid', 'Europe/Madrid'],
      ['Barcelona', 'Europe/Madrid'],
      ['Valencia', 'Europe/Madrid'],
    ],
  ],
  [
    'IT',
    4,
    [
      ['Rome', 'Europe/Rome'],
      ['Milan', 'Europe/Rome'],
      ['Naples', 'Europe/Rome'],
    ],
  ],
  [
    'SE',
    3,
    [
      ['Stockholm', 'Europe/Stockholm'],
      ['Gothenburg', 'Europe/Stockholm'],
    ],
  ],
  [
    'PL',
    3,
    [
      ['Warsaw', 'Europe/Warsaw'],
      ['Krakow', 'Europe/Warsaw'],
    ],
  ],
  [
    'BR',
    3,
    [
      ['Sao Paulo', 'America/Sao_Paulo'],
      ['Rio de Janeiro', 'America/Sao_Paulo'],
    ],
  ],
];

export const PLACES: readonly Place[] = COUNTRY_CITIES.flatMap(([country, share, cities]) =>
  cities.map(([city, timeZone]) => ({ country, city, timeZone, weight: share / cities.length })),
);

/**
 * How busy a shop is by local hour (quiet at night, a lunch bump, an evening peak) and by local
 * weekday (weekends busier), as e-commerce traffic reports show. Relative weights.
 */
const HOURLY = [
  0.25, 0.15, 0.1, 0.08, 0.08, 0.12, 0.25, 0.45, 0.7, 0.85, 0.95, 1.05, 1.2, 1.15, 1.05, 1.0, 1.05, 1.15, 1.35, 1.6, 1.75, 1.6, 1.1, 0.6,
] as const;
/** Sunday first. */
const WEEKDAY = [1.2, 0.9, 0.92, 0.95, 0.98, 1.05, 1.25] as const;
const HOURLY_MEAN = HOURLY.reduce((sum, weight) => sum + weight, 0) / HOURLY.length;
const WEEKDAY_MEAN = WEEKDAY.reduce((sum, weight) => sum + weight, 0) / WEEKDAY.length;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Local hour and weekday per (time zone, UTC hour): the offset is whole within an hour for every zone listed. */
const clockCache = new Map<string, { hour: number; weekday: number }>();

/** The local hour (0–23) and weekday (0 = Sunday) at an instant in a time zone (from the IANA database Node carries). */
export function localClock(epochMs: number, timeZone: string): { hour: number; weekday: number } {
  const key = `${timeZone}@${Math.floor(epochMs / HOUR_MS)}`;
  let clock = clockCache.get(key);
  if (!clock) {
    let format = formatters.get(timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23', weekday: 'short' });
      formatters.set(timeZone, format);
    }
    const parts = format.formatToParts(new Date(Math.floor(epochMs / HOUR_MS) * HOUR_MS));
    clock = {
      hour: Number(parts.find((part) => part.type === 'hour')?.value),
      weekday: WEEKDAYS.indexOf(parts.find((part) => part.type === 'weekday')?.value ?? ''),
    };
    if (clockCache.size > 50_000) clockCache.clear();
    clockCache.set(key, clock);
  }
  return clock;
}

/** How busy a place is at an instant, by its own clock (mean 1 over a week). */
export function localWeight(epochMs: number, timeZone: string): number {
  const { hour, weekday } = localClock(epochMs, timeZone);
  return ((HOURLY[hour] as number) / HOURLY_MEAN) * ((WEEKDAY[weekday] as number) / WEEKDAY_MEAN);
}

const TOTAL_WEIGHT = PLACES.reduce((sum, place) => sum + place.weight, 0);

/** A place's share of all orders over a week. */
export const shareOf = (place: Place): number => place.weight / TOTAL_WEIGHT;

const weightsCache = new Map<number, { readonly weights: readonly number[]; readonly total: number }>();

/** Each place's share × its local weight at an instant, and their sum: computed once per UTC hour (offsets are whole hours here). */
function placeWeightsAt(epochMs: number): { readonly weights: readonly number[]; readonly total: number } {
  const hour = Math.floor(epochMs / HOUR_MS);
  let entry = weightsCache.get(hour);
  if (!entry) {
    const weights = PLACES.map((place) => place.weight * localWeight(epochMs, place.timeZone));
    entry = { weights, total: weights.reduce((sum, weight) => sum + weight, 0) };
    if (weightsCache.size > 50_000) weightsCache.clear();
    weightsCache.set(hour, entry);
  }
  return entry;
}

/** The shop's relative order intensity at an instant: every place by its own clock (mean about 1 over a week). */
export function trafficWeight(epochMs: number): number {
  return placeWeightsAt(epochMs).total / TOTAL_WEIGHT;
}

/** Where an order or a visit at this instant comes from: places weighted by share and local time. */
export function pickPlace(epochMs: number, random: Random): Place {
  const { weights } = placeWeightsAt(epochMs);
  return random.weighted(PLACES.map((place, index) => [place, weights[index] as number] as const));
}

/**
 * The gap to the next order: exponential with the mean implied by `ordersPerDay` scaled by the
 * intensity at `nowMs` (a piecewise-constant Poisson process). `uniform` is in [0, 1).
 */
export function nextOrderGapMs(nowMs: number, ordersPerDay: number, uniform: number): number {
  const meanGapMs = 86_400_000 / ordersPerDay / trafficWeight(nowMs);
  return Math.max(1, Math.round(-Math.log(1 - uniform) * meanGapMs));
}
