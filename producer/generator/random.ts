import { base, en, Faker } from '@faker-js/faker';

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

export function createRandom(seed: number): Random {
  const faker = new Faker({ locale: [en, base], seed });
  const next = () => faker.number.float({ min: 0, max: 1 }) % 1;
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
    hex: (length) => faker.string.hexadecimal({ length, casing: 'lower', prefix: '' }),
    uuid: () => faker.string.uuid(),
  };
  return random;
}
