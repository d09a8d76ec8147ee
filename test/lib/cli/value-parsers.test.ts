import { describe, expect, it } from 'vitest';
import {
  choices,
  duration,
  durationOf,
  instantOf,
  listOf,
  nonNegativeInteger,
  numberOption,
  positiveInteger,
  rate,
  rateOf,
} from '../../../lib/cli/value-parsers.js';

describe('command-line value parsers', () => {
  it('parses rates, durations and times', () => {
    expect(rateOf('500/s', '--rate')).toBe(500);
    expect(rateOf('30000/min', '--rate')).toBe(500);
    expect(rateOf('250', '--rate')).toBe(250);
    expect(rateOf('2/ms', '--rate')).toBe(2000);
    expect(durationOf('10m', '--duration')).toBe(600_000);
    expect(durationOf('1h30m', '--duration')).toBe(5_400_000);
    expect(durationOf('500ms', '--duration')).toBe(500);
    expect(durationOf('2d', '--duration')).toBe(172_800_000);
    expect(instantOf('now', 42, '--start')).toBe(42);
    expect(instantOf('now-1h', 10_000_000, '--start')).toBe(6_400_000);
    expect(instantOf('2025-01-31T12:34:56.789Z', 0, '--start')).toBe(1738326896789);
    expect(listOf(' sales, ,clickstream ')).toEqual(['sales', 'clickstream']);
  });

  it('names the flag it parsed in every message', () => {
    expect(() => duration('--timeout')('forever')).toThrow(
      '--timeout "forever" is not a duration; write e.g. 30s, 10m, 1h30m, 2d or 500ms.',
    );
    expect(() => duration('--settle')('0s')).toThrow('--settle "0s" must be at least 1ms.');
    expect(() => rate('--rate')('fast')).toThrow('--rate "fast" is not a rate; write e.g. 500/s, 30000/min or 500.');
    expect(() => rateOf('0/s', '--rate')).toThrow('--rate "0/s" must be above zero.');
    expect(() => instantOf('yesterday', 0, '--since')).toThrow('--since "yesterday" is not an ISO-8601 time, "now" or "now-<duration>".');
    expect(() => instantOf('now-soon', 0, '--until')).toThrow('--until "now-soon" is not an ISO-8601 time, "now" or "now-<duration>".');
    expect(() => positiveInteger('--limit')('0')).toThrow('--limit "0" is not a positive whole number.');
    expect(() => positiveInteger('--lines')('')).toThrow('--lines "" is not a positive whole number.');
    expect(() => nonNegativeInteger('--seed')('-1')).toThrow('--seed "-1" is not a whole number ≥ 0.');
    expect(() => numberOption('--count', { integer: true })('1.5')).toThrow('--count "1.5" is not a whole number.');
    expect(() => numberOption('--late-rate', { integer: false })('x')).toThrow('--late-rate "x" is not a number.');
  });

  it('reads a list of choices, dropping duplicates and naming unknown ones', () => {
    const extras = choices('--with', ['metabase', 'jupyter'] as const, 'extra');
    expect(extras('jupyter,metabase,jupyter')).toEqual(['jupyter', 'metabase']);
    expect(() => extras('jupyter,grafana')).toThrow(
      '--with "jupyter,grafana" names unknown extra(s) grafana; choose from metabase, jupyter.',
    );
    expect(() => extras(' , ')).toThrow('--with " , " is empty; choose from metabase, jupyter.');
  });
});
