import { describe, expect, it } from 'vitest';
import { lateSince, mergeRanges, planRefresh } from '../../../admin/rollups/rollup-plan.js';

const t = (text: string) => new Date(`2025-03-01T${text}:00.000Z`);

describe('the rollup refresh plan', () => {
  it('builds every hour before the current one the first time', () => {
    const plan = planRefresh(null, t('10:42'), []);
    expect(plan.ranges).toEqual([{ from: new Date(0), to: t('10:00') }]);
    expect(plan.next).toEqual({ closedBefore: t('10:00'), watermark: t('10:42') });
  });

  it('then recomputes the hours closed since, and each late hour before them, merged into ranges', () => {
    const state = { closedBefore: t('10:00'), watermark: t('10:42') };
    const plan = planRefresh(state, t('12:05'), [t('03:17'), t('03:59'), t('04:00'), t('09:30'), t('11:10')]);
    expect(plan.ranges).toEqual([
      { from: t('03:00'), to: t('05:00') },
      { from: t('09:00'), to: t('12:00') },
    ]);
    expect(plan.hours).toBe(5);
    expect(plan.next).toEqual({ closedBefore: t('12:00'), watermark: t('12:05') });
  });

  it('recomputes nothing within the same hour when nothing arrived late', () => {
    const plan = planRefresh({ closedBefore: t('10:00'), watermark: t('10:42') }, t('10:50'), []);
    expect(plan.ranges).toEqual([]);
    expect(plan.next.closedBefore).toEqual(t('10:00'));
  });

  it('looks for late rows from a margin before the last refresh, and merges touching ranges', () => {
    expect(lateSince({ closedBefore: t('10:00'), watermark: t('10:42') }, 300_000)).toEqual(t('10:37'));
    expect(
      mergeRanges([
        { from: t('02:00'), to: t('03:00') },
        { from: t('01:00'), to: t('02:00') },
        { from: t('05:00'), to: t('05:00') },
      ]),
    ).toEqual([{ from: t('01:00'), to: t('03:00') }]);
  });
});
