import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARDS_DIR } from '../../../../admin/dashboards/dashboard-definition.js';
import { databaseNameOf } from '../../../../admin/dashboards/dashboard-targets.js';
import { MetabaseClient } from '../../../../admin/dashboards/metabase/metabase-client.js';
import { readMetabaseState } from '../../../../admin/dashboards/metabase/metabase-state.js';
import { collectionNameOf } from '../../../../admin/dashboards/metabase/render-metabase.js';
import { loadConfig } from '../../../../lib/config/load-config.js';
import type { Dialect } from '../../../../lib/warehouses.js';
import { metabaseTarget } from '../../../support/metabase-target.js';
import { createScratchDatabase } from '../../../support/scratch-database.js';
import { runTsCli, uniqueSuffix } from '../../../support/test-env.js';

/**
 * The dashboards applied for real to Metabase: METABASE_URL's (the Compose stack's, in the GitHub
 * workflow, on its warehouse) or a throw-away container of the Compose image when a Docker engine
 * answers (on the native stack's PostgreSQL, filled by db:load). Applying again changes nothing, a
 * card's answer equals kpis --json, a wrong password is refused in one sentence, --prune stays inside
 * the collection, and export gives the definition back. Under the test's own DASHBOARD_PREFIX, removed
 * at the end.
 */
const target = await metabaseTarget();
if (target.kind === 'skip')
  process.stdout.write(
    `[skip] dashboards on Metabase: ${target.reason}. Set METABASE_URL (npm run up -- --with metabase), or run where Docker answers.\n`,
  );

const DAY = { since: '2025-03-01T00:00:00Z', until: '2025-03-02T00:00:00Z' };

/** The Metabase under test (its tests are skipped, never run, when there is none). */
const live = target.kind === 'server' ? target : { kind: 'server' as const, url: '', env: {}, origin: '', stop: async () => undefined };

