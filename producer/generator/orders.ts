import { formatDecimal } from '../../lib/money.js';
import type { SalesEvent } from '../../schemas/generated/event-types.js';
import { type Attribution, attributeVisit } from './campaigns.js';
import { type Catalogue, type Product, pickProduct } from './catalogue.js';
import type { Customer } from './customers.js';
import { pickAgent } from './devices.js';
import type { Random } from './random.js';

export const LINES_PER_ORDER: readonly (readonly [number, number])[] = [
  [1, 55],
  [2, 25],
  [3, 10],
  [4, 5],
  [5, 3],
  [6, 2],
];
const QUANTITY: readonly (readonly [number, number])[] = [
  [1, 75],
  [2, 17],
  [3, 5],
  [4, 2],
  [5, 1],
];
const CHANNEL: readonly (readonly [SalesEvent['channel'], number])[] = [
  ['web', 55],
  ['mobile', 35],
  ['marketplace', 10],
];
const PAYMENT: readonly (readonly [SalesEvent['payment_method'], number])[] = [
  ['card', 55],
  ['paypal', 20],
  ['apple_pay', 10],
  ['google_pay', 8],
  ['bank_transfer', 4],
  ['gift_card', 3],
];
const DISCOUNT_PERCENT = [5, 10, 15, 20, 25, 30] as const;

export interface OrderContext {
  readonly orderId: string;
  readonly orderTs: string;
  readonly customer: Customer;
  readonly returning: boolean;
  readonly channel: SalesEvent['channel'];
  readonly device: SalesEvent['device'];
  /** The buyer's browser, as the purchase session reports it. */
  readonly userAgent: string;
  /** Where the buying visit came from (its campaign, if any); the sales lines carry its source. */
  readonly attribution: Attribution;
  readonly products: readonly Product[];
}

export interface OrderOptions {
  readonly currency: string;
  readonly discountRate: number;
  readonly maxLinesPerOrder: number;
}

/** Distinct products for one order's lines, most orders 1–2 lines. */
function productsForOrder(catalogue: Catalogue, random: Random, maxLines: number): Product[] {
  const wanted = Math.min(maxLines, random.weighted(LINES_PER_ORDER));
  const chosen = new Map<string, Product>();
  for (let attempts = 0; chosen.size < wanted && attempts < wanted * 10; attempts += 1) {
    const product = pickProduct(catalogue, random);
    chosen.set(product.productId, product);
  }
  return [...chosen.values()];
}

export function planOrder(
  orderNumber: number,
  orderTsMs: number,
  customer: { customer: Customer; returning: boolean },
  catalogue: Catalogue,
  random: Random,
  options: OrderOptions,
): OrderContext {
  const channel = random.weighted(CHANNEL);
  const agent = pickAgent(channel, random);
  return {
    orderId: `O${String(orderNumber).padStart(9, '0')}-${random.hex(6)}`,
    orderTs: new Date(orderTsMs).toISOString(),
    customer: customer.customer,
    returning: customer.returning,
    channel,
    device: agent.family,
    userAgent: agent.userAgent,
    attribution: attributeVisit(orderTsMs, random),
    products: productsForOrder(catalogue, random, options.maxLinesPerOrder),
  };
}

/** The order's lines; line_total = quantity × unit_price − discount, computed in integer cents. */
export function orderLines(order: OrderContext, random: Random, options: OrderOptions): SalesEvent[] {
  const paymentMethod = random.weighted(PAYMENT);
  return order.products.map((product, index): SalesEvent => {
    const quantity = random.weighted(QUANTITY);
    const gross = product.unitPriceCents * BigInt(quantity);
    const percent = random.chance(options.discountRate) ? BigInt(random.pick(DISCOUNT_PERCENT)) : 0n;
    const discount = (gross * percent + 50n) / 100n;
    return {
      event_id: random.uuid(),
      order_id: order.orderId,
      line_no: index + 1,
      order_ts: order.orderTs,
      customer_id: order.customer.customerId,
      is_returning_customer: order.returning,
      country: order.customer.country,
      city: order.customer.city,
      channel: order.channel,
      device: order.device,
      payment_method: paymentMethod,
      currency: options.currency,
      product_id: product.productId,
      sku: product.sku,
      product_name: product.name,
      category: product.category,
      brand: product.brand,
      quantity,
      unit_price: product.unitPrice,
      discount: formatDecimal(discount),
      line_total: formatDecimal(gross - discount),
      utm_source: order.attribution.utmSource,
    };
  });
}
