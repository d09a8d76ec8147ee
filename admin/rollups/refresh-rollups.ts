/**
 * One rollup refresh: reads the warehouse's clock and the last state, finds the late hours, recomputes
 * what the plan says, and records the new state. `rebuild` empties the rollups first (every hour again).
 */
import type { WarehouseConnection, WarehouseRollups } from '../warehouse/warehouse-adapter.js';
import { DEFAULT_LATE_MARGIN_MS, type HourRange, lateSince, planRefresh } from './rollup-plan.js';

export interface RefreshOutcome {
  readonly ranges: HourRange[];
  readonly hours: number;
  readonly closedBefore: Date;
  readonly lateHours: number;
  /** No earlier refresh (or --rebuild): every hour before closedBefore was built. */
  readonly firstBuild: boolean;
  readonly ms: number;
}

export async function refreshRollups(
  warehouse: WarehouseConnection & WarehouseRollups,
  options: { rebuild?: boolean; lateMarginMs?: number } = {},
): Promise<RefreshOutcome> {
  const started = performance.now();
  if (options.rebuild) await warehouse.clearRollups();
  const now = await warehouse.warehouseNow();
  const state = await warehouse.rollupState();
  const late = state
    ? await warehouse.lateRollupHours(lateSince(state, options.lateMarginMs ?? DEFAULT_LATE_MARGIN_MS), state.closedBefore)
    : [];
  const plan = planRefresh(state, now, late);
  await warehouse.applyRollupRefresh(plan.ranges, plan.next);
  return {
    ranges: plan.ranges,
    hours: plan.hours,
    closedBefore: plan.next.closedBefore,
    lateHours: late.length,
    firstBuild: state === null,
    ms: performance.now() - started,
  };
}

/** One line about a refresh, for people. */
export function describeRefresh(outcome: RefreshOutcome): string {
  const what = outcome.firstBuild
    ? 'built every hour'
    : outcome.ranges.length === 0
      ? 'nothing to recompute'
      : `${outcome.hours} hour(s) recomputed in ${outcome.ranges.length} range(s)${outcome.lateHours > 0 ? `, ${outcome.lateHours} with late rows` : ''}`;
  return `rollups: ${what}; closed before ${outcome.closedBefore.toISOString()} (${Math.round(outcome.ms)} ms)`;
}
