import { type UserAgentFacts, userAgentFacts } from '../../lib/enrichment/user-agent.js';
import type { UserEvent } from '../../schemas/generated/event-types.js';
import { type Attribution, attributeVisit } from './campaigns.js';
import { type Catalogue, pickProduct } from './catalogue.js';
import type { Customer } from './customers.js';
import { pickAgent } from './devices.js';
import type { OrderContext } from './orders.js';
import type { Random } from './random.js';

/**
 * How shoppers browse around each order (a traffic profile, `producer/profiles/*.json`). A visit that
 * does not buy starts with a page view; with `productView` it goes on (the rest bounce) to
 * `extraPageViews` more pages on average, a search with `searchRate`, `productViews` product pages on
 * average; it adds to cart with `addToCart` and starts checkout with `checkout`. Each purchase comes
 * from its own visit that walks the whole funnel.
 */
export interface FunnelRates {
  /** Mean number of non-buying sessions per order (Poisson). */
  readonly browsingSessionsPerOrder: number;
  readonly productView: number;
  readonly addToCart: number;
  readonly checkout: number;
  readonly extraPageViews: number;
  readonly searchRate: number;
  readonly productViews: number;
}

const SHOP = 'https://shop.example.com';
/** Parsed once per user agent (the generator has a few dozen), not per event, by the collector's own parser. */
const parsedAgents = new Map<string, UserAgentFacts>();
function factsOf(userAgent: string): UserAgentFacts {
  let facts = parsedAgents.get(userAgent);
  if (!facts) {
    facts = userAgentFacts(userAgent);
    parsedAgents.set(userAgent, facts);
  }
  return facts;
}

interface SessionIdentity {
  readonly sessionId: string;
  readonly partyId: string;
  readonly customerId: string | null;
  readonly country: string;
  readonly userAgent: string;
  /** Where the visit came from: its first event carries it. */
  readonly attribution: Attribution;
}

class SessionWriter {
  readonly events: UserEvent[] = [];
  constructor(
    private readonly random: Random,
    private readonly identity: SessionIdentity,
  ) {}

  add(
    type: UserEvent['event_type'],
    tsMs: number,
    page: string,
    extra: { productId?: string; orderId?: string; customerId?: string | null } = {},
  ) {
    const first = this.events.length === 0;
    this.events.push({
      event_id: this.random.uuid(),
      session_id: this.identity.sessionId,
      party_id: this.identity.partyId,
      customer_id: extra.customerId !== undefined ? extra.customerId : this.identity.customerId,
      event_type: type,
      ts: new Date(tsMs).toISOString(),
      page_url: `${SHOP}${page}`,
      referrer: first ? this.identity.attribution.referrer : `${SHOP}/`,
      utm_source: first ? this.identity.attribution.utmSource : null,
      utm_medium: first ? this.identity.attribution.utmMedium : null,
      utm_campaign: first ? this.identity.attribution.utmCampaign : null,
      product_id: extra.productId ?? null,
      order_id: extra.orderId ?? null,
      user_agent: this.identity.userAgent,
      country: this.identity.country,
      // No browser here: no browser clock and no page view id; the rest is what the collector would derive.
      client_ts: null,
      page_view_id: null,
      ...factsOf(this.identity.userAgent),
      search_term: type === 'search' ? new URL(page, SHOP).searchParams.get('q') : null,
    });
  }
}

const gapMs = (random: Random) => random.int(5, 90) * 1000;

