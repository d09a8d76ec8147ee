import { basename } from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import type { FileProblem } from '../file-problem.js';
import type { ColumnKind } from '../warehouse/kpi-definitions.js';
import { type Card, type ChartType, type Dashboard, type DashboardFile, GRID_COLUMNS, metricColumns } from './dashboard-definition.js';
import { CHART_TYPES_OF, type DashboardTarget } from './dashboard-targets.js';

export interface DashboardFileText {
  /** Path shown in messages, e.g. dashboards/sales.json. */
  readonly path: string;
  readonly text: string;
}

/** What the checks know of the KPI files: each one's columns and their kinds (admin/warehouse/kpi-definitions.ts). */
export type KpiColumns = ReadonlyMap<string, Readonly<Record<string, ColumnKind>>>;

const NEEDS_X: ReadonlySet<ChartType> = new Set(['line', 'bar', 'row', 'pie', 'funnel', 'heatmap']);
const ONE_METRIC: ReadonlySet<ChartType> = new Set(['number', 'pie', 'funnel', 'heatmap']);
const NUMERIC: ReadonlySet<ColumnKind> = new Set(['money', 'count']);

function schemaProblem(error: ErrorObject): { pointer: string; problem: string } {
  switch (error.keyword) {
    case 'required':
      return { pointer: `${error.instancePath}/${String(error.params.missingProperty)}`, problem: 'is required' };
    case 'additionalProperties':
      return {
        pointer: `${error.instancePath}/${String(error.params.additionalProperty)}`,
        problem: 'is not a field of a dashboard definition (a typo?); dashboards/dashboard.schema.json lists the fields',
      };
    case 'enum':
      return { pointer: error.instancePath, problem: `is not allowed; valid: ${(error.params.allowedValues as string[]).join(', ')}` };
    default:
      return { pointer: error.instancePath, problem: error.message ?? error.keyword };
  }
}

/** The problems of one card against the KPI it names and the targets it will be drawn on. */
function cardProblems(card: Card, kpis: KpiColumns, targets: readonly DashboardTarget[]): Array<{ field: string; problem: string }> {
  const problems: Array<{ field: string; problem: string }> = [];
  const add = (field: string, problem: string) => problems.push({ field, problem });
  for (const target of targets) {
    if (!CHART_TYPES_OF[target].includes(card.chart))
      add('chart', `"${card.chart}" is not a chart type ${target} has; choose from ${CHART_TYPES_OF[target].join(', ')}`);
  }
  const columns = kpis.get(card.kpi);
  if (!columns) {
    add('kpi', `"${card.kpi}" is not a KPI file of sql/<dialect>/kpis/; valid: ${[...kpis.keys()].join(', ')}`);
    return problems;
  }
  const names = Object.keys(columns);
  const column = (field: string, name: string, numeric: boolean) => {
    const kind = columns[name];
    if (kind === undefined) add(field, `"${name}" is not a column of ${card.kpi}; its columns: ${names.join(', ')}`);
    else if (numeric && !NUMERIC.has(kind))
      add(
        field,
        `"${name}" is a ${kind} column of ${card.kpi}, not a number; numeric columns: ${names.filter((n) => NUMERIC.has(columns[n] as ColumnKind)).join(', ')}`,
      );
  };
  if (NEEDS_X.has(card.chart)) {
    if (card.x === undefined) add('x', `is required for a ${card.chart} chart: the ${card.kpi} column along its axis`);
    else column('x', card.x, false);
  } else if (card.x !== undefined) add('x', `is not used by a ${card.chart} chart; remove it`);
  if (card.chart === 'heatmap') {
    if (card.y === undefined) add('y', `is required for a heatmap: the ${card.kpi} column along its y axis`);
    else column('y', card.y, false);
  } else if (card.y !== undefined) add('y', `is only used by a heatmap; remove it`);
  if (card.chart === 'table') {
    if (card.columns === undefined) add('columns', `is required for a table: the ${card.kpi} columns to show`);
    for (const [index, name] of (card.columns ?? []).entries()) column(`columns/${index}`, name, false);
    if (card.metrics !== undefined) add('metrics', 'is not used by a table (it shows columns); remove it');
    return problems;
  }
  if (card.columns !== undefined) add('columns', `is only used by a table; remove it`);
  if (card.metrics === undefined) add('metrics', `is required for a ${card.chart} chart: the numeric ${card.kpi} columns it shows`);
  else if (ONE_METRIC.has(card.chart) && card.metrics.length > 1)
    add('metrics', `a ${card.chart} chart shows one metric, not ${card.metrics.length}; split it into several cards`);
  for (const [index, metric] of (card.metrics ?? []).entries()) {
    for (const [part, name] of metricColumns(metric).entries())
      column(typeof metric === 'string' ? `metrics/${index}` : `metrics/${index}/ratio/${part}`, name, true);
  }
  return problems;
}

