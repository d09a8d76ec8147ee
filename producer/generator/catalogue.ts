import { formatDecimal } from '../../lib/money.js';
import { CATEGORY_WORDS, type CategoryWords } from './catalogue-words.js';
import type { Random } from './random.js';

export interface Product {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly category: string;
  readonly brand: string;
  /** Price in cents (exact). */
  readonly unitPriceCents: bigint;
  readonly unitPrice: string;
}

/** Per-category price ranges in whole currency units; prices are log-normal around the median, clamped to the range. */
export const CATEGORIES = [
  { name: 'Electronics', code: 'ELEC', min: 15, median: 120, max: 2500 },
  { name: 'Home & Kitchen', code: 'HOME', min: 5, median: 35, max: 600 },
  { name: 'Fashion', code: 'FASH', min: 8, median: 45, max: 400 },
  { name: 'Beauty', code: 'BEAU', min: 4, median: 22, max: 150 },
  { name: 'Sports & Outdoors', code: 'SPRT', min: 6, median: 40, max: 900 },
  { name: 'Books', code: 'BOOK', min: 4, median: 15, max: 80 },
  { name: 'Toys & Games', code: 'TOYS', min: 5, median: 25, max: 250 },
  { name: 'Grocery', code: 'GROC', min: 1, median: 8, max: 60 },
  { name: 'Garden', code: 'GRDN', min: 5, median: 40, max: 700 },
  { name: 'Automotive', code: 'AUTO', min: 5, median: 35, max: 800 },
  { name: 'Health', code: 'HLTH', min: 3, median: 18, max: 200 },
  { name: 'Pet Supplies', code: 'PETS', min: 3, median: 20, max: 250 },
] as const;

export const PRODUCTS_PER_CATEGORY = 30;
export const BRANDS_PER_CATEGORY = 6;
const PRICE_SIGMA = 0.75;

export interface Catalogue {
  readonly products: readonly Product[];
  /** Cumulative popularity weights (Zipf-like), for picking by binary search. */
  readonly cumulativeWeights: readonly number[];
}

/**
 * A name that fits its category and brand, "<brand> [qualifier] <noun> [model]", not yet used in the
 * category (a few draws; a numbered model makes it unique if they all collide).
 */
function productName(words: CategoryWords, brand: string, used: Set<string>, random: Random): string {
  let name = '';
  for (let attempt = 0; attempt < 8 && (name === '' || used.has(name)); attempt += 1) {
    const qualifier = random.chance(0.5) ? `${random.pick(words.qualifiers)} ` : '';
    const model = words.models.length > 0 && random.chance(0.4) ? ` ${random.pick(words.models)}` : '';
    name = `${brand} ${qualifier}${random.pick(words.nouns)}${model}`;
  }
  for (let series = 2; used.has(name); series += 1) name = `${name.replace(/ Series \d+$/, '')} Series ${series}`;
  used.add(name);
  return name;
}

export function buildCatalogue(random: Random): Catalogue {
  const products: Product[] = [];
  for (const category of CATEGORIES) {
    const words = CATEGORY_WORDS[category.name] as CategoryWords;
    const brands = words.brands.slice(0, BRANDS_PER_CATEGORY);
    const names = new Set<string>();
    for (let index = 0; index < PRODUCTS_PER_CATEGORY; index += 1) {
      const logPrice = Math.log(category.median) + PRICE_SIGMA * random.normal();
      const price = Math.min(category.max, Math.max(category.min, Math.exp(logPrice)));
      // Prices end in .99, .49 or a whole-cent value, as shops price; computed in cents, never as a float sum.
      const whole = BigInt(Math.max(0, Math.floor(price)));
      const cents = BigInt(random.pick([99, 49, 0, random.int(0, 99)]));
      const unitPriceCents = whole * 100n + cents > 0n ? whole * 100n + cents : 99n;
      const number = products.length + 1;
      const brand = random.pick(brands);
      products.push({
        productId: `P${String(number).padStart(5, '0')}`,
        sku: `${category.code}-${String(number).padStart(5, '0')}`,
        name: productName(words, brand, names, random),
        category: category.name,
        brand,
        unitPriceCents,
        unitPrice: formatDecimal(unitPriceCents),
      });
    }
  }
  // Shuffle popularity ranks so every category has best sellers, then weight rank r by 1 / r^0.8.
  const ranks = products.map((_, index) => index + 1);
  for (let index = ranks.length - 1; index > 0; index -= 1) {
    const swap = random.int(0, index);
    [ranks[index], ranks[swap]] = [ranks[swap] as number, ranks[index] as number];
  }
  let running = 0;
  const cumulativeWeights = ranks.map((rank) => {
    running += 1 / rank ** 0.8;
    return running;
  });
  return { products, cumulativeWeights };
}

export function pickProduct(catalogue: Catalogue, random: Random): Product {
  const weights = catalogue.cumulativeWeights;
  const target = random.next() * (weights[weights.length - 1] as number);
  let low = 0;
  let high = weights.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((weights[middle] as number) > target) high = middle;
    else low = middle + 1;
  }
  return catalogue.products[low] as Product;
}
