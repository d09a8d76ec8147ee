import { describe, expect, it } from 'vitest';
import { demoOptionsFrom } from '../../../admin/demo/demo-options.js';
import { allLanded, describeLanded } from '../../../admin/demo/wait-landed.js';

describe('demo options', () => {
  it('picks a new seed each run unless one is given', () => {
    const raw = { orders: 10, timeout: '90s', keep: false, dryRun: false };
    expect(demoOptionsFrom({ ...raw, seed: 5 }, Date.parse('2025-06-02T00:00:00.000Z'))).toEqual({
      orders: 10,
      seed: 5,
      timeoutMs: 90_000,
      keep: false,
      dryRun: false,
      web: false,
      watch: false,
      profile: 'realistic',
      startMs: Date.parse('2025-06-01T00:00:00.000Z'),
    });
    expect(demoOptionsFrom({ ...raw, start: '2025-01-01T00:00:00Z' }).startMs).toBe(Date.parse('2025-01-01T00:00:00Z'));
    expect(demoOptionsFrom({ ...raw, profile: 'compact' }).profile).toBe('compact');
    expect(demoOptionsFrom({ ...raw, with: ['web'] }).web).toBe(true);
    const seeds = new Set(Array.from({ length: 5 }, () => demoOptionsFrom(raw).seed));
    expect(seeds.size).toBeGreaterThan(1);
  });

  it('reports every bad option at once', () => {
    expect(() => demoOptionsFrom({ orders: 0, seed: -1, timeout: 'soon', keep: false, dryRun: false, profile: 'busy' })).toThrow(
      'Invalid options: --orders "0" must be a whole number from 1 to 10000000; --seed "-1" must be a whole number from 0 to 4294967295; --timeout "soon" is not a duration; write e.g. 30s, 10m, 1h30m, 2d or 500ms; --profile "busy" is neither realistic nor compact nor a file that exists; name a profile or a JSON file like producer/profiles/realistic.json.',
    );
  });

  it('knows when every table holds its rows', () => {
    const counts = [
      { table: 'sales_lines' as const, landed: 3, expected: 3 },
      { table: 'feedback' as const, landed: 1, expected: 2 },
    ];
    expect(allLanded(counts)).toBe(false);
    expect(allLanded([counts[0] as (typeof counts)[0]])).toBe(true);
    expect(describeLanded(counts)).toBe('sales_lines 3/3, feedback 1/2');
  });
});
