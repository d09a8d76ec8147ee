import { parseDecimal } from '../../lib/money.js';
import type { Feedback, SalesEvent, UserEvent } from '../../schemas/generated/event-types.js';
import { campaignConversionLift, campaignTrafficLift } from './campaigns.js';
import { buildCatalogue, type Catalogue } from './catalogue.js';
import { browsingSession, type FunnelRates, purchaseSession } from './clickstream.js';
import { CustomerPool } from './customers.js';
import { feedbackFor } from './feedback.js';
import { orderLines, planOrder } from './orders.js';
import { nextOrderGapMs, pickPlace, shareOf } from './places.js';
import { createRandom, type Random } from './random.js';
import { REALISTIC_FUNNEL } from './traffic-profiles.js';

export interface GeneratorOptions {
  readonly seed: number;
  /** Event time of the first order (epoch ms); the simulated clock advances from here. */
  readonly startMs: number;
  readonly ordersPerDay: number;
  readonly currency: string;
  readonly returningRate: number;
  readonly discountRate: number;
  readonly maxLinesPerOrder: number;
  readonly funnel: FunnelRates;
  /** Probability that an order leaves feedback. */
  readonly feedbackRate: number;
  /** Probability that an order's sales lines are sent late (after 1–20 later orders). */
  readonly lateRate: number;
}

export const DEFAULT_GENERATOR_OPTIONS: Omit<GeneratorOptions, 'seed' | 'startMs'> = {
  ordersPerDay: 5_000,
  currency: 'USD',
  returningRate: 0.3,
  discountRate: 0.2,
  maxLinesPerOrder: 6,
  funnel: REALISTIC_FUNNEL,
  feedbackRate: 0.15,
  lateRate: 0,
};

/** What one step of the generator yields: events to send now, per stream. */
export interface GeneratedBatch {
  /** The order generated in this step (its lines may be held back when late). */
  readonly orderId: string;
  readonly sales: SalesEvent[];
  readonly clickstream: UserEvent[];
  readonly feedback: Feedback[];
}

/** A batch's events with their streams, in the order they are sent: sales, clickstream, feedback. */
export function eventsByStream(batch: GeneratedBatch): Array<['sales', SalesEvent] | ['clickstream', UserEvent] | ['feedback', Feedback]> {
  return [
    ...batch.sales.map((event) => ['sales', event] as ['sales', SalesEvent]),
    ...batch.clickstream.map((event) => ['clickstream', event] as ['clickstream', UserEvent]),
    ...batch.feedback.map((event) => ['feedback', event] as ['feedback', Feedback]),
  ];
}

export interface GeneratorTotals {
  orders: number;
  lines: number;
  units: number;
  /** Sum of line_total in cents over every order generated (late ones included). */
  revenueCents: bigint;
  clickstreamEvents: number;
  feedback: number;
}

/**
 * The pure, seeded generator: no I/O, no clock. The same seed and options give the same sequence of
 * batches, byte for byte.
 */
export class OrderGenerator {
  private readonly random: Random;
  private readonly catalogue: Catalogue;
  private readonly customers: CustomerPool;
  private clockMs: number;
  private orderNumber = 0;
  private readonly held: Array<{ releaseAfter: number; lines: SalesEvent[] }> = [];
  readonly totals: GeneratorTotals = { orders: 0, lines: 0, units: 0, revenueCents: 0n, clickstreamEvents: 0, feedback: 0 };

  constructor(private readonly options: GeneratorOptions) {
    this.random = createRandom(options.seed);
    this.catalogue = buildCatalogue(this.random);
    this.customers = new CustomerPool(this.random, options.returningRate, options.startMs, options.ordersPerDay);
    this.clockMs = options.startMs;
  }

  get products() {
    return this.catalogue.products;
  }

  /** Generates the next order with its sessions and feedback, plus any late lines now due. */
  next(): GeneratedBatch {
    const random = this.random;
    const previousMs = this.clockMs;
    // Campaigns bring more visits and convert more of them: both lift the order rate, and a higher
    // conversion means fewer visits that do not buy per order.
    const conversionLift = campaignConversionLift(this.clockMs);
    const ordersPerDay = this.options.ordersPerDay * campaignTrafficLift(this.clockMs) * conversionLift;
    this.clockMs += nextOrderGapMs(this.clockMs, ordersPerDay, random.next());
    this.orderNumber += 1;
    // Where the order comes from follows each place's own clock; its customer lives there.
    const place = pickPlace(this.clockMs, random);
    const buyer = this.customers.customerForOrder(place, shareOf(place), this.clockMs);
    const order = planOrder(this.orderNumber, this.clockMs, buyer, this.catalogue, random, this.options);
    const lines = orderLines(order, random, this.options);

    const clickstream: UserEvent[] = [];
    const browsing = random.poisson(this.options.funnel.browsingSessionsPerOrder / conversionLift);
    for (let index = 0; index < browsing; index += 1) {
      const startMs = previousMs + Math.floor(random.next() * (this.clockMs - previousMs));
      const known = random.chance(0.3) ? this.customers.existingCustomer() : undefined;
      const country = known?.country ?? pickPlace(startMs, random).country;
      clickstream.push(...browsingSession(startMs, { known, country }, this.catalogue, random, this.options.funnel));
    }
    clickstream.push(...purchaseSession(order, this.catalogue, random));
    const feedback = random.chance(this.options.feedbackRate) ? [feedbackFor(order, random)] : [];

    this.count(lines, clickstream, feedback);
    const sales = this.releaseDue();
    if (random.chance(this.options.lateRate)) {
      this.held.push({ releaseAfter: this.orderNumber + random.int(1, 20), lines });
    } else {
      sales.push(...lines);
    }
    return { orderId: order.orderId, sales, clickstream, feedback };
  }

  /** Lines still held back as late; call at the end so every generated line is sent. */
  drain(): SalesEvent[] {
    return this.held.splice(0).flatMap((entry) => entry.lines);
  }

  private releaseDue(): SalesEvent[] {
    const due: SalesEvent[] = [];
    for (let index = this.held.length - 1; index >= 0; index -= 1) {
      const entry = this.held[index];
      if (entry && entry.releaseAfter <= this.orderNumber) {
        due.unshift(...entry.lines);
        this.held.splice(index, 1);
      }
    }
    return due;
  }

  private count(lines: SalesEvent[], clickstream: UserEvent[], feedback: Feedback[]): void {
    this.totals.orders += 1;
    this.totals.lines += lines.length;
    for (const line of lines) {
      this.totals.units += line.quantity;
      this.totals.revenueCents += parseDecimal(line.line_total);
    }
    this.totals.clickstreamEvents += clickstream.length;
    this.totals.feedback += feedback.length;
  }
}
