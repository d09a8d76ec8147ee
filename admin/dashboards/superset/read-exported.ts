import type { ExportedChart, ExportInput } from './export-superset.js';
import type { SupersetClient } from './superset-client.js';

interface DashboardDetail {
  id: number;
  dashboard_title: string;
  slug: string | null;
  position_json: string | null;
}

/** A dashboard as export needs it: its layout, each chart's form data, and each chart's dataset name. */
export async function readExportInput(
  client: SupersetClient,
  slug: string,
  prefix: string,
  description: string,
): Promise<Omit<ExportInput, 'prefix'> & { prefix: string }> {
  const { result: dashboard } = await client.request<{ result: DashboardDetail }>(
    'GET',
    `/api/v1/dashboard/${encodeURIComponent(`${prefix}${slug}`)}`,
  );
  const [{ result: charts }, { result: datasets }, certified] = await Promise.all([
    client.request<{ result: Array<{ id: number; slice_name: string; form_data: Record<string, unknown> }> }>(
      'GET',
      `/api/v1/dashboard/${dashboard.id}/charts`,
    ),
    client.request<{ result: Array<{ id: number; table_name: string }> }>('GET', `/api/v1/dashboard/${dashboard.id}/datasets`),
    client.list('chart', ['id', 'certification_details']),
  ]);
  const tableOf = new Map(datasets.map((dataset) => [dataset.id, dataset.table_name]));
  const detailsOf = new Map(certified.map((row) => [row.id, (row.certification_details as string | null) ?? null]));
  const exported: ExportedChart[] = charts.map((chart) => {
    const datasetId = Number(String(chart.form_data.datasource ?? '').split('__')[0]);
    return {
      id: chart.id,
      slice_name: chart.slice_name,
      viz_type: String(chart.form_data.viz_type ?? ''),
      params: chart.form_data,
      certification_details: detailsOf.get(chart.id) ?? null,
      datasetName: tableOf.get(datasetId) ?? `dataset ${datasetId}`,
    };
  });
  return {
    slug: dashboard.slug ?? `${prefix}${slug}`,
    title: dashboard.dashboard_title,
    description,
    position: dashboard.position_json ? (JSON.parse(dashboard.position_json) as ExportInput['position']) : {},
    charts: exported,
    prefix,
  };
}
