import { describe, expect, it } from 'vitest';
import { lineEventId, salesLinesOf } from '../../collector/build-order.js';
import { catalogueJson, shopProducts } from '../../collector/shop-catalogue.js';
import { schemaViolations } from '../../lib/schemas/event-schemas.js';
import { DEFAULT_GENERATOR_OPTIONS, OrderGenerator } from '../../producer/generator/generator.js';

const context = { receivedAt: new Date('2026-12-06T10:00:00.000Z'), country: 'ZZ', device: 'mobile', currency: 'USD', utmSource: null };

describe("the demo shop's orders", () => {
  it("sells the generator's catalogue (seed 1): the same products and prices as the generated data", () => {
    const generated = new OrderGenerator({ ...DEFAULT_GENERATOR_OPTIONS, seed: 1, startMs: 0 }).products;
    expect([...shopProducts().values()]).toEqual(generated);
    expect(catalogueJson().products[0]).toEqual({
      product_id: generated[0]?.productId,
      sku: generated[0]?.sku,
      name: generated[0]?.name,
      category: generated[0]?.category,
      brand: generated[0]?.brand,
      unit_price: generated[0]?.unitPrice,
    });
  });

  it('writes one valid sales line per order line, priced from the catalogue, exact to the cent', () => {
    const [first, second] = [...shopProducts().values()];
    const lines = salesLinesOf(
      {
        order_id: 'o-1',
        city: 'Lyon',
        payment_method: 'card',
        lines: [
          { product_id: first?.productId ?? '', quantity: 3 },
          { product_id: second?.productId ?? '', quantity: 1 },
        ],
      },
      context,
    );
    if ('problem' in lines) throw new Error(lines.problem);
    expect(lines.map((line) => [line.line_no, line.unit_price, line.quantity, line.line_total])).toEqual([
      [1, first?.unitPrice, 3, ((Number(first?.unitPriceCents) * 3) / 100).toFixed(2)],
      [2, second?.unitPrice, 1, second?.unitPrice],
    ]);
    expect(lines[0]).toMatchObject({
      customer_id: 'guest-o-1',
      channel: 'web',
      device: 'mobile',
      country: 'ZZ',
      discount: '0.00',
      order_ts: '2026-12-06T10:00:00.000Z',
    });
    for (const line of lines) expect(schemaViolations('sales', line)).toEqual([]);
    expect(lines[0]?.event_id).toBe(lineEventId('o-1', 1));
    expect(lineEventId('o-1', 1)).not.toBe(lineEventId('o-1', 2));
  });

  it('names a product the catalogue does not have', () => {
    expect(
      salesLinesOf({ order_id: 'o-2', city: 'Lyon', payment_method: 'card', lines: [{ product_id: 'P99999', quantity: 1 }] }, context),
    ).toEqual({
      problem: 'lines[0].product_id is "P99999", which is not in the catalogue (GET /v1/catalogue lists it)',
    });
  });
});
