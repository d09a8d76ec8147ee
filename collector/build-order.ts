import { createHash } from 'node:crypto';
import { formatDecimal } from '../lib/money.js';
import type { SalesEvent } from '../schemas/generated/event-types.js';
import type { OrderRequest } from './request-schemas.js';
import { shopProducts } from './shop-catalogue.js';
import { uuidFrom } from './tag/tag-core.js';

/** What the collector knows of the shopper besides the order form. */
export interface OrderContext {
  readonly receivedAt: Date;
  readonly country: string;
  /** desktop, mobile or tablet (from the user agent; anything else counts as desktop). */
  readonly device: string;
  readonly currency: string;
  readonly utmSource: string | null;
}

/** A line's event id, the same for every retry of the order: a name-based UUID of (order, line). */
export const lineEventId = (orderId: string, lineNo: number): string =>
  uuidFrom(createHash('sha256').update(`sales_line:${orderId}:${lineNo}`).digest());

/**
 * The order's sales lines (pure): prices from the catalogue, never from the request; line_total exact
 * in cents. Returns one sentence instead when a line names a product the catalogue does not have.
 */
export function salesLinesOf(order: OrderRequest, context: OrderContext): SalesEvent[] | { problem: string } {
  const catalogue = shopProducts();
  const missing = order.lines.findIndex((line) => !catalogue.has(line.product_id));
  if (missing >= 0)
    return {
      problem: `lines[${missing}].product_id is "${order.lines[missing]?.product_id}", which is not in the catalogue (GET /v1/catalogue lists it)`,
    };
  const device = (['desktop', 'mobile', 'tablet'] as const).find((known) => known === context.device) ?? 'desktop';
  return order.lines.map((line, index) => {
    const product = catalogue.get(line.product_id);
    if (!product) throw new Error('checked above');
    const lineNo = index + 1;
    return {
      event_id: lineEventId(order.order_id, lineNo),
      order_id: order.order_id,
      line_no: lineNo,
      order_ts: context.receivedAt.toISOString(),
      customer_id: order.customer_id ?? `guest-${order.order_id}`.slice(0, 64),
      is_returning_customer: false,
      country: context.country,
      city: order.city,
      channel: 'web',
      device,
      payment_method: order.payment_method as SalesEvent['payment_method'],
      currency: context.currency,
      product_id: product.productId,
      sku: product.sku,
      product_name: product.name,
      category: product.category,
      brand: product.brand,
      quantity: line.quantity,
      unit_price: product.unitPrice,
      discount: '0.00',
      line_total: formatDecimal(product.unitPriceCents * BigInt(line.quantity)),
      utm_source: context.utmSource,
    };
  });
}
