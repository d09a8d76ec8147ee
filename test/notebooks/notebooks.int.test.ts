import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClickHouseScratch, createScratchDatabase } from '../support/scratch-database.js';
import { runTsCli } from '../support/test-env.js';

interface Output {
  output_type: string;
  text?: string | string[];
  data?: Record<string, unknown>;
}
interface Cell {
  cell_type: string;
  metadata: { tags?: string[] };
  outputs?: Output[];
}

const joined = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join('') : (value ?? ''));

/** The printed line `<marker> {json}` of an executed notebook. */
function printed(cells: readonly Cell[], marker: string): unknown {
  for (const cell of cells) {
    for (const output of cell.outputs ?? []) {
      const line = joined(output.text)
        .split('\n')
        .find((entry) => entry.startsWith(`${marker} `));
      if (line) return JSON.parse(line.slice(marker.length + 1));
    }
  }
  throw new Error(`no ${marker} line in the executed notebook`);
}

/** A database of the test's own in one warehouse: the environment that points commands at it, and its removal. */
const WAREHOUSES = {
  postgres: async () => {
    const scratch = await createScratchDatabase('it_notebooks');
    return { env: { ...process.env, WAREHOUSE: 'postgres', PG_URL: scratch.url }, drop: scratch.drop };
  },
  // The native stack's ClickHouse service: the notebooks read it over ClickHouse's HTTP interface as the reader.
  clickhouse: () => createClickHouseScratch('it_notebooks'),
};

/**
 * Both notebooks executed for real against PostgreSQL and ClickHouse, each filled by `db:load` with a
 * fixed seed: every chart cell draws an image, and the figures they print equal `npm run kpis -- --json`.
 */
