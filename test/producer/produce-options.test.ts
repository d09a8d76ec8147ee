import { describe, expect, it } from 'vitest';
import {
  defaultProduceOptions,
  parseDuration,
  parseFunnel,
  parseRate,
  parseStart,
  validateProduceOptions,
} from '../../producer/produce-options.js';

const valid = { ...defaultProduceOptions(0), streams: ['sales'], count: 10 };

describe('producer options', () => {
  it('parses rates, durations and start times', () => {
    expect(parseRate('500/s')).toBe(500);
    expect(parseRate('30000/min')).toBe(500);
    expect(parseRate('250')).toBe(250);
    expect(parseRate('2/ms')).toBe(2000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseStart('now-1h', 10_000_000)).toBe(6_400_000);
    expect(parseStart('2025-01-31T12:34:56.789Z', 0)).toBe(1738326896789);
  });

  it('says what a valid value looks like', () => {
    expect(() => parseRate('fast')).toThrow('--rate "fast" is not a rate; write e.g. 500/s, 30000/min or 500.');
    expect(() => parseRate('0/s')).toThrow('--rate "0/s" must be above zero.');
    expect(() => parseDuration('10 minutes')).toThrow('--duration "10 minutes" is not a duration');
    expect(() => parseStart('yesterday', 0)).toThrow('--start "yesterday" is not an ISO-8601 time, "now" or "now-<duration>".');
  });

  it('accepts a valid set and reports every problem of an invalid one at once (exit 2)', () => {
    expect(validateProduceOptions(valid)).toEqual(valid);
    let caught: unknown;
    try {
      validateProduceOptions({ ...valid, streams: ['sales', 'orders'], invalidRate: 1.5, currency: 'usd', durationMs: 1000 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'USAGE', exitCode: 2 });
    expect((caught as Error).message).toBe(
      'Invalid options: --stream "orders" must be equal to one of the allowed values (sales, clickstream, feedback); --invalid-rate must be <= 1; --currency must match pattern "^[A-Z]{3}$"; --count and --duration cannot be used together.',
    );
  });

  it('parses and checks the funnel rates', () => {
    expect(parseFunnel('2.5,0.6,0.35,0.4')).toEqual({ browsingSessionsPerOrder: 2.5, productView: 0.6, addToCart: 0.35, checkout: 0.4 });
    expect(() => parseFunnel('1,2')).toThrow('--funnel "1,2" needs four numbers');
    expect(() => validateProduceOptions({ ...valid, funnel: parseFunnel('1,2,0.5,0.5') })).toThrow(
      'Invalid options: --funnel (productView) must be <= 1.',
    );
  });
});
