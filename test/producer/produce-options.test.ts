import { describe, expect, it } from 'vitest';
import { defaultProduceOptions, parseFunnel, validateProduceOptions } from '../../producer/produce-options.js';

const valid = { ...defaultProduceOptions(0), streams: ['sales'], count: 10 };

describe('producer options', () => {
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
      'Invalid options: --stream "orders" is not one of sales, clickstream, feedback; --invalid-rate must be at most 1; --currency "usd" must be three capital letters (ISO 4217, e.g. USD); --count and --duration cannot be used together.',
    );
  });

  it('parses and checks the funnel rates', () => {
    expect(parseFunnel('2.5,0.6,0.35,0.4')).toEqual({ browsingSessionsPerOrder: 2.5, productView: 0.6, addToCart: 0.35, checkout: 0.4 });
    expect(() => parseFunnel('1,2')).toThrow('--funnel "1,2" needs four numbers');
    expect(() => validateProduceOptions({ ...valid, funnel: { ...valid.funnel, ...parseFunnel('1,2,0.5,0.5') } })).toThrow(
      'Invalid options: --funnel (productView) must be at most 1.',
    );
  });

  it("says what is wrong in the project's words, never the validator's", () => {
    expect(() => validateProduceOptions({ ...valid, streams: ['sales', 'sales'] })).toThrow('Invalid options: --stream lists sales twice.');
    expect(() => validateProduceOptions({ ...valid, streams: [] })).toThrow('Invalid options: --stream needs at least one value.');
    expect(() => validateProduceOptions({ ...valid, partitions: 0, ordersPerDay: 0 })).toThrow(
      'Invalid options: --partitions must be at least 1; --orders-per-day must be above 0.',
    );
  });
});