describe.each(Object.keys(WAREHOUSES) as (keyof typeof WAREHOUSES)[])('npm run notebooks against %s', (warehouse) => {
  const out = mkdtempSync(join(tmpdir(), 'notebooks-'));
  let scratch: { drop: () => Promise<void> };
  let env: NodeJS.ProcessEnv;
  const executed = (name: string) => JSON.parse(readFileSync(join(out, `${name}.ipynb`), 'utf8')) as { cells: Cell[] };

  beforeAll(async () => {
    const created = await WAREHOUSES[warehouse]();
    scratch = created;
    env = created.env;
    const migrate = await runTsCli('admin/db-cli.ts', ['migrate'], env);
    expect(migrate.code, migrate.stderr).toBe(0);
    if (warehouse === 'clickhouse') {
      // The engine refuses role DDL: db:migrate skips it against the service and says so.
      expect(migrate.stdout).toContain(
        "Roles: none created: the embedded ClickHouse engine refuses role statements, so they were skipped; the native stack's ClickHouse service enforces warehouse_sink (no DDL) and warehouse_reader (read-only) itself.",
      );
    }
    const status = await runTsCli('admin/db-cli.ts', ['status', '--check'], env);
    expect(status.code, status.stdout + status.stderr).toBe(0);
    expect(status.stdout).toMatch(/001_create_tables\s+applied/);
    const load = await runTsCli('admin/db-cli.ts', ['load', '--count', '1500', '--seed', '11', '--start', '2025-03-01T00:00:00Z'], env);
    expect(load.code, load.stderr).toBe(0);
  });

  afterAll(async () => {
    await scratch?.drop();
  });

  it('executes both notebooks, every chart cell with an image, read as the analytics role', async () => {
    const run = await runTsCli('admin/notebooks-cli.ts', ['run', '--out', out], env);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stderr).toContain(`Executed notebooks and HTML in ${out}.`);
    for (const name of ['sales_kpis', 'feedback_eda']) {
      const cells = executed(name).cells;
      const charts = cells.filter((cell) => cell.metadata.tags?.includes('chart'));
      expect(charts.length).toBeGreaterThanOrEqual(5);
      charts.forEach((cell, index) => {
        const images = (cell.outputs ?? []).filter((output) => output.data?.['image/png']);
        expect(images, `${name}: chart cell ${index} drew no image`).toHaveLength(1);
      });
      expect(joined(cells[2]?.outputs?.[0]?.text)).toContain('as warehouse_reader');
      expect(readFileSync(join(out, `${name}.html`), 'utf8')).toContain('data:image/png;base64');
    }
  });

  it('prints the same figures as npm run kpis -- --json', async () => {
    const kpis = await runTsCli('admin/kpis-cli.ts', ['--json', '--html', join(out, 'kpis.html')], env);
    expect(kpis.code, kpis.stderr).toBe(0);
    const report = JSON.parse(kpis.stdout);
    const figures = printed(executed('sales_kpis').cells, 'KPI_FIGURES') as Record<string, unknown>;
    expect(report.summary.orders).toBe(1500);
    expect(figures.summary).toEqual(report.summary);
    expect(figures.topProducts).toEqual(
      report.topProducts.map((row: { product_id: string; revenue: string }) => ({ product_id: row.product_id, revenue: row.revenue })),
    );
    expect(figures.funnel).toEqual(
      Object.fromEntries(report.funnel.map((step: { step: string; sessions: number }) => [step.step, step.sessions])),
    );
    expect(figures.cartAbandonment).toEqual({
      cartedSessions: report.cartAbandonment.cartedSessions,
      purchasedSessions: report.cartAbandonment.purchasedSessions,
    });
    const feedback = printed(executed('feedback_eda').cells, 'FEEDBACK_FIGURES') as Record<
      string,
      { responses: number; rating_sum: number }
    >;
    for (const row of report.feedbackByFeature as Array<{ feature: string; responses: number; averageRating: number }>) {
      expect(feedback[row.feature]?.responses, row.feature).toBe(row.responses);
      expect((feedback[row.feature]?.rating_sum ?? 0) / row.responses, row.feature).toBeCloseTo(row.averageRating, 10);
    }
    // The charts that once had their own SQL now read the KPI files: the same figures as the report.
    expect(figures.sessionsByDay).toEqual(
      Object.fromEntries(report.sessionsByDay.map((row: { day: string; sessions: number }) => [row.day, row.sessions])),
    );
    expect(Object.keys(figures.sessionsByDay as object).length).toBeGreaterThan(0);
    expect(printed(executed('feedback_eda').cells, 'RATING_FIGURES')).toEqual(
      Object.fromEntries(
        report.ratingDistribution.map((row: { rating: number; responses: number }) => [String(row.rating), row.responses]),
      ),
    );
    expect(printed(executed('feedback_eda').cells, 'FEEDBACK_PER_DAY')).toEqual(
      Object.fromEntries(report.feedbackByDay.map((row: { day: string; responses: number }) => [row.day, row.responses])),
    );
  });

  // The range and the refusals are the CLI's, the same for every warehouse: checked once, on PostgreSQL.
  if (warehouse !== 'postgres') return;
  it('narrows to a date range, and refuses what cannot work with exit 2', async () => {
    const day = await runTsCli(
      'admin/notebooks-cli.ts',
      ['run', '--out', join(out, 'day'), '--only', 'sales_kpis', '--since', '2025-03-01T00:00:00Z', '--until', '2025-03-01T06:00:00Z'],
      env,
    );
    expect(day.code, day.stderr).toBe(0);
    const kpis = JSON.parse(
      (
        await runTsCli(
          'admin/kpis-cli.ts',
          ['--json', '--since', '2025-03-01T00:00:00Z', '--until', '2025-03-01T06:00:00Z', '--html', join(out, 'k.html')],
          env,
        )
      ).stdout,
    );
    const dayFigures = printed(
      (JSON.parse(readFileSync(join(out, 'day', 'sales_kpis.ipynb'), 'utf8')) as { cells: Cell[] }).cells,
      'KPI_FIGURES',
    ) as { summary: unknown };
    expect(dayFigures.summary).toEqual(kpis.summary);
    expect(kpis.summary.orders).toBeGreaterThan(0);
    expect(kpis.summary.orders).toBeLessThan(1500);

    const clickhouse = await runTsCli('admin/notebooks-cli.ts', ['run', '--warehouse', 'clickhouse'], { ...env, CLICKHOUSE_URL: '' });
    expect(clickhouse.code).toBe(2);
    expect(clickhouse.stderr).toContain(
      "error: WAREHOUSE=clickhouse needs CLICKHOUSE_URL: start the native stack's ClickHouse service (`npm run stack:up -- --warehouse clickhouse` writes it into .stack/endpoints.env)",
    );
    const unknown = await runTsCli('admin/notebooks-cli.ts', ['run', '--only', 'nope'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("argument 'nope' is invalid. Allowed choices are sales_kpis, feedback_eda.");
  });
});
