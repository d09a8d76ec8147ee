import type { Place } from './places.js';
import type { Random } from './random.js';

export interface Customer {
  readonly customerId: string;
  readonly partyId: string;
  readonly country: string;
  readonly city: string;
  orders: number;
  /** When this customer is ready to buy again (epoch ms). */
  nextOrderAtMs: number;
  /** Their own mean time between orders: some buy monthly, most a few times a year. */
  readonly meanGapDays: number;
}

const DAY_MS = 86_400_000;
/** Median time between a customer's orders; spread log-normally (σ 0.8) around it. */
export const MEDIAN_REPURCHASE_DAYS = 45;
/** Nobody orders again within a day of their last order. */
export const MIN_REPURCHASE_MS = DAY_MS;
/**
 * Customers from before the run come back at this share of the order rate during their first
 * cycle: the returning share starts near it and grows as the run's own customers come back.
 */
export const PRIOR_CUSTOMER_RATE = 0.1;

/** A min-heap of customers by `nextOrderAtMs`. */
class DueQueue {
  private readonly heap: Customer[] = [];
  get size() {
    return this.heap.length;
  }
  peek(): Customer | undefined {
    return this.heap[0];
  }
  push(customer: Customer): void {
    const heap = this.heap;
    heap.push(customer);
    for (let index = heap.length - 1; index > 0; ) {
      const parent = (index - 1) >> 1;
      if ((heap[parent] as Customer).nextOrderAtMs <= customer.nextOrderAtMs) break;
      heap[index] = heap[parent] as Customer;
      heap[parent] = customer;
      index = parent;
    }
  }
  pop(): Customer | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || !last) return top;
    heap[0] = last;
    for (let index = 0; ; ) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && (heap[left] as Customer).nextOrderAtMs < (heap[smallest] as Customer).nextOrderAtMs) smallest = left;
      if (right < heap.length && (heap[right] as Customer).nextOrderAtMs < (heap[smallest] as Customer).nextOrderAtMs) smallest = right;
      if (smallest === index) break;
      [heap[index], heap[smallest]] = [heap[smallest] as Customer, heap[index] as Customer];
      index = smallest;
    }
    return top;
  }
}

/**
 * The shop's customers, a population that exists before the run: each place has customers who bought
 * before it started and come back over their first cycle, and each new customer comes back after
 * their own time between orders (never within a day). An order from a place is a returning customer's
 * with probability `returningRate` when one of that place is ready to buy again; otherwise a new one's.
 * So the returning share starts low and grows over the first weeks, and nobody buys twice in minutes.
 */
export class CustomerPool {
  private readonly customers: Customer[] = [];
  private readonly due = new Map<string, DueQueue>();
  /** Per place, when the next customer from before the run becomes ready to buy again. */
  private readonly priorArrivalMs = new Map<string, number>();

  constructor(
    private readonly random: Random,
    private readonly returningRate: number,
    private readonly startMs: number,
    /** Orders per day of the whole shop: the rate customers from before the run come back at scales with it. */
    private readonly ordersPerDay: number,
  ) {}

  private queueOf(place: Place): DueQueue {
    const key = `${place.country}/${place.city}`;
    let queue = this.due.get(key);
    if (!queue) {
      queue = new DueQueue();
      this.due.set(key, queue);
    }
    return queue;
  }

  private create(place: Place, readyAtMs: number): Customer {
    const customer: Customer = {
      customerId: `C${String(this.customers.length + 1).padStart(7, '0')}`,
      partyId: `pty-${this.random.hex(16)}`,
      country: place.country,
      city: place.city,
      orders: 0,
      nextOrderAtMs: readyAtMs,
      meanGapDays: MEDIAN_REPURCHASE_DAYS * Math.exp(0.8 * this.random.normal()),
    };
    this.customers.push(customer);
    return customer;
  }

  /** Customers from before the run who are ready again by `nowMs` (a Poisson stream over their first cycle). */
  private admitPriorCustomers(place: Place, placeShare: number, nowMs: number): void {
    const ratePerMs = (PRIOR_CUSTOMER_RATE * this.ordersPerDay * placeShare) / DAY_MS;
    if (ratePerMs <= 0) return;
    const endMs = this.startMs + MEDIAN_REPURCHASE_DAYS * DAY_MS;
    const key = `${place.country}/${place.city}`;
    let at = this.priorArrivalMs.get(key) ?? this.startMs + this.random.exponential(1 / ratePerMs);
    while (at <= nowMs && at <= endMs) {
      const customer = this.create(place, at);
      customer.orders = 1; // bought before the run
      this.queueOf(place).push(customer);
      at += this.random.exponential(1 / ratePerMs);
    }
    this.priorArrivalMs.set(key, at);
  }

  /** A known customer (for a visit by a logged-in shopper), biased towards frequent buyers. */
  existingCustomer(): Customer | undefined {
    if (this.customers.length === 0) return undefined;
    const first = this.random.pick(this.customers);
    const second = this.random.pick(this.customers);
    return first.orders >= second.orders ? first : second;
  }

  /** Who places an order from `place` at `nowMs`; `placeShare` is the place's share of all orders. */
  customerForOrder(place: Place, placeShare: number, nowMs: number): { customer: Customer; returning: boolean } {
    this.admitPriorCustomers(place, placeShare, nowMs);
    const queue = this.queueOf(place);
    const ready = (queue.peek()?.nextOrderAtMs ?? Number.POSITIVE_INFINITY) <= nowMs;
    const returning = ready && this.random.chance(this.returningRate);
    const customer = returning ? (queue.pop() as Customer) : this.create(place, nowMs);
    customer.orders += 1;
    const gapMs = Math.max(MIN_REPURCHASE_MS, this.random.exponential(customer.meanGapDays * DAY_MS));
    customer.nextOrderAtMs = nowMs + gapMs;
    queue.push(customer);
    return { customer, returning };
  }
}
