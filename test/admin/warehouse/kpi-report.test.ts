import { describe, expect, it } from 'vitest';
import { renderKpiHtml } from '../../../admin/kpis/render-svg-charts.js';
import type { KpiResults } from '../../../admin/warehouse/kpi-definitions.js';
import { assembleKpiReport, averageOrderValue } from '../../../admin/warehouse/kpi-report.js';
import { normalizeValue } from '../../../admin/warehouse/normalize-values.js';

const empty: KpiResults = {
  summary: [],
  revenue_by_hour: [],
  revenue_by_day: [],
  top_products: [],
  top_categories: [],
  revenue_by_country: [],
  revenue_by_channel: [],
  new_vs_returning: [],
  funnel: [],
  cart_abandonment: [],
  feedback_by_feature: [],
  sessions_by_day: [],
  rating_distribution: [],
  feedback_by_day: [],
};
const range = { from: new Date('2025-01-01T00:00:00.000Z'), to: new Date('2025-01-02T00:00:00.000Z') };

describe('KPI assembly', () => {
  it('rounds the average order value half up to the cent, exactly', () => {
    expect(averageOrderValue('10.00', 3)).toBe('3.33');
    expect(averageOrderValue('0.05', 2)).toBe('0.03');
    expect(averageOrderValue('0.01', 2)).toBe('0.01');
    expect(averageOrderValue('100.00', 0)).toBeNull();
  });

  it('orders the funnel steps and computes rates against the first and the previous step', () => {
    const report = assembleKpiReport(
      {
        ...empty,
        funnel: [
          { step: 'purchase', sessions: 10 },
          { step: 'page_view', sessions: 100 },
          { step: 'add_to_cart', sessions: 20 },
          { step: 'product_view', sessions: 50 },
        ],
        cart_abandonment: [{ carted_sessions: 20, purchased_sessions: 10 }],
        feedback_by_feature: [{ feature: 'delivery', responses: 4, rating_sum: 14 }],
      },
      range,
    );
    expect(report.funnel).toEqual([
      { step: 'page_view', sessions: 100, ofFirstStep: 1, ofPreviousStep: null },
      { step: 'product_view', sessions: 50, ofFirstStep: 0.5, ofPreviousStep: 0.5 },
      { step: 'add_to_cart', sessions: 20, ofFirstStep: 0.2, ofPreviousStep: 0.4 },
      { step: 'checkout_start', sessions: 0, ofFirstStep: 0, ofPreviousStep: 0 },
      { step: 'purchase', sessions: 10, ofFirstStep: 0.1, ofPreviousStep: null },
    ]);
    expect(report.cartAbandonment).toEqual({ cartedSessions: 20, purchasedSessions: 10, abandonmentRate: 0.5 });
    expect(report.feedbackByFeature).toEqual([{ feature: 'delivery', responses: 4, averageRating: 3.5 }]);
    expect(report.summary).toEqual({ revenue: '0.00', orders: 0, units: 0, lines: 0, customers: 0, aov: null });
  });

  it('lists all five ratings (0 for one nobody gave) and averages the feedback of each day', () => {
    const report = assembleKpiReport(
      {
        ...empty,
        rating_distribution: [
          { rating: 5, responses: 7 },
          { rating: 2, responses: 1 },
        ],
        feedback_by_day: [{ day: '2025-01-01', responses: 8, rating_sum: 37 }],
        sessions_by_day: [{ day: '2025-01-01', sessions: 12 }],
      },
      range,
    );
    expect(report.ratingDistribution).toEqual([
      { rating: 1, responses: 0 },
      { rating: 2, responses: 1 },
      { rating: 3, responses: 0 },
      { rating: 4, responses: 0 },
      { rating: 5, responses: 7 },
    ]);
    expect(report.feedbackByDay).toEqual([{ day: '2025-01-01', responses: 8, averageRating: 4.625 }]);
    expect(report.sessionsByDay).toEqual([{ day: '2025-01-01', sessions: 12 }]);
  });

  it('normalises driver values so every dialect yields the same', () => {
    expect(normalizeValue('money', '12.5')).toBe('12.50');
    expect(normalizeValue('money', '12.5000')).toBe('12.50');
    expect(normalizeValue('money', 12.5)).toBe('12.50');
    expect(normalizeValue('money', '1234567.80')).toBe('1234567.80');
    expect(normalizeValue('count', '42')).toBe(42);
    expect(normalizeValue('hour', '2025-01-31 12:00:00')).toBe('2025-01-31T12:00:00.000Z');
    expect(normalizeValue('hour', '2025-01-31 12:00:00.000')).toBe('2025-01-31T12:00:00.000Z');
    expect(normalizeValue('hour', new Date('2025-01-31T12:00:00.000Z'))).toBe('2025-01-31T12:00:00.000Z');
    expect(normalizeValue('day', '2025-01-31')).toBe('2025-01-31');
    expect(normalizeValue('day', new Date('2025-01-31T00:00:00.000Z'))).toBe('2025-01-31');
  });

  it('renders a self-contained HTML page with both charts', () => {
    const report = assembleKpiReport(
      {
        ...empty,
        summary: [{ revenue: '30.00', orders: 2, units: 3, lines: 2, customers: 2 }],
        revenue_by_hour: [
          { bucket: '2025-01-01T10:00:00.000Z', revenue: '10.00', orders: 1 },
          { bucket: '2025-01-01T12:00:00.000Z', revenue: '20.00', orders: 1 },
        ],
        top_products: [{ product_id: 'P1', product_name: 'Mug <b>', category: 'Home', revenue: '30.00', units: 3, lines: 2 }],
      },
      range,
    );
    const html = renderKpiHtml(report, 'PostgreSQL at test');
    expect(html).toContain('15.00 USD');
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html.match(/<rect /g)).toHaveLength(3);
    expect(html).toContain('Mug &lt;b&gt; (P1)');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });
});