/** The buying session of an order: page_view → product views → add_to_cart per line → checkout_start → purchase. */
export function purchaseSession(order: OrderContext, catalogue: Catalogue, random: Random): UserEvent[] {
  const customer = order.customer;
  const identity: SessionIdentity = {
    sessionId: `S${random.hex(16)}`,
    partyId: customer.partyId,
    // New customers become known at checkout; returning ones are logged in from the start.
    customerId: order.returning ? customer.customerId : null,
    country: customer.country,
    userAgent: order.userAgent,
    attribution: order.attribution,
  };
  // Steps are laid out forward from a start time so that purchase.ts equals the order time exactly.
  const steps: Array<[UserEvent['event_type'], string, { productId?: string; orderId?: string; customerId?: string | null }]> = [
    ['page_view', '/', {}],
  ];
  if (random.chance(0.3)) steps.push(['search', `/search?q=${encodeURIComponent(order.products[0]?.category ?? 'gift')}`, {}]);
  for (const product of order.products) {
    const views = random.int(1, 2);
    for (let view = 0; view < views; view += 1) steps.push(['product_view', `/p/${product.productId}`, { productId: product.productId }]);
    steps.push(['add_to_cart', `/cart`, { productId: product.productId }]);
  }
  if (random.chance(0.1)) {
    const extra = pickProduct(catalogue, random);
    steps.push(['product_view', `/p/${extra.productId}`, { productId: extra.productId }]);
    steps.push(['add_to_cart', '/cart', { productId: extra.productId }]);
    steps.push(['remove_from_cart', '/cart', { productId: extra.productId }]);
  }
  steps.push(['checkout_start', '/checkout', { customerId: customer.customerId }]);
  steps.push(['purchase', '/checkout/confirmation', { orderId: order.orderId, customerId: customer.customerId }]);

  const gaps = steps.map(() => gapMs(random));
  const orderMs = Date.parse(order.orderTs);
  let ts = orderMs - gaps.slice(1).reduce((sum, gap) => sum + gap, 0);
  const writer = new SessionWriter(random, identity);
  steps.forEach(([type, page, extra], index) => {
    if (index > 0) ts += gaps[index] as number;
    writer.add(type, ts, page, extra);
  });
  return writer.events;
}

/** One session that does not buy: a bounce, a browse, an abandoned cart or an abandoned checkout. */
export function browsingSession(
  startMs: number,
  visitor: { readonly known: Customer | undefined; readonly country: string },
  catalogue: Catalogue,
  random: Random,
  rates: FunnelRates,
): UserEvent[] {
  const agent = pickAgent('browsing', random);
  const writer = new SessionWriter(random, {
    sessionId: `S${random.hex(16)}`,
    partyId: visitor.known?.partyId ?? `pty-${random.hex(16)}`,
    customerId: visitor.known?.customerId ?? null,
    country: visitor.country,
    userAgent: agent.userAgent,
    attribution: attributeVisit(startMs, random),
  });
  let ts = startMs;
  writer.add('page_view', ts, '/');
  if (!random.chance(rates.productView)) return writer.events;
  for (let page = countWithMean(rates.extraPageViews, 0, random); page > 0; page -= 1) {
    ts += gapMs(random);
    writer.add('page_view', ts, random.chance(0.8) ? `/c/${slugOf(pickProduct(catalogue, random).category)}` : random.pick(CONTENT_PAGES));
  }
  if (random.chance(rates.searchRate)) {
    ts += gapMs(random);
    writer.add('search', ts, `/search?q=${encodeURIComponent(pickProduct(catalogue, random).category.toLowerCase())}`);
  }
  const viewed = Array.from({ length: countWithMean(rates.productViews, 1, random) }, () => pickProduct(catalogue, random));
  for (const product of viewed) {
    ts += gapMs(random);
    writer.add('product_view', ts, `/p/${product.productId}`, { productId: product.productId });
  }
  if (!random.chance(rates.addToCart)) return writer.events;
  const carted = viewed[0];
  ts += gapMs(random);
  writer.add('add_to_cart', ts, '/cart', { productId: carted?.productId });
  if (!random.chance(rates.checkout)) return writer.events;
  ts += gapMs(random);
  writer.add('checkout_start', ts, '/checkout');
  return writer.events;
}

/** Pages that are not a category or a product. */
const CONTENT_PAGES = ['/offers', '/new', '/gift-ideas', '/help/delivery', '/help/returns'] as const;

const slugOf = (category: string) => category.toLowerCase().replace(/[^a-z]+/g, '-');

/**
 * A count of at least `min` with the given mean: `min` plus a geometric draw (a long tail, capped at
 * 50). No draw at all when the mean is `min`, so a profile without extra pages costs no randomness.
 */
function countWithMean(mean: number, min: number, random: Random): number {
  const extra = mean - min;
  if (extra <= 0) return min;
  const p = 1 / (1 + extra);
  return min + Math.min(50, Math.floor(Math.log(1 - random.next()) / Math.log(1 - p)));
}
