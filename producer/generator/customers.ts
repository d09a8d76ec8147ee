import type { Random } from './random.js';

export interface Customer {
  readonly customerId: string;
  readonly partyId: string;
  readonly country: string;
  readonly city: string;
  orders: number;
}

/** Countries weighted by share of orders, with their main cities. */
export const COUNTRIES: readonly (readonly [{ code: string; cities: readonly string[] }, number])[] = [
  [{ code: 'US', cities: ['New York', 'Los Angeles', 'Chicago', 'Houston', 'Seattle'] }, 35],
  [{ code: 'GB', cities: ['London', 'Manchester', 'Birmingham', 'Leeds'] }, 12],
  [{ code: 'DE', cities: ['Berlin', 'Hamburg', 'Munich', 'Cologne'] }, 11],
  [{ code: 'FR', cities: ['Paris', 'Lyon', 'Marseille', 'Toulouse'] }, 9],
  [{ code: 'CA', cities: ['Toronto', 'Montreal', 'Vancouver'] }, 7],
  [{ code: 'AU', cities: ['Sydney', 'Melbourne', 'Brisbane'] }, 5],
  [{ code: 'NL', cities: ['Amsterdam', 'Rotterdam', 'Utrecht'] }, 4],
  [{ code: 'ES', cities: ['Madrid', 'Barcelona', 'Valencia'] }, 4],
  [{ code: 'IT', cities: ['Rome', 'Milan', 'Naples'] }, 4],
  [{ code: 'SE', cities: ['Stockholm', 'Gothenburg'] }, 3],
  [{ code: 'PL', cities: ['Warsaw', 'Krakow'] }, 3],
  [{ code: 'BR', cities: ['Sao Paulo', 'Rio de Janeiro'] }, 3],
];

/**
 * Customers: each order comes from a returning customer with probability `returningRate` (once any
 * exist), otherwise from a new one. Frequent buyers are likelier to come back.
 */
export class CustomerPool {
  private readonly customers: Customer[] = [];

  constructor(
    private readonly random: Random,
    private readonly returningRate: number,
  ) {}

  newCustomer(): Customer {
    const place = this.random.weighted(COUNTRIES);
    const customer: Customer = {
      customerId: `C${String(this.customers.length + 1).padStart(7, '0')}`,
      partyId: `pty-${this.random.hex(16)}`,
      country: place.code,
      city: this.random.pick(place.cities),
      orders: 0,
    };
    this.customers.push(customer);
    return customer;
  }

  /** A known customer, biased towards frequent buyers (two draws, keep the one with more orders). */
  existingCustomer(): Customer | undefined {
    if (this.customers.length === 0) return undefined;
    const first = this.random.pick(this.customers);
    const second = this.random.pick(this.customers);
    return first.orders >= second.orders ? first : second;
  }

  customerForOrder(): { customer: Customer; returning: boolean } {
    const existing = this.random.chance(this.returningRate) ? this.existingCustomer() : undefined;
    const customer = existing ?? this.newCustomer();
    const returning = customer.orders > 0;
    customer.orders += 1;
    return { customer, returning };
  }
}
