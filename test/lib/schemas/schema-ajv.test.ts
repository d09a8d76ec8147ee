import { describe, expect, it } from 'vitest';
import { isRealUtcInstant } from '../../../lib/schemas/schema-ajv.js';

/** What the check replaces: an instant is real when Date gives the same text back. */
const roundTrips = (text: string) => {
  const parsed = Date.parse(text);
  return Number.isFinite(parsed) && new Date(parsed).toISOString() === text;
};

describe('isRealUtcInstant', () => {
  it('agrees with the Date round trip on real, impossible and malformed instants', () => {
    const samples = [
      '2025-01-31T12:34:56.789Z',
      '2024-02-29T00:00:00.000Z',
      '2025-02-29T00:00:00.000Z',
      '2000-02-29T23:59:59.999Z',
      '1900-02-29T00:00:00.000Z',
      '2025-04-31T00:00:00.000Z',
      '2025-12-31T24:00:00.000Z',
      '2025-13-01T00:00:00.000Z',
      '2025-00-10T00:00:00.000Z',
      '2025-01-00T00:00:00.000Z',
      '2025-01-01T00:60:00.000Z',
      '2025-01-01T00:00:60.000Z',
      '2025-01-01T00:00:00.000+00:00',
      '2025-01-01 00:00:00.000Z',
      '2025-1-01T00:00:00.000Z',
      '2025-01-01T00:00:00.00aZ',
      '',
    ];
    // Every day of a leap and a common year, at a time of day that varies.
    for (const year of [2024, 2025]) {
      for (let day = 0; day < 370; day += 1) {
        const ms = Date.UTC(year, 0, 1) + day * 86_400_000 + ((day * 7_919_731) % 86_400_000);
        samples.push(new Date(ms).toISOString());
        samples.push(`${year}-${String((day % 13) + 1).padStart(2, '0')}-${String((day % 32) + 1).padStart(2, '0')}T00:00:00.000Z`);
      }
    }
    const disagreements = samples.filter((text) => isRealUtcInstant(text) !== roundTrips(text));
    expect(disagreements).toEqual([]);
    expect(samples.filter(isRealUtcInstant).length).toBeGreaterThan(700);
    expect(samples.filter((text) => !isRealUtcInstant(text)).length).toBeGreaterThan(100);
  });
});
