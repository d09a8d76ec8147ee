/**
 * Exact money: amounts live as integer cents (bigint) and travel as decimal strings with two places
 * ("12.34"). No binary float ever holds a price.
 */
export const MONEY_SCALE = 2;

const DECIMAL_PATTERN = /^(-?)(\d+)(?:\.(\d+))?$/;

/** "12.34" → 1234n. Throws on anything that is not a plain decimal with at most `scale` places. */
export function parseDecimal(text: string, scale = MONEY_SCALE): bigint {
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a decimal number`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > scale) throw new RangeError(`"${text}" has more than ${scale} decimal places`);
  const unscaled = BigInt(`${whole}${fraction.padEnd(scale, '0')}`);
  return sign === '-' ? -unscaled : unscaled;
}

/** 1234n → "12.34"; -5n → "-0.05". */
export function formatDecimal(unscaled: bigint, scale = MONEY_SCALE): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/**
 * The Connect `Decimal` logical type's wire form: base64 of the unscaled value as a big-endian
 * two's-complement integer in the fewest bytes (Java's BigInteger.toByteArray). 1234n → "BNI=".
 */
export function unscaledToBase64(unscaled: bigint): string {
  const bytes: number[] = [];
  let value = unscaled;
  // Emit low bytes until the remaining value is pure sign extension of the last byte written.
  for (;;) {
    const byte = Number(value & 0xffn);
    bytes.unshift(byte);
    value >>= 8n;
    const signBitSet = (byte & 0x80) !== 0;
    if ((value === 0n && !signBitSet) || (value === -1n && signBitSet)) break;
  }
  return Buffer.from(bytes).toString('base64');
}

/** Inverse of `unscaledToBase64`. */
export function base64ToUnscaled(text: string): bigint {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length === 0) return 0n;
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  const first = bytes[0] as number;
  return first & 0x80 ? value - (1n << BigInt(bytes.length * 8)) : value;
}
