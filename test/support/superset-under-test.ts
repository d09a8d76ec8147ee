import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { databaseNameOf } from '../../admin/dashboards/dashboard-targets.js';
import { managedMarker } from '../../admin/dashboards/superset/apply-superset.js';
import { removeManaged } from '../../admin/dashboards/superset/remove-managed.js';
import { SupersetClient } from '../../admin/dashboards/superset/superset-client.js';
import { loadConfig } from '../../lib/config/load-config.js';
import type { Dialect } from '../../lib/warehouses.js';
import { serviceNamed } from '../../stack/services/all-services.js';
import { createStackContext, pidStateOf, startService, stopService } from '../../stack/stack-controller.js';

const log = (line: string) => process.stdout.write(`[superset] ${line}\n`);

/**
 * The native stack's Superset for one test file: started when it is not running (the first time this
 * builds .venv-superset and its metadata, a few minutes), stopped at the end only if started here.
 */
export async function startSupersetUnderTest() {
  const running = pidStateOf(createStackContext(), serviceNamed(createStackContext().topology, 'superset')).kind === 'running';
  if (!running) await startService(createStackContext(), 'superset', log);
  const config = loadConfig();
  const url = config.values.SUPERSET_URL ?? '';
  const login = { user: config.values.SUPERSET_USER, password: config.values.SUPERSET_PASSWORD ?? '' };
  const client = async () => {
    const connected = new SupersetClient(url, login);
    await connected.connect();
    return connected;
  };
  return {
    url,
    login,
    client,
    /** Deletes what a test applied under its prefix (dashboards, charts, datasets, then the connection). */
    async removeApplied(prefix: string, dialect: Dialect) {
      await removeManaged(await client(), managedMarker(prefix, dialect), databaseNameOf(prefix, dialect));
    },
    async close() {
      if (!running) await stopService(createStackContext(), 'superset', log);
    },
  };
}

export type SupersetUnderTest = Awaited<ReturnType<typeof startSupersetUnderTest>>;

/** Logs a Chromium page into Superset with its login form. */
export async function logIntoSuperset(page: Page, superset: SupersetUnderTest): Promise<void> {
  await page.goto(`${superset.url}/login/`);
  await page.fill('#username', superset.login.user);
  await page.fill('#password', superset.login.password);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/superset\/welcome/, { timeout: 60_000 });
}

/** Waits until every chart of the open dashboard has drawn (no loading indicator) and counts those showing an error. */
export async function renderedDashboard(page: Page): Promise<{ charts: number; errors: number }> {
  await page.waitForSelector('.dashboard-component-chart-holder', { timeout: 60_000 });
  // Evaluated in the page (a string: this project's TypeScript has no DOM types outside the tag).
  const allDrawn = `(() => {
    const holders = [...document.querySelectorAll('.dashboard-component-chart-holder')];
    return holders.length > 0
      && document.querySelectorAll('.dashboard-component-chart-holder [data-test="loading-indicator"], .dashboard-component-chart-holder .loading').length === 0
      && holders.every((holder) => holder.querySelector('canvas, svg, table, .header-line, [role="alert"], .alert') !== null);
  })()`;
  await page.waitForFunction(allDrawn, undefined, { timeout: 90_000 });
  return {
    charts: await page.locator('.dashboard-component-chart-holder').count(),
    errors: await page.locator('.dashboard-component-chart-holder [role="alert"], .dashboard-component-chart-holder .alert-danger').count(),
  };
}

/** The JSON files of dashboards/ (the schema too), for tests that copy them to change or drop one. */
export function dashboardFilesOf(dir: string): Map<string, string> {
  return new Map(
    readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
  );
}
