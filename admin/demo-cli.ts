import { Command, Option } from 'commander';
import { EXIT, runCli, say } from '../lib/cli/run-cli.js';
import { choices, nonNegativeInteger, positiveInteger } from '../lib/cli/value-parsers.js';
import { loadConfig } from '../lib/config/load-config.js';
import { DEFAULT_TRAFFIC_PROFILE } from '../producer/traffic-profile.js';
import { chooseComposeWarehouse, engineArchOf } from './compose/compose-plan.js';
import { composePluginVersion } from './compose/docker-compose-command.js';
import { probeDockerEngine } from './compose/docker-engine.js';
import {
  DEFAULT_DEMO_ORDERS,
  DEFAULT_DEMO_START,
  DEFAULT_DEMO_TIMEOUT,
  DEMO_EXTRAS,
  demoOptionsFrom,
  type RawDemoOptions,
} from './demo/demo-options.js';
import { composeTarget, nativeTarget } from './demo/demo-targets.js';
import { DEMO_REPORT_FILE, DEMO_STEPS, runDemo } from './demo/run-demo.js';

const program = new Command('demo')
  .description(
    'The whole pipeline in one command: stack, tables, topics, connectors, N orders produced, wait until the warehouse holds them, then the KPI report, freshness and a reconciliation.',
  )
  .addOption(
    new Option('--orders <count>', 'orders to produce, with their clickstream and feedback')
      .default(DEFAULT_DEMO_ORDERS)
      .argParser(positiveInteger('--orders')),
  )
  .addOption(
    new Option('--seed <n>', 'generator seed; repeat a run exactly [default: a new one each run]').argParser(nonNegativeInteger('--seed')),
  )
  .option(
    '--profile <name|file>',
    'traffic around each order: realistic (about 160 clickstream events per order), compact (about 14) or a profile file',
    DEFAULT_TRAFFIC_PROFILE,
  )
  .option('--start <time>', 'event time of the first order: ISO-8601, "now" or "now-<duration>"', DEFAULT_DEMO_START)
  .option('--timeout <time>', 'how long to wait for every row to land', DEFAULT_DEMO_TIMEOUT)
  .option('--keep', 'leave the stack running at the end (otherwise what the demo started is stopped; data is kept)', false)
  .option('--dry-run', 'print the steps and change nothing', false)
  .option('--native', 'use the native stack even where Docker answers', false)
  .option('--watch', 'run connectors:watch alongside: a sink task FAILED on a record is quarantined, any other restarted', false)
  .addOption(
    new Option(
      '--with <extras>',
      `add to the demo, comma-separated: ${DEMO_EXTRAS.join(', ')} (the collector and its demo shop, open until Ctrl-C)`,
    )
      .default([], 'none')
      .argParser(choices('--with', DEMO_EXTRAS, 'extra')),
  )
  .addHelpText(
    'after',
    `
Safe to run again: each run adds new orders (a new seed) to the same topics and tables.
Exit codes: 0 done, 1 a step failed (the stack is left running to look at), 2 bad options.

Examples:
  npm run demo
  npm run demo -- --orders 20000 --keep
  npm run demo -- --seed 42 --dry-run
  npm run demo -- --with web
  npm run demo -- --watch`,
  )
  .action(async (raw: RawDemoOptions & { native: boolean }) => {
    const options = demoOptionsFrom(raw);
    const docker = await probeDockerEngine();
    const compose = docker.available && !raw.native && (await composePluginVersion()) !== undefined;
    const config = loadConfig();
    const configured = config.values.WAREHOUSE;
    const chosen = config.origins.WAREHOUSE !== 'default';
    const { warehouse: composeWarehouse, note } = compose
      ? chooseComposeWarehouse(config, engineArchOf(docker.arch))
      : { warehouse: 'mssql' as const, note: undefined };
    // Without Docker: PostgreSQL, or ClickHouse when WAREHOUSE chooses it (the native stack runs both).
    const nativeWarehouse = chosen && configured === 'clickhouse' ? 'clickhouse' : 'postgres';
    const nativeTitle = nativeWarehouse === 'clickhouse' ? 'native stack with ClickHouse' : 'native stack with PostgreSQL';
    say(`ecommerce-kafka-pipeline demo — ${compose ? `Docker Compose with ${composeWarehouse}` : nativeTitle}`);
    if (compose) {
      say(`  ${docker.detail} with Compose answered: using the Compose stack (npm run up). --native uses the native stack instead.`);
      if (note) say(`  ${note}`);
      say('  WAREHOUSE (or .env) chooses mssql, clickhouse or postgres; missing secrets are generated into .env.');
    } else {
      say(
        docker.available
          ? raw.native
            ? '  --native: using the native stack (Kafka and Connect as local JVM processes).'
            : `  ${docker.detail} answered, but the Docker Compose plugin is missing: using the native stack.`
          : `  No Docker engine (${docker.detail}): using the native stack (Kafka and Connect as local JVM processes).`,
      );
      if (chosen && configured === 'mssql')
        say('  WAREHOUSE=mssql is set, but SQL Server runs only under Docker: this demo uses PostgreSQL (WAREHOUSE=clickhouse runs too).');
      if (nativeWarehouse === 'clickhouse')
        say(
          "  ClickHouse: the native stack's ClickHouse service (the embedded engine) consumes the topics itself (CLICKHOUSE_INGEST=kafka-engine).",
        );
      say('  SQL Server and the ClickHouse server run under Docker: with a Docker engine, the demo uses Compose (README, "With Docker").');
    }
    if (options.dryRun) {
      say(`\nWould run, with ${options.orders} orders (seed ${options.seed}), waiting up to ${raw.timeout}:`);
      for (const [index, title] of DEMO_STEPS.entries()) say(`  ${index + 1}. ${title}`);
      if (options.web) {
        const port = compose ? config.values.COMPOSE_COLLECTOR_PORT : config.values.COLLECTOR_PORT;
        say(`  --with web: the collector's demo shop on port ${port} from step 1, open at the end until Ctrl-C.`);
      }
      if (options.watch)
        say(
          '  --watch: connectors:watch runs from step 5 to the end (connectors/watch-policy.json): a FAILED sink is quarantined or restarted.',
        );
      say(`  Report: ${DEMO_REPORT_FILE}. ${options.keep ? 'The stack is left running.' : 'Then stops what it started.'}`);
      return;
    }
    const target = compose
      ? await composeTarget(composeWarehouse, { web: options.web })
      : nativeTarget(nativeWarehouse, { web: options.web });
    await runDemo(options, target, say);
    process.exitCode = EXIT.OK;
  });

await runCli(program);
