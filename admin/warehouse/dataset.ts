import { DEFAULT_GENERATOR_OPTIONS, OrderGenerator } from '../../producer/generator/generator.js';
import { COMPACT_FUNNEL } from '../../producer/generator/traffic-profiles.js';
import type { Feedback, SalesEvent, UserEvent } from '../../schemas/generated/event-types.js';

export interface Dataset {
  readonly sales_lines: SalesEvent[];
  readonly user_events: UserEvent[];
  readonly feedback: Feedback[];
  readonly revenueCents: bigint;
}

/**
 * A seeded dataset from the same generator the producer uses: N orders with their clickstream and
 * feedback, held in memory, so with the compact traffic profile (about 14 clickstream events per order).
 */
export function generateDataset(options: { orders: number; seed: number; startMs: number }): Dataset {
  const generator = new OrderGenerator({
    ...DEFAULT_GENERATOR_OPTIONS,
    funnel: COMPACT_FUNNEL,
    seed: options.seed,
    startMs: options.startMs,
  });
  const dataset: Dataset = { sales_lines: [], user_events: [], feedback: [], revenueCents: 0n };
  for (let index = 0; index < options.orders; index += 1) {
    const batch = generator.next();
    dataset.sales_lines.push(...batch.sales);
    dataset.user_events.push(...batch.clickstream);
    dataset.feedback.push(...batch.feedback);
  }
  dataset.sales_lines.push(...generator.drain());
  return { ...dataset, revenueCents: generator.totals.revenueCents };
}
