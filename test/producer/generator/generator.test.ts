import { describe, expect, it } from 'vitest';
import { formatDecimal, parseDecimal } from '../../../lib/money.js';
import { describeViolations, eventViolations } from '../../../lib/schemas/event-rules.js';
import { CATEGORIES } from '../../../producer/generator/catalogue.js';
import { DEFAULT_GENERATOR_OPTIONS, eventsByStream, type GeneratedBatch, OrderGenerator } from '../../../producer/generator/generator.js';
import { localClock, localWeight, nextOrderGapMs, PLACES, trafficWeight } from '../../../producer/generator/places.js';
import { COMPACT_FUNNEL } from '../../../producer/generator/traffic-profiles.js';

const START = Date.parse('2025-03-03T00:00:00.000Z');
const generator = (seed: number, overrides: Partial<typeof DEFAULT_GENERATOR_OPTIONS> = {}) =>
  new OrderGenerator({ ...DEFAULT_GENERATOR_OPTIONS, funnel: COMPACT_FUNNEL, ...overrides, seed, startMs: START });

function run(seed: number, orders: number, overrides: Partial<typeof DEFAULT_GENERATOR_OPTIONS> = {}) {
  const source = generator(seed, overrides);
  const batches: GeneratedBatch[] = Array.from({ length: orders }, () => source.next());
  const late = source.drain();
  return { source, batches, sales: [...batches.flatMap((batch) => batch.sales), ...late] };
}

