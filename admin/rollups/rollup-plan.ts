/**
 * What a rollup refresh recomputes (pure). The rollups hold whole hours before `closedBefore`; the KPIs
 * read later hours from sales_lines itself. A refresh moves `closedBefore` to the current hour and
 * recomputes the hours that became closed, plus the earlier hours that received rows since the last
 * refresh (late or redelivered records), found by their ingestion time.
 */
export const HOUR_MS = 3_600_000;

/** Why SQL Server refuses rollups:refresh (its KPIs read the tables). */
export const MSSQL_HAS_NO_ROLLUPS =
  'SQL Server has no rollups: its KPIs read sales_lines directly (sql/KPIS.md, "Rollups"). Run rollups:refresh with --warehouse postgres or clickhouse.';

/** Rows whose transaction started this long before a refresh may still be invisible to it. */
export const DEFAULT_LATE_MARGIN_MS = 5 * 60_000;

export interface RollupState {
  /** Hours before this instant are in the rollups. */
  readonly closedBefore: Date;
  /** The warehouse's clock when the last refresh started. */
  readonly watermark: Date;
}

export interface HourRange {
  readonly from: Date;
  readonly to: Date;
}

export interface RefreshPlan {
  readonly ranges: HourRange[];
  readonly next: RollupState;
  /** Whole hours recomputed. */
  readonly hours: number;
}

export const floorHour = (date: Date): Date => new Date(Math.floor(date.getTime() / HOUR_MS) * HOUR_MS);

/** Where late rows are looked for: ingested at or after this instant. */
export const lateSince = (state: RollupState, marginMs: number = DEFAULT_LATE_MARGIN_MS): Date =>
  new Date(state.watermark.getTime() - marginMs);

/** Sorted, merged ranges of whole hours. */
export function mergeRanges(ranges: readonly HourRange[]): HourRange[] {
  const sorted = ranges.filter((range) => range.to > range.from).sort((a, b) => a.from.getTime() - b.from.getTime());
  const merged: { from: Date; to: Date }[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.from.getTime() <= last.to.getTime()) {
      if (range.to > last.to) last.to = range.to;
    } else merged.push({ from: range.from, to: range.to });
  }
  return merged;
}

/**
 * The refresh for `now` (the warehouse's clock): with no state yet, every hour before the current one
 * (the first build); otherwise the hours closed since, and the late hours (each a whole hour).
 */
export function planRefresh(state: RollupState | null, now: Date, lateHours: readonly Date[]): RefreshPlan {
  const closedBefore = floorHour(now);
  const previous = state?.closedBefore ?? new Date(0);
  const candidates: HourRange[] = [
    { from: previous, to: closedBefore },
    ...lateHours.map((hour) => ({ from: floorHour(hour), to: new Date(floorHour(hour).getTime() + HOUR_MS) })),
  ].map((range) => ({ from: range.from, to: range.to < closedBefore ? range.to : closedBefore }));
  const ranges = mergeRanges(candidates);
  const hours = ranges.reduce((sum, range) => sum + (range.to.getTime() - range.from.getTime()) / HOUR_MS, 0);
  return { ranges, next: { closedBefore: closedBefore > previous ? closedBefore : previous, watermark: now }, hours };
}
