import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { say } from '../../../lib/cli/run-cli.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { PipelineError } from '../../../lib/errors.js';
import { REPO_ROOT } from '../../../lib/repo-root.js';
import type { Dialect } from '../../../lib/warehouses.js';
import { warehouseOption } from '../../cli-options.js';
import { formatFileProblem } from '../../file-problem.js';
import { readKpiSql } from '../../warehouse/sql-files.js';
import { DASHBOARDS_DIR, type Dashboard, shownPath } from '../dashboard-definition.js';
import { DASHBOARD_TARGETS, type DashboardTarget, TARGET_TITLES } from '../dashboard-targets.js';
import { checkDashboardFiles } from '../load-dashboards.js';
import { exportMetabaseDashboard } from '../metabase/export-metabase.js';
import { readMetabaseExport } from '../metabase/read-metabase-export.js';
import { metabaseClientFor } from '../metabase/run-metabase.js';
import { exportDashboard } from '../superset/export-superset.js';
import { readExportInput } from '../superset/read-exported.js';
import { supersetClientFor } from '../superset/run-superset.js';

/**
 * The file as the repository's formatter (biome, a dev dependency) writes it, so `npm run lint` passes on
 * a fresh export; plain two-space JSON where biome is not installed.
 */
function formattedJson(value: unknown, file: string): string {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  const biome = join(REPO_ROOT, 'node_modules', '.bin', 'biome');
  if (!existsSync(biome)) return text;
  const formatted = spawnSync(biome, ['format', `--stdin-file-path=${file}`], { input: text, encoding: 'utf8', cwd: REPO_ROOT });
  return formatted.status === 0 && formatted.stdout.trim().startsWith('{') ? formatted.stdout : text;
}

interface ExportOptions {
  readonly dir: string;
  readonly stdout: boolean;
  readonly skipUnsupported: boolean;
  readonly target: DashboardTarget;
  readonly warehouse?: Dialect;
}

/** The dashboard as the target holds it, back as a definition, with what the format cannot hold. */
async function exported(
  slug: string,
  options: ExportOptions,
  existing: { title?: string; description?: string },
): Promise<{ title: string; dashboard: Dashboard; problems: string[] }> {
  const config = loadConfig();
  const prefix = config.values.DASHBOARD_PREFIX;
  if (options.target === 'metabase') {
    const warehouse = options.warehouse ?? config.values.WAREHOUSE;
    const client = await metabaseClientFor(config);
    const { dashboard, cards } = await readMetabaseExport(client, slug, prefix, existing.title);
    const kpiSql = (kpi: string) => {
      try {
        return readKpiSql(warehouse, kpi);
      } catch {
        return undefined;
      }
    };
    return {
      title: dashboard.name,
      ...exportMetabaseDashboard({ slug, dashboard, cards, description: existing.description ?? '', kpiSql }),
    };
  }
  const client = await supersetClientFor(config);
  const input = await readExportInput(client, slug, prefix, existing.description ?? '');
  return { title: input.title, ...exportDashboard(input) };
}

export const exportCommand = () =>
  new Command('export')
    .description(
      'Write a dashboard as it is on Superset or Metabase (changed in its UI, say) back into dashboards/<slug>.json, so git stays the source.',
    )
    .argument('<slug>', 'the dashboard, by its slug in dashboards/ (DASHBOARD_PREFIX is added)')
    .option('--dir <folder>', 'the dashboards folder', DASHBOARDS_DIR)
    .addOption(
      new Option('--target <target>', 'where to read it from: superset (SUPERSET_URL) or metabase (METABASE_URL)')
        .choices(DASHBOARD_TARGETS)
        .default('superset'),
    )
    .addOption(warehouseOption())
    .option('--stdout', 'print the definition instead of writing the file', false)
    .option(
      '--skip-unsupported',
      'write it even when some charts or layout items have no place in the format (they are listed and left out)',
      false,
    )
    .addHelpText(
      'after',
      `
Superset: charts become cards on their KPI file's dataset (kpi_<kpi>); a SUM of a column or a ratio of
two sums as metrics; rows of the layout become rows of the grid.
Metabase: the dashboard of that title (or whose cards came from dashboards/<slug>.json) in the project's
collection; each card's KPI file from its description, its axes from its visualization settings, its
place from Metabase's 24-column grid (halved). A card whose SQL is no longer its KPI file's is refused:
the SQL lives in sql/<dialect>/kpis/ (--warehouse says which dialect's to compare with).
What the format cannot hold (other datasets or questions, other metrics or chart types, text cards,
tabs) is listed, and nothing is written unless --skip-unsupported.
Exit codes: 0 written, 1 the target unreachable or something it cannot hold, 2 bad options.

Examples:
  npm run dashboards:export -- sales
  npm run dashboards:export -- sales --target metabase
  npm run dashboards:export -- sales --stdout > /tmp/sales.json`,
    )
    .action(async (slug: string, options: ExportOptions) => {
      const file = join(options.dir, `${slug}.json`);
      const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { title?: string; description?: string }) : {};
      const tool = TARGET_TITLES[options.target];
      const { title, dashboard, problems } = await exported(slug, options, existing);
      if (problems.length > 0 && !options.skipUnsupported) {
        throw new PipelineError(
          'COMMAND_FAILED',
          `The dashboard "${title}" holds what dashboards/ cannot express, so nothing was written:\n${problems.map((problem) => `  ${problem}`).join('\n')}\nChange it in ${tool}, or run again with --skip-unsupported to write the rest.`,
        );
      }
      const text = formattedJson({ $schema: './dashboard.schema.json', ...dashboard }, file);
      const shown = shownPath(file);
      const checked = checkDashboardFiles([{ path: shown, text }], [options.target]);
      if (checked.problems.length > 0) {
        throw new PipelineError(
          'COMMAND_FAILED',
          `The exported dashboard would not pass dashboards:validate, so nothing was written:\n${checked.problems.map((problem) => `  ${formatFileProblem(problem)}`).join('\n')}\nFix it in ${tool} (cells on the grid, one metric on a pie), then export again.`,
        );
      }
      for (const problem of problems) say(`left out: ${problem}`);
      if (options.stdout) {
        process.stdout.write(text);
        return;
      }
      writeFileSync(file, text);
      say(`Wrote ${shown}: ${dashboard.cards.length} card(s) from "${title}" on ${tool}. git diff shows what changed in the UI.`);
    });
