import { describe, expect, it } from 'vitest';
import { base64ToUnscaled, formatDecimal, parseDecimal, unscaledToBase64 } from '../../lib/money.js';

describe('exact money', () => {
  it('parses and formats decimal strings through integer cents', () => {
    expect(parseDecimal('12.34')).toBe(1234n);
    expect(parseDecimal('0.05')).toBe(5n);
    expect(parseDecimal('7')).toBe(700n);
    expect(parseDecimal('-1.5')).toBe(-150n);
    expect(formatDecimal(1234n)).toBe('12.34');
    expect(formatDecimal(5n)).toBe('0.05');
    expect(formatDecimal(-5n)).toBe('-0.05');
    expect(formatDecimal(99999999999999999n)).toBe('999999999999999.99');
  });

  it('refuses what is not an exact decimal with at most two places', () => {
    expect(() => parseDecimal('12.345')).toThrow('"12.345" has more than 2 decimal places');
    expect(() => parseDecimal('1e3')).toThrow('"1e3" is not a decimal number');
    expect(() => parseDecimal('')).toThrow('is not a decimal number');
  });

  it("encodes the Connect Decimal wire form like Java's BigInteger.toByteArray", () => {
    expect(unscaledToBase64(1234n)).toBe('BNI=');
    expect(unscaledToBase64(0n)).toBe('AA==');
    expect(unscaledToBase64(127n)).toBe('fw==');
    expect(unscaledToBase64(128n)).toBe('AIA=');
    expect(unscaledToBase64(-1n)).toBe('/w==');
    expect(unscaledToBase64(-128n)).toBe('gA==');
    expect(unscaledToBase64(-129n)).toBe('/38=');
  });

  it('round-trips every value through base64', () => {
    for (const value of [0n, 1n, -1n, 255n, 256n, -256n, 99_999_999_999_999_999n, -99_999_999_999_999_999n, 123_456n]) {
      expect(base64ToUnscaled(unscaledToBase64(value))).toBe(value);
    }
  });
});
