import { type UserAgentFacts, userAgentFacts } from '../../lib/enrichment/user-agent.js';
import type { UserEvent } from '../../schemas/generated/event-types.js';
import { type Catalogue, pickProduct } from './catalogue.js';
import { COUNTRIES, type Customer } from './customers.js';
import type { OrderContext } from './orders.js';
import type { Random } from './random.js';

/**
 * Funnel step rates for sessions that do not buy. A session starts with a page_view; it goes on to
 * product views with `productView`, adds to cart with `addToCart`, starts checkout with `checkout`.
 * Each purchase comes from its own session that walks the whole funnel.
 */
export interface FunnelRates {
  /** Mean number of non-buying sessions per order (Poisson). */
  readonly browsingSessionsPerOrder: number;
  readonly productView: number;
  readonly addToCart: number;
  readonly checkout: number;
}

export const DEFAULT_FUNNEL: FunnelRates = { browsingSessionsPerOrder: 2.5, productView: 0.6, addToCart: 0.35, checkout: 0.4 };

const SHOP = 'https://shop.example.com';
const USER_AGENTS = {
  desktop: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  mobile:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  tablet: 'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
} as const;
/** Parsed once per user agent (the generator has three), not per event. */
const parsedAgents = new Map<string, UserAgentFacts>();
function factsOf(userAgent: string): UserAgentFacts {
  let facts = parsedAgents.get(userAgent);
  if (!facts) {
    facts = userAgentFacts(userAgent);
    parsedAgents.set(userAgent, facts);
  }
  return facts;
}
const REFERRERS = [null, 'https://www.google.com/', 'https://www.facebook.com/', 'https://www.instagram.com/', null] as const;

interface SessionIdentity {
  readonly sessionId: string;
  readonly partyId: string;
  readonly customerId: string | null;
  readonly country: string;
  readonly userAgent: string;
  readonly utmSource: string | null;
  readonly referrer: string | null;
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
      referrer: first ? this.identity.referrer : `${SHOP}/`,
      utm_source: first ? this.identity.utmSource : null,
      utm_medium: first && this.identity.utmSource ? (this.identity.utmSource === 'newsletter' ? 'email' : 'cpc') : null,
      utm_campaign: first && this.identity.utmSource ? 'autumn-sale' : null,
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
    userAgent: USER_AGENTS[order.device],
    utmSource: order.utmSource,
    referrer: order.utmSource ? `https://www.${order.utmSource}.com/` : random.pick(REFERRERS),
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
  known: Customer | undefined,
  catalogue: Catalogue,
  random: Random,
  rates: FunnelRates,
): UserEvent[] {
  const place = random.weighted(COUNTRIES);
  const device = random.weighted([
    ['desktop', 50],
    ['mobile', 42],
    ['tablet', 8],
  ] as const);
  const utmSource = random.chance(0.4) ? random.pick(['google', 'facebook', 'instagram', 'newsletter', 'tiktok']) : null;
  const writer = new SessionWriter(random, {
    sessionId: `S${random.hex(16)}`,
    partyId: known?.partyId ?? `pty-${random.hex(16)}`,
    customerId: known?.customerId ?? null,
    country: known?.country ?? place.code,
    userAgent: USER_AGENTS[device],
    utmSource,
    referrer: utmSource ? `https://www.${utmSource}.com/` : random.pick(REFERRERS),
  });
  let ts = startMs;
  writer.add('page_view', ts, '/');
  if (!random.chance(rates.productView)) return writer.events;
  const viewed = Array.from({ length: random.int(1, 3) }, () => pickProduct(catalogue, random));
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
