import { Command, Option } from 'commander';
import { say } from '../../../lib/cli/run-cli.js';
import { durationOf } from '../../../lib/cli/value-parsers.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { describeCause } from '../../../lib/errors.js';
import type { Dialect } from '../../../lib/warehouses.js';
import { warehouseOption } from '../../cli-options.js';
import { metabaseDashboards } from '../../dashboards/metabase/run-metabase.js';
import { chooseComposeWarehouse, composeShopUrl, EXTRAS, type Extra, engineArchOf } from '../compose-plan.js';
import { composeUp } from '../compose-up.js';
import { COMPOSE_FILE } from '../docker-compose-command.js';
import { probeDockerEngine } from '../docker-engine.js';
import { parseExtras } from './shared.js';

/** The dashboards the Compose one-shot applied, one line each with its URL (or why they cannot be listed). */
async function dashboardLines(base: string): Promise<string[]> {
  try {
    // Loaded again: .env now holds the generated admin password, the endpoints file METABASE_URL.
    const dashboards = await metabaseDashboards(loadConfig(), base);
    return dashboards.map((dashboard) => `    ${dashboard.name.padEnd(20)} ${dashboard.url}`);
  } catch (error) {
    return [`    (the dashboards could not be listed: ${describeCause(error)})`];
  }
}

export const upCommand = () =>
  new Command('up')
    .description(
      'Start Kafka, Connect and one warehouse (plus extras), wait until healthy, migrate, apply the connectors (and with metabase the dashboards), print the URLs.',
    )
    .addOption(warehouseOption())
    .addOption(new Option('--with <extras>', `extras, comma-separated: ${EXTRAS.join(', ')}`).default([], 'none').argParser(parseExtras))
    .option('--timeout <time>', 'how long to wait for health and the one-shot services', '10m')
    .option('--dry-run', 'print what would start and change nothing', false)
    .addHelpText(
      'after',
      `
Needs a Docker engine with Compose v2.24+. Secrets come from .env; the missing ones of the chosen
profiles are generated into it. SQL Server's image is amd64 only: on arm64 the default is ClickHouse.
Exit codes: 0 up, 1 a service failed or no Docker, 2 bad options or a missing secret.

Examples:
    npm run up
    npm run up -- --warehouse clickhouse --with metabase,jupyter
    npm run up -- --warehouse postgres --with demo
    npm run up -- --with web`,
    )
    .action(async (options: { warehouse?: Dialect; with: Extra[]; timeout: string; dryRun: boolean }) => {
      const config = loadConfig();
      const timeoutMs = durationOf(options.timeout, '--timeout');
      const engine = await probeDockerEngine();
      const { warehouse, note } = chooseComposeWarehouse(config, engineArchOf(engine.arch), options.warehouse);
      if (note) say(note);
      if (options.dryRun) {
        say(
          `Would run: docker compose -f ${COMPOSE_FILE} up --detach --build with COMPOSE_PROFILES=${[warehouse, ...options.with].join(',')}, then wait up to ${options.timeout}.`,
        );
        return;
      }
      await composeUp(config, { warehouse, extras: options.with, timeoutMs }, say);
      const value = (
        name: 'COMPOSE_KAFKA_PORT' | 'COMPOSE_CONNECT_PORT' | 'COMPOSE_METABASE_PORT' | 'COMPOSE_JUPYTER_PORT' | 'COMPOSE_COLLECTOR_PORT',
      ) => config.values[name];
      say(`Compose stack up with ${warehouse}. Endpoints written to the stack's endpoints file; every npm run command now uses them.`);
      say(`  Kafka            localhost:${value('COMPOSE_KAFKA_PORT')}`);
      say(`  Kafka Connect    http://localhost:${value('COMPOSE_CONNECT_PORT')}`);
      if (options.with.includes('metabase')) {
        const base = `http://localhost:${value('COMPOSE_METABASE_PORT')}`;
        say(`  Metabase         ${base} (log in as METABASE_ADMIN_EMAIL with METABASE_ADMIN_PASSWORD from .env)`);
        for (const line of await dashboardLines(base)) say(line);
      }
      if (options.with.includes('jupyter'))
        say(`  Jupyter          http://localhost:${value('COMPOSE_JUPYTER_PORT')}/lab (token: JUPYTER_TOKEN from .env)`);
      if (options.with.includes('web'))
        say(`  Demo shop        ${composeShopUrl(value('COMPOSE_COLLECTOR_PORT'))} (the collector: POST /v1/events)`);
    });
