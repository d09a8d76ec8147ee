import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { parseDocument } from 'yaml';
import { EXIT, runCli } from '../lib/cli/run-cli.js';
import { choices, durationOf } from '../lib/cli/value-parsers.js';
import { loadConfig } from '../lib/config/load-config.js';
import type { Dialect } from '../lib/warehouses.js';
import { stackPaths } from '../stack/stack-paths.js';
import { stackSettingsFrom } from '../stack/stack-settings.js';
import { readVersions } from '../stack/versions.js';
import { warehouseOption } from './cli-options.js';
import { defaultComposeWarehouse, EXTRAS, type Extra } from './compose/compose-plan.js';
import { COMPOSE_ENDPOINTS_MARK, composeEnv, composeUp } from './compose/compose-up.js';
import { applyComposeVersions } from './compose/compose-versions.js';
import { COMPOSE_FILE, requireCompose, runCompose } from './compose/docker-compose-command.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

const parseExtras = choices('--with', EXTRAS, 'extra');

const program = new Command('compose').description('The Docker Compose stack (compose/docker-compose.yml).');

program
  .command('up')
  .description('Start Kafka, Connect and one warehouse (plus extras), wait until healthy, migrate, apply the connectors, print the URLs.')
  .addOption(warehouseOption())
  .addOption(new Option('--with <extras>', `extras, comma-separated: ${EXTRAS.join(', ')}`).default([], 'none').argParser(parseExtras))
  .option('--timeout <time>', 'how long to wait for health and the one-shot services', '10m')
  .option('--dry-run', 'print what would start and change nothing', false)
  .addHelpText(
    'after',
    `
Needs a Docker engine with Compose v2. Secrets come from .env (copy compose/.env.example).
Exit codes: 0 up, 1 a service failed or no Docker, 2 bad options or a missing secret.

Examples:
  npm run up
  npm run up -- --warehouse clickhouse --with metabase,jupyter
  npm run up -- --warehouse postgres --with demo`,
  )
  .action(async (options: { warehouse?: Dialect; with: Extra[]; timeout: string; dryRun: boolean }) => {
    const config = loadConfig();
    const warehouse = options.warehouse ?? defaultComposeWarehouse(config);
    const timeoutMs = durationOf(options.timeout, '--timeout');
    if (options.dryRun) {
      say(
        `Would run: docker compose -f ${COMPOSE_FILE} up --detach --build with COMPOSE_PROFILES=${[warehouse, ...options.with].join(',')}, then wait up to ${options.timeout}.`,
      );
      return;
    }
    await composeUp(config, { warehouse, extras: options.with, timeoutMs }, say);
    const value = (name: 'COMPOSE_KAFKA_PORT' | 'COMPOSE_CONNECT_PORT' | 'COMPOSE_METABASE_PORT' | 'COMPOSE_JUPYTER_PORT') =>
      config.values[name];
    say(`Compose stack up with ${warehouse}. Endpoints written to the stack's endpoints file; every npm run command now uses them.`);
    say(`  Kafka            localhost:${value('COMPOSE_KAFKA_PORT')}`);
    say(`  Kafka Connect    http://localhost:${value('COMPOSE_CONNECT_PORT')}`);
    if (options.with.includes('metabase')) say(`  Metabase         http://localhost:${value('COMPOSE_METABASE_PORT')}`);
    if (options.with.includes('jupyter'))
      say(`  Jupyter          http://localhost:${value('COMPOSE_JUPYTER_PORT')}/lab (token: JUPYTER_TOKEN from .env)`);
  });

program
  .command('down')
  .description('Stop and remove the Compose containers (data volumes are kept unless --volumes).')
  .option('--volumes', 'also delete the data volumes (Kafka log, warehouse data, Metabase)', false)
  .action(async (options: { volumes: boolean }) => {
    await requireCompose();
    const config = loadConfig();
    const code = await runCompose(
      ['--profile', '*', 'down', '--remove-orphans', ...(options.volumes ? ['--volumes'] : [])],
      composeEnv(config),
    );
    const endpoints = stackPaths(stackSettingsFrom(config).stackDir).endpoints;
    if (existsSync(endpoints) && readFileSync(endpoints, 'utf8').startsWith(COMPOSE_ENDPOINTS_MARK)) rmSync(endpoints);
    process.exitCode = code === 0 ? EXIT.OK : EXIT.FAILED;
  });

program
  .command('versions')
  .description('Write stack/versions.json into compose/docker-compose.yml (images and build arguments); --check only reports.')
  .option('--check', 'exit 3 when the compose file differs from stack/versions.json, changing nothing', false)
  .action((options: { check: boolean }) => {
    const doc = parseDocument(readFileSync(COMPOSE_FILE, 'utf8'));
    const mismatches = applyComposeVersions(doc, readVersions());
    for (const m of mismatches) say(`${m.path}: ${m.found ?? '(missing)'} → ${m.expected}`);
    if (mismatches.length === 0) {
      say('compose/docker-compose.yml agrees with stack/versions.json.');
      return;
    }
    if (options.check) {
      say('Run npm run compose:versions to write them.');
      process.exitCode = EXIT.PENDING;
      return;
    }
    writeFileSync(COMPOSE_FILE, doc.toString({ lineWidth: 0 }));
    say(`Wrote ${mismatches.length} value(s) into compose/docker-compose.yml.`);
  });

await runCli(program);
