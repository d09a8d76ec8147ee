import { buildCatalogue, type Product } from '../producer/generator/catalogue.js';
import { createRandom } from '../producer/generator/random.js';

/**
 * The demo shop's catalogue: the generator's, from the producer's default seed (1), so the shop sells
 * the products (ids, names, prices) the generated data has. Built once.
 */
let products: ReadonlyMap<string, Product> | undefined;

export function shopProducts(): ReadonlyMap<string, Product> {
  products ??= new Map(buildCatalogue(createRandom(1)).products.map((product) => [product.productId, product]));
  return products;
}

/** The catalogue as the shop's pages read it (GET /v1/catalogue). */
export const catalogueJson = () => ({
  products: [...shopProducts().values()].map((product) => ({
    product_id: product.productId,
    sku: product.sku,
    name: product.name,
    category: product.category,
    brand: product.brand,
    unit_price: product.unitPrice,
  })),
});
