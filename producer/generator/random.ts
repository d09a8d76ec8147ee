import { base, en, Faker, generateMersenne53Randomizer } from '@faker-js/faker';

/**
 * All randomness of the generator flows through one seeded Faker, so the same seed and options give
 * byte-identical output. Helpers add the distributions the generator needs.
 */
export interface Random {
  readonly faker: Faker;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  /** One of `items`, chosen with the given weights. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  pick<T>(items: readonly T[]): T;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Exponential with the given mean. */
  exponential(mean: number): number;
  /** Poisson with the given mean (Knuth; fine for small means). */
  poisson(mean: number): number;
  hex(length: number): string;
  uuid(): string;
}

const HEX_DIGITS = '0123456789abcdef';

/** The 24-bit integer as six lowercase hex digits (Number#toString(16) is slow on doubles). */
function sixHexDigits(value: number): string {
  let text = '';
  for (let shift = 20; shift >= 0; shift -= 4) text += HEX_DIGITS[(value >>> shift) & 15];
  return text;
}

export function createRandom(seed: number): Random {
  const randomizer = generateMersenne53Randomizer(seed);
  const faker = new Faker({ locale: [en, base], randomizer, seed });
  // The randomizer itself: the same numbers as faker.number.float({ min: 0, max: 1 }) without its
  // option handling, which cost more than the number (it is drawn for every field of every event).
  const next = () => randomizer.next() % 1;
  // Ids are drawn 12 hex digits (48 bits) per number: faker.string's per-character draws were half of
  // the generator's time. A version-4 UUID is 32 such digits with its version and variant set.
  const hex = (length: number): string => {
    let digits = '';
    while (digits.length < length) {
      const bits = Math.floor(next() * 2 ** 48);
      digits += sixHexDigits(Math.floor(bits / 2 ** 24)) + sixHexDigits(bits % 2 ** 24);
    }
    return digits.slice(0, length);
  };
  const random: Random = {
    faker,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    weighted(items) {
      const total = items.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = next() * total;
      for (const [item, weight] of items) {
        roll -= weight;
        if (roll < 0) return item;
      }
      return (items[items.length - 1] as readonly [never, number])[0];
    },
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    normal() {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    exponential: (mean) => -Math.log(1 - next()) * mean,
    poisson(mean) {
      const limit = Math.exp(-mean);
      let count = 0;
      let product = next();
      while (product > limit) {
        count += 1;
        product *= next();
      }
      return count;
    },
    hex,
    uuid() {
      const digits = hex(32);
      const variant = '89ab'[Number.parseInt(digits[16] as string, 16) & 3];
      return `${digits.slice(0, 8)}-${digits.slice(8, 12)}-4${digits.slice(13, 16)}-${variant}${digits.slice(17, 20)}-${digits.slice(20)}`;
    },
  };
  return random;
}
