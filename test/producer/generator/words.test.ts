import { describe, expect, it } from 'vitest';
import { buildCatalogue, CATEGORIES } from '../../../producer/generator/catalogue.js';
import { CATEGORY_WORDS } from '../../../producer/generator/catalogue-words.js';
import { COMMENTS, toneOf } from '../../../producer/generator/feedback-words.js';
import { DEFAULT_GENERATOR_OPTIONS, OrderGenerator } from '../../../producer/generator/generator.js';
import { createRandom } from '../../../producer/generator/random.js';
import { COMPACT_FUNNEL } from '../../../producer/generator/traffic-profiles.js';

describe('the words of the generated shop', () => {
  it('names each product after its brand and a noun of its own category, once per category', () => {
    for (const seed of [1, 2, 3]) {
      const { products } = buildCatalogue(createRandom(seed));
      expect(products).toHaveLength(CATEGORIES.length * 30);
      for (const category of CATEGORIES) {
        const words = CATEGORY_WORDS[category.name];
        const inCategory = products.filter((product) => product.category === category.name);
        expect(new Set(inCategory.map((product) => product.name)).size).toBe(inCategory.length);
        for (const product of inCategory) {
          expect(words?.brands).toContain(product.brand);
          expect(product.name.startsWith(`${product.brand} `)).toBe(true);
          const own = words?.nouns.find((noun) => product.name.includes(noun));
          expect(own, product.name).toBeDefined();
          // No noun of another category slips in ("Bacon" in Home & Kitchen), but for words of its own noun.
          const foreign = Object.entries(CATEGORY_WORDS)
            .filter(([name]) => name !== category.name)
            .flatMap(([, other]) => other.nouns)
            .filter((noun) => product.name.includes(noun) && !own?.includes(noun));
          expect(foreign, product.name).toEqual([]);
        }
      }
    }
  });

  it('writes feedback comments as whole sentences about the rated feature, in the tone of the rating', () => {
    const generator = new OrderGenerator({
      ...DEFAULT_GENERATOR_OPTIONS,
      funnel: COMPACT_FUNNEL,
      feedbackRate: 1,
      seed: 4,
      startMs: Date.parse('2025-03-03T00:00:00Z'),
    });
    const feedback = Array.from({ length: 2_000 }, () => generator.next().feedback).flat();
    const written = feedback.filter((entry) => entry.comment !== '');
    expect(written.length / feedback.length).toBeGreaterThan(0.7);
    for (const entry of written) {
      expect(COMMENTS[entry.feature][toneOf(entry.rating)]).toContain(entry.comment);
      expect(entry.comment).toMatch(/^[A-Z].*\.$/);
    }
    for (const sentences of Object.values(COMMENTS).flatMap((tones) => Object.values(tones))) {
      for (const sentence of sentences) expect(sentence).toMatch(/^[A-Z][^.]*[a-z0-9)]\.$/);
    }
  });
});
