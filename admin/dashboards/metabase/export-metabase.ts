import type { Card, ChartType, Dashboard, Metric } from '../dashboard-definition.js';
import { cardSql, METABASE_DISPLAY, templateKpiSql } from './metabase-card.js';
import type { CurrentCard, CurrentDashboard } from './metabase-state.js';
import { GRID_SCALE } from './render-metabase.js';

export interface MetabaseExportInput {
  readonly slug: string;
  readonly dashboard: CurrentDashboard;
  /** The dashboard's cards, by id. */
  readonly cards: ReadonlyMap<number, CurrentCard>;
  /** The definition's description, kept when Metabase has none. */
  readonly description: string;
  /** The warehouse's KPI file text (to check a card's SQL is still its KPI file's). */
  readonly kpiSql: (kpi: string) => string | undefined;
}

const CHART_OF: Record<string, ChartType> = Object.fromEntries(
  Object.entries(METABASE_DISPLAY).map(([chart, display]) => [display, chart as ChartType]),
);
const SOURCE = /dashboards\/[^#\s]+\.json#([a-z0-9][a-z0-9-]*)/;
const KPI = /\(KPI file (\w+)\)/;
/** A wrapped metric in a card's SQL, as metricSql writes it: `[1 - ]SUM("a")[ * 1.0 / NULLIF(SUM("b"), 0)] AS "label"`. */
const METRIC = /(1 - )?SUM\("([^"]+)"\)(?: \* 1\.0 \/ NULLIF\(SUM\("([^"]+)"\), 0\))? AS "([^"]+)"/g;

/** The metrics a card's SQL computes, by label (only for cards whose SQL aggregates the KPI rows). */
function wrappedMetrics(query: string, columnSettings: Record<string, { number_style?: string; decimals?: number }>): Map<string, Metric> {
  const metrics = new Map<string, Metric>();
  for (const match of query.matchAll(METRIC)) {
    const [, complement, numerator, denominator, label] = match as unknown as [
      string,
      string | undefined,
      string,
      string | undefined,
      string,
    ];
    if (!denominator) {
      metrics.set(label, numerator);
      continue;
    }
    const style = columnSettings[JSON.stringify(['name', label])];
    const format = style?.number_style === 'percent' ? 'percent' : style?.number_style === 'decimal' ? 'money' : 'decimal';
    metrics.set(label, { label, ratio: [numerator, denominator], ...(complement ? { complement: true } : {}), format });
  }
  return metrics;
}

/** The card a dashcard shows, or why dashboards/ cannot hold it. */
function cardOf(
  dashcard: CurrentDashboard['dashcards'][number],
  card: CurrentCard | undefined,
  dashboardName: string,
  kpiSql: MetabaseExportInput['kpiSql'],
): { card?: Card; problem?: string } {
  if (!card) {
    return {
      problem:
        dashcard.card_id === null
          ? 'a text, heading or link card (dashboards/ holds KPI cards only)'
          : `question ${dashcard.card_id}, which is not in the project's collection`,
    };
  }
  const kpi = KPI.exec(card.description ?? '')?.[1];
  const text = kpi ? kpiSql(kpi) : undefined;
  if (!kpi || text === undefined) return { problem: `card "${card.name}" does not name one of sql/<dialect>/kpis/ in its description` };
  const chart = CHART_OF[card.display];
  if (!chart) return { problem: `card "${card.name}" is a ${card.display}, which dashboards/ has no chart type for` };
  const settings = card.visualization_settings;
  const shown = (dashcard.visualization_settings?.['card.title'] as string | undefined) ?? card.name.replace(`${dashboardName} · `, '');
  const id =
    SOURCE.exec(card.description ?? '')?.[1] ??
    shown
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  const wrapped = wrappedMetrics(card.native.query, (settings.column_settings ?? {}) as Record<string, { number_style?: string }>);
  const metricFor = (label: unknown): Metric => wrapped.get(String(label)) ?? String(label);
  const axis = (key: string) => (settings[key] as unknown[] | string | undefined) ?? undefined;
  const first = (value: unknown) => (Array.isArray(value) ? value[0] : value) as string | undefined;
  const base = { id, title: shown, kpi, chart };
  const drawn: Partial<Card> =
    chart === 'number'
      ? { metrics: [metricFor(settings['scalar.field'])] }
      : chart === 'table'
        ? {
            columns: ((settings['table.columns'] as Array<{ name: string; enabled?: boolean }> | undefined) ?? [])
              .filter((c) => c.enabled !== false)
              .map((c) => c.name),
          }
        : chart === 'pie' || chart === 'funnel'
          ? { x: first(axis(`${chart}.dimension`)), metrics: [metricFor(axis(`${chart}.metric`))] }
          : { x: first(axis('graph.dimensions')), metrics: ((axis('graph.metrics') as unknown[] | undefined) ?? []).map(metricFor) };
  const position = {
    x: Math.round(dashcard.col / GRID_SCALE),
    y: Math.round(dashcard.row / GRID_SCALE),
    w: Math.max(1, Math.round(dashcard.size_x / GRID_SCALE)),
    h: Math.max(1, Math.round(dashcard.size_y / GRID_SCALE)),
  };
  const result = { ...base, ...drawn, position } as Card;
  const expected = templateKpiSql(cardSql(result, text), () => '').query;
  if (expected.trim() !== card.native.query.trim()) {
    return {
      problem: `card "${card.name}" runs SQL that is not its KPI file ${kpi}'s (edited in Metabase?); change sql/<dialect>/kpis/${kpi}.sql instead`,
    };
  }
  return { card: result };
}

/** A Metabase dashboard back as a definition (pure), with what the format cannot hold listed. */
export function exportMetabaseDashboard(input: MetabaseExportInput): { dashboard: Dashboard; problems: string[] } {
  const problems: string[] = [];
  const cards: Card[] = [];
  const placed = [...input.dashboard.dashcards].sort((a, b) => a.row - b.row || a.col - b.col);
  for (const dashcard of placed) {
    const { card, problem } = cardOf(
      dashcard,
      dashcard.card_id === null ? undefined : input.cards.get(dashcard.card_id),
      input.dashboard.name,
      input.kpiSql,
    );
    if (card) cards.push(card);
    else problems.push(problem as string);
  }
  return {
    dashboard: { slug: input.slug, title: input.dashboard.name, description: input.dashboard.description || input.description, cards },
    problems,
  };
}
