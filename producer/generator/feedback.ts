import type { Feedback } from '../../schemas/generated/event-types.js';
import { COMMENTS, toneOf } from './feedback-words.js';
import type { OrderContext } from './orders.js';
import type { Random } from './random.js';

type Feature = Feedback['feature'];
type RatingWeights = readonly [number, number, number, number, number];

export const FEATURE_WEIGHTS: readonly (readonly [Feature, number])[] = [
  ['checkout', 20],
  ['delivery', 20],
  ['product_pages', 15],
  ['search', 15],
  ['payment', 10],
  ['mobile_app', 10],
  ['customer_service', 10],
];

/**
 * Rating skew (weights of 1…5 stars): most features lean positive (mean ≈ 4.0); delivery and the
 * mobile app run lower (≈ 3.5); customer service is polarised (many 5s and a bump at 1).
 */
export const RATING_WEIGHTS: Readonly<Record<Feature, RatingWeights>> = {
  search: [4, 6, 15, 35, 40],
  product_pages: [3, 5, 14, 38, 40],
  checkout: [4, 6, 15, 35, 40],
  payment: [3, 4, 12, 36, 45],
  delivery: [10, 12, 20, 30, 28],
  mobile_app: [8, 10, 20, 32, 30],
  customer_service: [15, 8, 12, 25, 40],
};

function comment(feature: Feature, rating: number, random: Random): string {
  if (random.chance(0.2)) return '';
  return random.pick(COMMENTS[feature][toneOf(rating)]);
}

/** Feedback from the customer of an order, some minutes after it. */
export function feedbackFor(order: OrderContext, random: Random): Feedback {
  const feature = random.weighted(FEATURE_WEIGHTS);
  const weights = RATING_WEIGHTS[feature];
  const rating = random.weighted(weights.map((weight, index) => [index + 1, weight] as const));
  return {
    feedback_id: random.uuid(),
    ts: new Date(Date.parse(order.orderTs) + random.int(10, 120) * 60_000).toISOString(),
    customer_id: order.customer.customerId,
    feature,
    rating,
    comment: comment(feature, rating, random),
  };
}
