import { describe, expect, it } from 'vitest';
import { parseJavaMajor } from '../../../stack/assemble/prerequisites.js';

describe('parseJavaMajor', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['java version "1.8.0_402"', 8],
    ['openjdk version "25-ea" 2025-09-16', 25],
  ])('reads %s as %i', (output, major) => {
    expect(parseJavaMajor(output)).toBe(major);
  });

  it('gives undefined for output it cannot read', () => {
    expect(parseJavaMajor('bash: java: command not found')).toBeUndefined();
  });
});