/** The first card an earlier card's cell overlaps, if any. */
function overlapOf(cards: readonly Card[], index: number): { other: number; column: number; row: number } | undefined {
  const a = cards[index] as Card;
  for (let other = 0; other < index; other++) {
    const b = (cards[other] as Card).position;
    const left = Math.max(a.position.x, b.x);
    const top = Math.max(a.position.y, b.y);
    if (left < Math.min(a.position.x + a.position.w, b.x + b.w) && top < Math.min(a.position.y + a.position.h, b.y + b.h))
      return { other, column: left, row: top };
  }
  return undefined;
}

/**
 * Offline checks of dashboard files: JSON, dashboard.schema.json, the slug equal to the file name and
 * unique, card ids unique, every card's KPI file and columns real and of the right kind, every chart
 * type drawn by each target, every cell inside the 12-column grid and on no other. Pure: no I/O.
 */
export function validateDashboards(
  files: readonly DashboardFileText[],
  schema: object,
  kpis: KpiColumns,
  targets: readonly DashboardTarget[],
): { dashboards: DashboardFile[]; problems: FileProblem[] } {
  const validateShape = new Ajv2020({ strict: true, allErrors: true }).compile<Dashboard>(schema);
  const problems: FileProblem[] = [];
  const dashboards: DashboardFile[] = [];
  const slugs = new Map<string, string>();
  for (const file of files) {
    const add = (pointer: string, problem: string) => problems.push({ file: file.path, pointer, problem });
    const before = problems.length;
    let parsed: unknown;
    try {
      parsed = JSON.parse(file.text);
    } catch (error) {
      add('', `is not valid JSON (${(error as Error).message})`);
      continue;
    }
    if (!validateShape(parsed)) {
      for (const error of validateShape.errors ?? []) {
        const { pointer, problem } = schemaProblem(error);
        add(pointer, problem);
      }
      continue;
    }
    const dashboard = parsed;
    const expectedSlug = basename(file.path, '.json');
    if (dashboard.slug !== expectedSlug) add('/slug', `"${dashboard.slug}" must equal the file name, "${expectedSlug}"`);
    const previous = slugs.get(dashboard.slug);
    if (previous) add('/slug', `"${dashboard.slug}" is also the slug of ${previous}; each dashboard needs its own`);
    slugs.set(dashboard.slug, file.path);
    const ids = new Map<string, number>();
    for (const [index, card] of dashboard.cards.entries()) {
      const at = `/cards/${index}`;
      const sameId = ids.get(card.id);
      if (sameId !== undefined) add(`${at}/id`, `"${card.id}" is also the id of /cards/${sameId}; each card needs its own`);
      ids.set(card.id, index);
      for (const { field, problem } of cardProblems(card, kpis, targets)) add(`${at}/${field}`, problem);
      if (card.position.x + card.position.w > GRID_COLUMNS)
        add(
          `${at}/position`,
          `x ${card.position.x} + w ${card.position.w} passes the grid's ${GRID_COLUMNS} columns; make x + w at most ${GRID_COLUMNS}`,
        );
      const overlap = overlapOf(dashboard.cards, index);
      if (overlap)
        add(
          `${at}/position`,
          `overlaps card "${dashboard.cards[overlap.other]?.id}" (/cards/${overlap.other}) at column ${overlap.column}, row ${overlap.row}; move it or make it smaller`,
        );
    }
    if (problems.length === before) dashboards.push({ path: file.path, dashboard });
  }
  return { dashboards, problems };
}
