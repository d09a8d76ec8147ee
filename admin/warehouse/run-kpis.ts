import { KPI_DEFINITIONS, type KpiResults } from './kpi-definitions.js';
import { assembleKpiReport, type KpiReport } from './kpi-report.js';
import { normalizeRows } from './normalize-values.js';
import { readKpiSql } from './sql-files.js';
import type { WarehouseConnection, WarehouseKpis } from './warehouse-adapter.js';

export interface KpiTiming {
  readonly kpi: string;
  readonly ms: number;
}

/** Runs every KPI file of the adapter's dialect over a time range and assembles the report. */
export async function runKpis(
  warehouse: WarehouseConnection & WarehouseKpis,
  range: { from: Date; to: Date },
): Promise<{ report: KpiReport; timings: KpiTiming[] }> {
  const results = {} as KpiResults;
  const timings: KpiTiming[] = [];
  for (const definition of KPI_DEFINITIONS) {
    const started = performance.now();
    const rows = await warehouse.queryRange(readKpiSql(warehouse.dialect, definition.name), range);
    timings.push({ kpi: definition.name, ms: performance.now() - started });
    results[definition.name] = normalizeRows(definition, rows);
  }
  return { report: assembleKpiReport(results, range), timings };
}

/** All time, as far as every dialect's timestamp types reach. */
export const ALL_TIME = { from: new Date('1970-01-01T00:00:00.000Z'), to: new Date('2200-01-01T00:00:00.000Z') } as const;
