import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { runCli, say } from '../lib/cli/run-cli.js';
import { renderTable } from '../lib/cli/table.js';
import { instantOf } from '../lib/cli/value-parsers.js';
import { loadConfig } from '../lib/config/load-config.js';
import { describeCause, PipelineError } from '../lib/errors.js';
import { outputPathProblem } from '../lib/output-path.js';
import type { Dialect } from '../lib/warehouses.js';
import { warehouseOption } from './cli-options.js';
import { renderKpiHtml } from './kpis/render-svg-charts.js';
import type { KpiRow } from './warehouse/kpi-definitions.js';
import type { KpiReport } from './warehouse/kpi-report.js';
import { openMigratedWarehouse } from './warehouse/require-tables.js';
import { ALL_TIME, runKpis } from './warehouse/run-kpis.js';

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

function table(title: string, rows: readonly KpiRow[]): string {
  if (rows.length === 0) return `${title}: no data`;
  const head = Object.keys(rows[0] as KpiRow);
  return `${title}\n${renderTable(
    head,
    rows.map((row) => head.map((key) => String(row[key] ?? '—'))),
  )}`;
}

function printReport(report: KpiReport, warehouse: string): void {
  const s = report.summary;
  say(`KPIs from ${warehouse}, ${report.range.from} → ${report.range.to}`);
  say(`revenue ${s.revenue} · orders ${s.orders} · units ${s.units} · AOV ${s.aov ?? '—'} · customers ${s.customers}`);
  say(table('Revenue per day', report.revenueByDay));
  say(table('Top products', report.topProducts));
  say(table('Top categories', report.topCategories));
  say(table('Revenue by country', report.revenueByCountry));
  say(table('Revenue by channel', report.revenueByChannel));
  say(table('New vs returning customers', report.newVsReturning));
  say(
    table(
      'Funnel (sessions reaching each step)',
      report.funnel.map((step) => ({ ...step, ofFirstStep: percent(step.ofFirstStep), ofPreviousStep: percent(step.ofPreviousStep) })),
    ),
  );
  const cart = report.cartAbandonment;
  say(
    `Cart abandonment: ${percent(cart.abandonmentRate)} (${cart.cartedSessions - cart.purchasedSessions} of ${cart.cartedSessions} sessions with a cart did not buy)`,
  );
  say(
    table(
      'Feedback by feature',
      report.feedbackByFeature.map((row) => ({ ...row, averageRating: rating(row.averageRating) })),
    ),
  );
  say(table('Sessions per day', report.sessionsByDay));
  say(`Ratings: ${report.ratingDistribution.map((row) => `${row.rating}★ ${row.responses}`).join(' · ')}`);
  say(
    table(
      'Feedback per day',
      report.feedbackByDay.map((row) => ({ ...row, averageRating: rating(row.averageRating) })),
    ),
  );
}

const rating = (average: number | null): string | null => (average === null ? null : average.toFixed(2));

function writeHtml(file: string, html: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, html);
  } catch (error) {
    throw new PipelineError(
      'OUTPUT_UNWRITABLE',
      `--html ${file} cannot be written: ${describeCause(error)}. The report is above; choose another path.`,
      { cause: error },
    );
  }
}

const program = new Command('kpis')
  .description(
    'Print the KPI report (revenue, orders, AOV, top products and categories, countries, channels, funnel, cart abandonment, feedback) and write an HTML chart page.',
  )
  .addOption(warehouseOption())
  .option('--since <time>', 'start of the range: ISO-8601, now-<duration> (e.g. now-7d); default: all time')
  .option('--until <time>', 'end of the range (exclusive); default: all time')
  .option('--json', 'print the report as JSON', false)
  .option('--html <file>', 'where to write the chart page', 'build/kpis/report.html')
  .addHelpText('after', '\nExamples:\n  npm run kpis\n  npm run kpis -- --since now-1d --json\n  npm run kpis -- --warehouse clickhouse')
  .action(async (options: { warehouse?: Dialect; since?: string; until?: string; json: boolean; html: string }) => {
    const now = Date.now();
    const range = {
      from: options.since ? new Date(instantOf(options.since, now, '--since')) : ALL_TIME.from,
      to: options.until ? new Date(instantOf(options.until, now, '--until')) : ALL_TIME.to,
    };
    if (range.from >= range.to)
      throw new PipelineError('USAGE', `--since (${range.from.toISOString()}) must be before --until (${range.to.toISOString()}).`);
    const config = loadConfig();
    const htmlFile = resolve(options.html);
    // Checked first, without creating anything; the report is still printed when the page cannot be written.
    const htmlProblem = outputPathProblem(htmlFile, 'file');
    const warehouse = await openMigratedWarehouse(config, options.warehouse);
    try {
      const { report } = await runKpis(warehouse, range);
      if (options.json) say(JSON.stringify(report, null, 2));
      else printReport(report, warehouse.description);
      if (htmlProblem) {
        throw new PipelineError(
          'OUTPUT_UNWRITABLE',
          `--html ${options.html} cannot be written: ${htmlProblem}. The report is above; choose another path.`,
        );
      }
      writeHtml(htmlFile, renderKpiHtml(report, warehouse.description));
      if (!options.json) say(`Chart page: ${htmlFile}`);
    } finally {
      await warehouse.close();
    }
  });

await runCli(program);
