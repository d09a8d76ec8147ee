import { expect } from 'vitest';
import type { KpiReport } from '../../admin/warehouse/kpi-report.js';

/** Rates compared within 1e-9, everything else exactly. */
export function expectSameReport(actual: KpiReport, expected: KpiReport): void {
  const withoutRates = (report: KpiReport) => ({
    ...report,
    funnel: report.funnel.map(({ ofFirstStep: _a, ofPreviousStep: _b, ...rest }) => rest),
    cartAbandonment: { ...report.cartAbandonment, abandonmentRate: 0 },
    feedbackByFeature: report.feedbackByFeature.map(({ averageRating: _c, ...rest }) => rest),
    feedbackByDay: report.feedbackByDay.map(({ averageRating: _d, ...rest }) => rest),
  });
  expect(withoutRates(actual)).toEqual(withoutRates(expected));
  const rates = (report: KpiReport) => [
    ...report.funnel.flatMap((step) => [step.ofFirstStep ?? -1, step.ofPreviousStep ?? -1]),
    report.cartAbandonment.abandonmentRate ?? -1,
    ...report.feedbackByFeature.map((row) => row.averageRating ?? -1),
    ...report.feedbackByDay.map((row) => row.averageRating ?? -1),
  ];
  const expectedRates = rates(expected);
  const actualRates = rates(actual);
  expect(actualRates).toHaveLength(expectedRates.length);
  for (const [index, rate] of actualRates.entries()) expect(Math.abs(rate - (expectedRates[index] as number))).toBeLessThan(1e-9);
}
