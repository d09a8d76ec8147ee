/** How a KPI column is normalised so every dialect yields identical values. */
export type ColumnKind = 'money' | 'count' | 'text' | 'hour' | 'day';

export interface KpiDefinition {
  /** File name (without .sql) in sql/<dialect>/kpis/. */
  readonly name: string;
  readonly columns: Readonly<Record<string, ColumnKind>>;
}

/** The KPI file set, identical in every dialect (a test checks the files exist everywhere). See sql/KPIS.md. */
export const KPI_DEFINITIONS = [
  { name: 'summary', columns: { revenue: 'money', orders: 'count', units: 'count', lines: 'count', customers: 'count' } },
  { name: 'revenue_by_hour', columns: { bucket: 'hour', revenue: 'money', orders: 'count' } },
  { name: 'revenue_by_day', columns: { day: 'day', revenue: 'money', orders: 'count' } },
  {
    name: 'top_products',
    columns: { product_id: 'text', product_name: 'text', category: 'text', revenue: 'money', units: 'count', lines: 'count' },
  },
  { name: 'top_categories', columns: { category: 'text', revenue: 'money', units: 'count', lines: 'count' } },
  { name: 'revenue_by_country', columns: { country: 'text', revenue: 'money', orders: 'count' } },
  { name: 'revenue_by_channel', columns: { channel: 'text', revenue: 'money', orders: 'count' } },
  { name: 'new_vs_returning', columns: { customer_type: 'text', orders: 'count', revenue: 'money', customers: 'count' } },
  { name: 'funnel', columns: { step: 'text', sessions: 'count' } },
  { name: 'cart_abandonment', columns: { carted_sessions: 'count', purchased_sessions: 'count' } },
  { name: 'feedback_by_feature', columns: { feature: 'text', responses: 'count', rating_sum: 'count' } },
  { name: 'sessions_by_day', columns: { day: 'day', sessions: 'count' } },
  { name: 'rating_distribution', columns: { rating: 'count', responses: 'count' } },
  { name: 'feedback_by_day', columns: { day: 'day', responses: 'count', rating_sum: 'count' } },
] as const satisfies readonly KpiDefinition[];

export type KpiName = (typeof KPI_DEFINITIONS)[number]['name'];

export type KpiRow = Record<string, string | number | null>;
export type KpiResults = Record<KpiName, KpiRow[]>;

export const FUNNEL_STEPS = ['page_view', 'product_view', 'add_to_cart', 'checkout_start', 'purchase'] as const;
