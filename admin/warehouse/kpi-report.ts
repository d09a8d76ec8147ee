import { formatDecimal, parseDecimal } from '../../lib/money.js';
import { FUNNEL_STEPS, type KpiResults, type KpiRow } from './kpi-definitions.js';

/** Average order value: revenue / orders rounded half up to the cent (exact, in integer cents). */
export function averageOrderValue(revenue: string, orders: number): string | null {
  if (orders === 0) return null;
  const cents = parseDecimal(revenue);
  const count = BigInt(orders);
  return formatDecimal((cents * 2n + count) / (2n * count));
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export interface KpiReport {
  readonly range: { readonly from: string; readonly to: string };
  readonly summary: { revenue: string; orders: number; units: number; lines: number; customers: number; aov: string | null };
  readonly revenueByHour: KpiRow[];
  readonly revenueByDay: KpiRow[];
  readonly topProducts: KpiRow[];
  readonly topCategories: KpiRow[];
  readonly revenueByCountry: KpiRow[];
  readonly revenueByChannel: KpiRow[];
  readonly newVsReturning: KpiRow[];
  readonly funnel: Array<{ step: string; sessions: number; ofFirstStep: number | null; ofPreviousStep: number | null }>;
  readonly cartAbandonment: { cartedSessions: number; purchasedSessions: number; abandonmentRate: number | null };
  readonly feedbackByFeature: Array<{ feature: string; responses: number; averageRating: number | null }>;
  readonly sessionsByDay: KpiRow[];
  /** Responses per rating, 1 to 5 (a rating nobody gave: 0). */
  readonly ratingDistribution: Array<{ rating: number; responses: number }>;
  readonly feedbackByDay: Array<{ day: string; responses: number; averageRating: number | null }>;
}

/** Builds the KPI report from normalised query results; all derived figures are computed here, once. */
export function assembleKpiReport(results: KpiResults, range: { from: Date; to: Date }): KpiReport {
  const summaryRow = results.summary[0] ?? { revenue: '0.00', orders: 0, units: 0, lines: 0, customers: 0 };
  const orders = Number(summaryRow.orders);
  const sessionsByStep = new Map(results.funnel.map((row) => [String(row.step), Number(row.sessions)]));
  const funnelCounts = FUNNEL_STEPS.map((step) => sessionsByStep.get(step) ?? 0);
  const cart = results.cart_abandonment[0] ?? { carted_sessions: 0, purchased_sessions: 0 };
  const carted = Number(cart.carted_sessions);
  const purchased = Number(cart.purchased_sessions);
  return {
    range: { from: range.from.toISOString(), to: range.to.toISOString() },
    summary: {
      revenue: String(summaryRow.revenue),
      orders,
      units: Number(summaryRow.units),
      lines: Number(summaryRow.lines),
      customers: Number(summaryRow.customers),
      aov: averageOrderValue(String(summaryRow.revenue), orders),
    },
    revenueByHour: results.revenue_by_hour,
    revenueByDay: results.revenue_by_day.map((row) => ({ ...row, aov: averageOrderValue(String(row.revenue), Number(row.orders)) })),
    topProducts: results.top_products,
    topCategories: results.top_categories,
    revenueByCountry: results.revenue_by_country,
    revenueByChannel: results.revenue_by_channel,
    newVsReturning: results.new_vs_returning.map((row) => ({ ...row, aov: averageOrderValue(String(row.revenue), Number(row.orders)) })),
    funnel: FUNNEL_STEPS.map((step, index) => ({
      step,
      sessions: funnelCounts[index] as number,
      ofFirstStep: ratio(funnelCounts[index] as number, funnelCounts[0] as number),
      ofPreviousStep: index === 0 ? null : ratio(funnelCounts[index] as number, funnelCounts[index - 1] as number),
    })),
    cartAbandonment: {
      cartedSessions: carted,
      purchasedSessions: purchased,
      abandonmentRate: carted === 0 ? null : (carted - purchased) / carted,
    },
    feedbackByFeature: results.feedback_by_feature.map((row) => ({
      feature: String(row.feature),
      responses: Number(row.responses),
      averageRating: ratio(Number(row.rating_sum), Number(row.responses)),
    })),
    sessionsByDay: results.sessions_by_day,
    ratingDistribution: [1, 2, 3, 4, 5].map((rating) => ({
      rating,
      responses: Number(results.rating_distribution.find((row) => Number(row.rating) === rating)?.responses ?? 0),
    })),
    feedbackByDay: results.feedback_by_day.map((row) => ({
      day: String(row.day),
      responses: Number(row.responses),
      averageRating: ratio(Number(row.rating_sum), Number(row.responses)),
    })),
  };
}