describe.skipIf(target.kind === 'skip')('dashboards:apply --target metabase', () => {
  const prefix = `it${uniqueSuffix()}-`;
  const work = mkdtempSync(join(tmpdir(), 'it-metabase-'));
  let env: NodeJS.ProcessEnv;
  let dialect: Dialect;
  let drop: () => Promise<void> = async () => undefined;
  let day = DAY;
  const cli = (args: string[]) => runTsCli('admin/dashboards-cli.ts', [...args, '--target', 'metabase'], env);
  const session = async () => {
    const values = loadConfig({ env }).values;
    const client = new MetabaseClient(live.url);
    await client.connect({ email: values.METABASE_ADMIN_EMAIL, password: values.METABASE_ADMIN_PASSWORD });
    return client;
  };
  const state = async () =>
    readMetabaseState(await session(), { database: databaseNameOf(prefix, dialect), collection: collectionNameOf(prefix) });

  beforeAll(async () => {
    process.stdout.write(`[metabase] ${live.origin} at ${live.url}\n`);
    if (Object.keys(live.env).length === 0) {
      // The Compose stack: its warehouse as configured (the workflow ran the demo into it); today's orders for "one day".
      env = { ...process.env, DASHBOARD_PREFIX: prefix };
      const today = new Date().toISOString().slice(0, 10);
      day = { since: `${today}T00:00:00Z`, until: new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString() };
    } else {
      const scratch = await createScratchDatabase('it_mb');
      drop = scratch.drop;
      env = { ...process.env, ...live.env, WAREHOUSE: 'postgres', PG_URL: scratch.url, DASHBOARD_PREFIX: prefix };
      expect((await runTsCli('admin/db-cli.ts', ['migrate'], env)).code).toBe(0);
      const load = await runTsCli('admin/db-cli.ts', ['load', '--count', '1500', '--seed', '12', '--start', DAY.since], env);
      expect(load.code, load.stderr).toBe(0);
    }
    dialect = loadConfig({ env }).values.WAREHOUSE;
  }, 600_000);

  afterAll(async () => {
    try {
      const client = await session();
      const found = await state();
      for (const dashboard of found.dashboards) await client.request('DELETE', `/api/dashboard/${dashboard.id}`);
      for (const card of found.cards) await client.request('DELETE', `/api/card/${card.id}`);
      if (found.collection) await client.request('PUT', `/api/collection/${found.collection.id}`, { archived: true });
      if (found.database) await client.request('DELETE', `/api/database/${found.database.id}`);
    } finally {
      await drop();
      await live.stop();
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('applies everything on a first run (setting Metabase up when new), then finds nothing to change', async () => {
    const first = await cli(['apply']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/: 25 created, 0 updated, 0 deleted, 0 unchanged\.\n/);
    for (const title of ['Clickstream funnel', 'Feedback', 'Sales'])
      expect(first.stdout).toMatch(new RegExp(`\\n  ${title}: ${live.url.replace(/[.]/g, '\\.')}/dashboard/\\d+\\n`));
    const plan = await cli(['plan']);
    expect([plan.code, plan.stdout.split('\n').at(-2)]).toEqual([
      0,
      'Nothing to change: 0 to create, 0 to update, 0 to delete, 25 unchanged.',
    ]);
    const again = await cli(['apply']);
    expect(again.stdout).toContain(
      `Nothing to change on Metabase at ${live.url} (${dialect}): 0 created, 0 updated, 0 deleted, 25 unchanged.\n`,
    );
    const sales = (await state()).dashboards.find((dashboard) => dashboard.name === 'Sales');
    expect(sales?.dashcards).toHaveLength(10);
    expect(sales?.parameters.map((parameter) => (parameter as { id: string }).id)).toEqual(['from', 'to']);
  });

  it("answers the Revenue card with kpis --json's revenue, over all time and over one day", async () => {
    const client = await session();
    const revenue = (await state()).cards.find((card) => card.name === 'Sales · Revenue');
    expect(revenue).toBeDefined();
    for (const range of [undefined, day]) {
      const parameters = range
        ? [
            { type: 'date/single', target: ['variable', ['template-tag', 'from']], value: range.since.slice(0, 10) },
            { type: 'date/single', target: ['variable', ['template-tag', 'to']], value: range.until.slice(0, 10) },
          ]
        : [];
      // 202 either way: a query Metabase could not run says so in `status` and `error`.
      const answer = await client.request<{ status: string; error?: string; data: { rows: unknown[][] } }>(
        'POST',
        `/api/card/${revenue?.id}/query`,
        { parameters },
      );
      expect([answer.status, answer.error]).toEqual(['completed', undefined]);
      const kpis = await runTsCli(
        'admin/kpis-cli.ts',
        ['--json', '--html', join(work, 'k.html'), ...(range ? ['--since', range.since, '--until', range.until] : [])],
        env,
      );
      const report = JSON.parse(kpis.stdout) as { summary: { revenue: string } };
      expect(Number(answer.data.rows[0]?.[0] ?? 0).toFixed(2), JSON.stringify(range)).toBe(report.summary.revenue);
    }
  });

  it('refuses a wrong admin password in one sentence, exit 1', async () => {
    const email = loadConfig({ env }).values.METABASE_ADMIN_EMAIL;
    const refused = await runTsCli('admin/dashboards-cli.ts', ['plan', '--target', 'metabase'], {
      ...env,
      METABASE_ADMIN_PASSWORD: 'Not-the-passw0rd',
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(
        `^error: Metabase at ${live.url.replace(/[.]/g, '\\.')} refused ${email.replace(/[.]/g, '\\.')}'s login \\(HTTP 40[01]\\): set METABASE_ADMIN_EMAIL and METABASE_ADMIN_PASSWORD in \\.env to an admin of it\\.\\n$`,
      ),
    );
  });

  it('--prune deletes a card nobody declares inside the collection, and only there', async () => {
    const client = await session();
    const found = await state();
    const stray = {
      name: 'Stray question',
      type: 'question',
      display: 'table',
      collection_id: found.collection?.id,
      dataset_query: { database: found.database?.id, type: 'native', native: { query: 'SELECT 1 AS one' } },
      visualization_settings: {},
    };
    const strayId = await client.create('card', stray);
    const outside = await client.create('card', { ...stray, name: `Outside ${prefix}`, collection_id: null });
    try {
      const plan = await cli(['plan', '--prune']);
      expect(plan.code).toBe(3);
      expect(plan.stdout).toContain('  - card "Stray question" (delete)\n');
      expect((await cli(['apply', '--prune'])).code).toBe(0);
      expect((await state()).cards.map((card) => card.id)).not.toContain(strayId);
      expect((await client.request<{ id: number }>('GET', `/api/card/${outside}`)).id).toBe(outside);
    } finally {
      await client.request('DELETE', `/api/card/${outside}`);
    }
  });

  it('exports the Sales dashboard back to exactly dashboards/sales.json', async () => {
    const exported = await runTsCli('admin/dashboards-cli.ts', ['export', 'sales', '--target', 'metabase', '--stdout'], env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toEqual(JSON.parse(readFileSync(join(DASHBOARDS_DIR, 'sales.json'), 'utf8')));
  });
});
