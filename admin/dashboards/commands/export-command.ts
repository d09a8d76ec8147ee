import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { say } from '../../../lib/cli/run-cli.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { PipelineError } from '../../../lib/errors.js';
import { REPO_ROOT } from '../../../lib/repo-root.js';
import { formatFileProblem } from '../../file-problem.js';
import { DASHBOARDS_DIR, shownPath } from '../dashboard-definition.js';
import { checkDashboardFiles } from '../load-dashboards.js';
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

export const exportCommand = () =>
  new Command('export')
    .description(
      'Write a dashboard as it is on Superset (changed in its UI, say) back into dashboards/<slug>.json, so git stays the source.',
    )
    .argument('<slug>', 'the dashboard, by its slug in dashboards/ (DASHBOARD_PREFIX is added)')
    .option('--dir <folder>', 'the dashboards folder', DASHBOARDS_DIR)
    .option('--stdout', 'print the definition instead of writing the file', false)
    .option(
      '--skip-unsupported',
      'write it even when some charts or layout items have no place in the format (they are listed and left out)',
      false,
    )
    .addHelpText(
      'after',
      `
Charts become cards on their KPI file's dataset (kpi_<kpi>); a SUM of a column or a ratio of two sums
as metrics; rows of the layout become rows of the grid. What the format cannot hold (other datasets,
other metrics or chart types, markdown, tabs) is listed, and nothing is written unless --skip-unsupported.
Exit codes: 0 written, 1 Superset unreachable or something it cannot hold, 2 bad options.

Examples:
  npm run dashboards:export -- sales
  npm run dashboards:export -- sales --stdout > /tmp/sales.json`,
    )
    .action(async (slug: string, options: { dir: string; stdout: boolean; skipUnsupported: boolean }) => {
      const config = loadConfig();
      const file = join(options.dir, `${slug}.json`);
      const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { description?: string }) : {};
      const client = await supersetClientFor(config);
      const input = await readExportInput(client, slug, config.values.DASHBOARD_PREFIX, existing.description ?? '');
      const { dashboard, problems } = exportDashboard(input);
      if (problems.length > 0 && !options.skipUnsupported) {
        throw new PipelineError(
          'COMMAND_FAILED',
          `The dashboard "${input.title}" holds what dashboards/ cannot express, so nothing was written:\n${problems.map((problem) => `  ${problem}`).join('\n')}\nChange it in Superset, or run again with --skip-unsupported to write the rest.`,
        );
      }
      const text = formattedJson({ $schema: './dashboard.schema.json', ...dashboard }, file);
      const shown = shownPath(file);
      const checked = checkDashboardFiles([{ path: shown, text }], ['superset']);
      if (checked.problems.length > 0) {
        throw new PipelineError(
          'COMMAND_FAILED',
          `The exported dashboard would not pass dashboards:validate, so nothing was written:\n${checked.problems.map((problem) => `  ${formatFileProblem(problem)}`).join('\n')}\nFix it in Superset (cells on a 12-column grid, one metric on a pie), then export again.`,
        );
      }
      for (const problem of problems) say(`left out: ${problem}`);
      if (options.stdout) {
        process.stdout.write(text);
        return;
      }
      writeFileSync(file, text);
      say(`Wrote ${shown}: ${dashboard.cards.length} card(s) from "${input.title}" on Superset. git diff shows what changed in the UI.`);
    });
