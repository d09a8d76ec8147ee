import { PipelineError } from '../../../lib/errors.js';
import type { Dialect } from '../../../lib/warehouses.js';
import type { DashboardFile } from '../dashboard-definition.js';
import { stableId } from '../stable-ids.js';
import type { KpiColumns } from '../validate-dashboards.js';
import { cardSql, METABASE_DISPLAY, RANGE_TAGS, type TemplateTag, templateKpiSql, visualizationSettings } from './metabase-card.js';

/** The warehouse as Metabase connects to it: an engine and its connection details (the reader login). */
export interface MetabaseDatabase {
  readonly engine: 'postgres' | 'clickhouse' | 'sqlserver';
  readonly name: string;
  /** With the reader's password; never printed. */
  readonly details: Readonly<Record<string, string | number | boolean>>;
}

export interface MetabaseCard {
  /** Unique inside the project's collection: how apply finds it again. */
  readonly name: string;
  readonly description: string;
  readonly display: string;
  readonly query: string;
  readonly templateTags: Readonly<Record<string, TemplateTag>>;
  readonly visualizationSettings: Readonly<Record<string, unknown>>;
}

export interface MetabaseDashcard {
  readonly cardName: string;
  /** The card's own title, shown on the dashboard instead of its collection-wide name. */
  readonly title: string;
  readonly row: number;
  readonly col: number;
  readonly sizeX: number;
  readonly sizeY: number;
  /** The template tags of its card that the dashboard's filters set. */
  readonly tags: readonly string[];
}

export interface MetabaseDashboard {
  readonly name: string;
  readonly description: string;
  readonly dashcards: readonly MetabaseDashcard[];
}

export interface MetabaseObjects {
  readonly database: MetabaseDatabase;
  readonly collection: { readonly name: string; readonly description: string };
  readonly cards: readonly MetabaseCard[];
  readonly dashboards: readonly MetabaseDashboard[];
}

export interface MetabaseRenderOptions {
  /** DASHBOARD_PREFIX: one pipeline's collection and connection apart from another's on the same Metabase. */
  readonly prefix: string;
  readonly dialect: Dialect;
  readonly kpiSql: (kpi: string) => string;
  readonly kpiColumns: KpiColumns;
}

/**
 * Metabase's dashboard grid is 24 columns wide (frontend/src/metabase/lib/dashboard_grid.js, GRID_WIDTH)
 * with rows of about 45 px: a definition cell (1/12 of the width, 80 px high) is 2 × 2 of them.
 */
export const GRID_SCALE = 2;

/** The collection every object of one pipeline lives in (idempotence and --prune never leave it). */
export const collectionNameOf = (prefix: string): string => `${prefix}E-commerce pipeline`;

/** A card's name: its dashboard's title and its own, unique inside the collection. */
export const cardNameOf = (dashboardTitle: string, cardTitle: string): string => `${dashboardTitle} · ${cardTitle}`;

/** The dashboard filters, one per range tag: Metabase's single-date filter (`date/single`, section `date`). */
export const DASHBOARD_PARAMETERS = RANGE_TAGS.map((tag) => ({
  id: tag.name,
  name: tag.displayName,
  slug: tag.name,
  type: 'date/single',
  sectionId: 'date',
}));

function requireUnique(names: readonly string[], what: string): void {
  const repeated = [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
  if (repeated.length > 0) {
    throw new PipelineError(
      'DASHBOARD_INVALID',
      `Two ${what} would have the same name in Metabase's collection (${repeated.map((name) => `"${name}"`).join(', ')}): give them different titles in dashboards/.`,
    );
  }
}

/**
 * Everything the definitions put on Metabase for one warehouse (pure): the connection (given), the
 * project's collection, a native question per card (its KPI file with the time range as template tags)
 * and a dashboard per file with its cards placed on Metabase's grid.
 */
export function renderMetabase(
  files: readonly DashboardFile[],
  database: MetabaseDatabase,
  options: MetabaseRenderOptions,
): MetabaseObjects {
  const cards: MetabaseCard[] = [];
  const dashboards: MetabaseDashboard[] = [];
  for (const { dashboard } of files) {
    const dashcards: MetabaseDashcard[] = [];
    for (const card of dashboard.cards) {
      const name = cardNameOf(dashboard.title, card.title);
      const source = `dashboards/${dashboard.slug}.json#${card.id}`;
      const columns = options.kpiColumns.get(card.kpi) ?? {};
      const { query, tags } = templateKpiSql(cardSql(card, options.kpiSql(card.kpi)), (tag) =>
        stableId(options.prefix, options.dialect, 'metabase', dashboard.slug, card.id, tag),
      );
      cards.push({
        name,
        description: `${source} (KPI file ${card.kpi}), applied by dashboards:apply: change the definition, or bring changes made here back with dashboards:export --target metabase.`,
        display: METABASE_DISPLAY[card.chart as keyof typeof METABASE_DISPLAY],
        query,
        templateTags: tags,
        visualizationSettings: visualizationSettings(card, columns),
      });
      const { x, y, w, h } = card.position;
      dashcards.push({
        cardName: name,
        title: card.title,
        row: y * GRID_SCALE,
        col: x * GRID_SCALE,
        sizeX: w * GRID_SCALE,
        sizeY: h * GRID_SCALE,
        tags: Object.keys(tags),
      });
    }
    dashboards.push({ name: dashboard.title, description: dashboard.description, dashcards });
  }
  requireUnique(
    cards.map((card) => card.name),
    'cards',
  );
  requireUnique(
    dashboards.map((dashboard) => dashboard.name),
    'dashboards',
  );
  return {
    database,
    collection: {
      name: collectionNameOf(options.prefix),
      description: 'The e-commerce pipeline’s dashboards, applied from dashboards/ by npm run dashboards:apply -- --target metabase.',
    },
    cards,
    dashboards,
  };
}