describe('the order generator', () => {
  it('is deterministic: the same seed and options give byte-identical output, another seed does not', () => {
    const first = JSON.stringify(run(7, 500).batches);
    expect(JSON.stringify(run(7, 500).batches)).toBe(first);
    expect(JSON.stringify(run(8, 500).batches)).not.toBe(first);
    expect(JSON.stringify(run(7, 500, { feedbackRate: 0.5 }).batches)).not.toBe(first);
  });

  it('generates 100k events that all pass their schema and rules', () => {
    const source = generator(11);
    let events = 0;
    const problems: string[] = [];
    while (events < 100_000) {
      for (const [stream, event] of eventsByStream(source.next())) {
        events += 1;
        const violations = eventViolations(stream, event);
        if (violations.length > 0 && problems.length < 5) problems.push(`${stream}: ${describeViolations(violations)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps money exact: every line adds up, and the totals equal the sum of line_total to the cent', () => {
    const { source, sales } = run(3, 5_000);
    let sum = 0n;
    for (const line of sales) {
      const gross = parseDecimal(line.unit_price) * BigInt(line.quantity);
      expect(formatDecimal(gross - parseDecimal(line.discount))).toBe(line.line_total);
      sum += parseDecimal(line.line_total);
    }
    expect(sum).toBe(source.totals.revenueCents);
    expect(sales.length).toBe(source.totals.lines);
    expect(sales.some((line) => line.discount !== '0.00')).toBe(true);
  });

  it('keeps the funnel consistent: one purchase per order, matching its lines and its products', () => {
    const { batches, sales } = run(5, 2_000);
    const linesByOrder = new Map<string, typeof sales>();
    for (const line of sales) linesByOrder.set(line.order_id, [...(linesByOrder.get(line.order_id) ?? []), line]);
    const purchases = batches.flatMap((batch) => batch.clickstream.filter((event) => event.event_type === 'purchase'));
    expect(purchases.map((event) => event.order_id).sort()).toEqual([...linesByOrder.keys()].sort());
    for (const batch of batches) {
      const purchase = batch.clickstream.find((event) => event.event_type === 'purchase');
      const lines = linesByOrder.get(batch.orderId) ?? [];
      expect(purchase?.order_id).toBe(batch.orderId);
      expect(purchase?.ts).toBe(lines[0]?.order_ts);
      expect(purchase?.customer_id).toBe(lines[0]?.customer_id);
      const session = batch.clickstream.filter((event) => event.session_id === purchase?.session_id);
      const carted = new Set(session.filter((event) => event.event_type === 'add_to_cart').map((event) => event.product_id));
      for (const line of lines) expect(carted.has(line.product_id)).toBe(true);
      const order = session.map((event) => event.event_type);
      expect(order[0]).toBe('page_view');
      expect(order.slice(-2)).toEqual(['checkout_start', 'purchase']);
      expect(session.map((event) => event.ts)).toEqual(session.map((event) => event.ts).sort());
      expect(lines.map((line) => line.line_no)).toEqual(lines.map((_, index) => index + 1));
    }
  });

  it('has a catalogue of at least 300 SKUs over 10+ categories, prices inside their category range', () => {
    const products = generator(1).products;
    expect(products.length).toBeGreaterThanOrEqual(300);
    expect(new Set(products.map((product) => product.sku)).size).toBe(products.length);
    expect(new Set(products.map((product) => product.category)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(products.map((product) => product.brand)).size).toBeGreaterThanOrEqual(10);
    for (const product of products) {
      const range = CATEGORIES.find((category) => category.name === product.category);
      expect(Number(product.unitPrice)).toBeGreaterThanOrEqual((range?.min ?? 0) - 0.01);
      expect(Number(product.unitPrice)).toBeLessThan((range?.max ?? 0) + 1);
    }
  });

  it('mostly 1–2 lines per order, at most ~20 clickstream events per order, and feedback on about 15% of orders', () => {
    const { source, batches } = run(9, 5_000);
    const smallOrders = batches.filter((batch) => batch.sales.length <= 2).length / batches.length;
    expect(smallOrders).toBeGreaterThan(0.7);
    expect(source.totals.clickstreamEvents / source.totals.orders).toBeLessThanOrEqual(20);
    expect(source.totals.feedback / source.totals.orders).toBeCloseTo(0.15, 1);
  });

  it('has customers from before the run: the returning share starts near 10%, grows to about 30%, and nobody buys twice within a day', () => {
    // 400 orders a day for 60 simulated days.
    const { sales } = run(9, 24_000, { ordersPerDay: 400 });
    const firstLines = sales.filter((line) => line.line_no === 1);
    const day = (line: (typeof sales)[number]) => Math.floor((Date.parse(line.order_ts) - START) / 86_400_000);
    const returningShare = (from: number, to: number) => {
      const orders = firstLines.filter((line) => day(line) >= from && day(line) < to);
      return orders.filter((line) => line.is_returning_customer).length / orders.length;
    };
    expect(returningShare(0, 2)).toBeLessThan(0.16);
    expect(returningShare(0, 2)).toBeGreaterThan(0.04);
    expect(returningShare(10, 20)).toBeGreaterThan(returningShare(0, 2));
    expect(returningShare(40, 60)).toBeGreaterThan(0.25);
    expect(returningShare(40, 60)).toBeLessThan(0.33);
    const lastOrder = new Map<string, number>();
    let closest = Number.POSITIVE_INFINITY;
    for (const line of firstLines) {
      const at = Date.parse(line.order_ts);
      const before = lastOrder.get(line.customer_id as string);
      if (before !== undefined) closest = Math.min(closest, at - before);
      lastOrder.set(line.customer_id as string, at);
    }
    expect(closest).toBeGreaterThanOrEqual(86_400_000);
    // A customer lives in one place, and buys there.
    for (const line of firstLines) expect(PLACES.some((place) => place.country === line.country && place.city === line.city)).toBe(true);
  });

  it('follows each place’s daily curve in its own time zone: Australians order in their evening, not at night', () => {
    const { sales } = run(10, 20_000, { ordersPerDay: 2_000 });
    const zoneOf = new Map(PLACES.map((place) => [`${place.country}/${place.city}`, place.timeZone]));
    const localHours = (country: string) =>
      sales
        .filter((line) => line.line_no === 1 && line.country === country)
        .map((line) => localClock(Date.parse(line.order_ts), zoneOf.get(`${line.country}/${line.city}`) as string).hour);
    for (const country of ['US', 'GB', 'DE', 'AU', 'BR']) {
      const hours = localHours(country);
      const night = hours.filter((hour) => hour < 6).length / hours.length;
      const evening = hours.filter((hour) => hour >= 18 && hour < 22).length / hours.length;
      expect(night, `${country} orders between midnight and 6 am local`).toBeLessThan(0.08);
      expect(evening, `${country} orders between 6 and 10 pm local`).toBeGreaterThan(0.25);
    }
  });

  it('sends some orders late when asked, yet every line is sent exactly once', () => {
    const { source, batches, sales } = run(4, 2_000, { lateRate: 0.2 });
    const keys = sales.map((line) => `${line.order_id}#${line.line_no}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(source.totals.lines);
    const outOfOrder = batches.filter((batch) => batch.sales.some((line) => line.order_id !== batch.orderId)).length;
    expect(outOfOrder).toBeGreaterThan(100);
  });

  it('weights each hour by the local clock of every place, a week averaging 1', () => {
    // 20:00 in Sydney against 04:00 in Sydney; a Saturday evening in Berlin against a Wednesday's.
    expect(localWeight(Date.parse('2025-03-05T09:00:00.000Z'), 'Australia/Sydney')).toBeGreaterThan(
      localWeight(Date.parse('2025-03-04T17:00:00.000Z'), 'Australia/Sydney') * 5,
    );
    expect(localWeight(Date.parse('2025-03-08T19:00:00.000Z'), 'Europe/Berlin')).toBeGreaterThan(
      localWeight(Date.parse('2025-03-05T19:00:00.000Z'), 'Europe/Berlin'),
    );
    expect(localClock(Date.parse('2025-07-01T12:00:00.000Z'), 'Europe/London')).toEqual({ hour: 13, weekday: 2 });
    let mean = 0;
    for (let hour = 0; hour < 24 * 7; hour += 1) mean += trafficWeight(START + hour * 3_600_000) / (24 * 7);
    expect(mean).toBeCloseTo(1, 1);
    expect(nextOrderGapMs(START, 86_400, 1 - Math.exp(-1))).toBe(Math.round(1000 / trafficWeight(START)));
  });
});
