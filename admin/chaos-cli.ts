import { join } from 'node:path';
import { Command, Option } from 'commander';
import { EXIT, runCli, say } from '../lib/cli/run-cli.js';
import { untilStopSignal } from '../lib/cli/until-stop-signal.js';
import { duration, nonNegativeInteger, rate } from '../lib/cli/value-parsers.js';
import { createStackContext } from '../stack/stack-controller.js';
import { runChaos } from './chaos/run-chaos.js';

const program = new Command('chaos')
  .description(
    "Steady traffic into a native-stack cluster (3 brokers or more) while a seeded schedule kills and restarts brokers, Connect workers and the warehouse, pauses a broker (SIGSTOP) and slows the warehouse; then waits for the pipeline to drain and checks every record against the producer's report: nothing lost, no duplicate, every in-doubt record accounted for, revenue to the cent.",
  )
  .addOption(
    new Option('--seed <n>', 'the fault schedule and the traffic (the same seed repeats them; printed)').argParser(
      nonNegativeInteger('--seed'),
    ),
  )
  .addOption(
    new Option('--duration <time>', 'how long traffic and faults run, e.g. 2m, 300s')
      .default(300_000, '5m')
      .argParser(duration('--duration')),
  )
  .addOption(
    new Option('--rate <orders/s>', 'orders per second, each with its lines, clickstream and feedback')
      .default(40)
      .argParser(rate('--rate')),
  )
  .addOption(
    new Option(
      '--warehouse <name>',
      "the warehouse the faults hit: postgres (Debezium JDBC sinks) or clickhouse (the ClickHouse service's Kafka engine)",
    )
      .default('postgres')
      .choices(['postgres', 'clickhouse']),
  )
  .option('--report <file>', 'where the JSON report goes (default: <STACK_DIR>/chaos/seed-<seed>.json)')
  .addOption(
    new Option('--drain-timeout <time>', 'how long to wait after the traffic for every record to land')
      .default(300_000, '5m')
      .argParser(duration('--drain-timeout')),
  )
  .option('--keep', "keep the run's database, topics and connectors afterwards (deleted by default)", false)
  .option('--json', 'print the report as JSON instead of text', false)
  .addHelpText(
    'after',
    `
Exit codes: 0 nothing lost or duplicated and the money adds up, 1 otherwise (the report names the keys
and the faults in flight when they were sent), 2 bad options or a stack that is not a cluster.

The run uses its own database, topic suffix and connectors (chaos-…), deleted at the end unless --keep.

Examples:
  npm run stack:up -- --brokers 3 --workers 2
  npm run chaos                                    # 5 minutes, a random seed (printed)
  npm run chaos -- --duration 2m --seed 42         # the same faults as another run with seed 42`,
  )
  .action(
    async (options: {
      seed?: number;
      duration: number;
      rate: number;
      warehouse: 'postgres' | 'clickhouse';
      report?: string;
      drainTimeout: number;
      keep: boolean;
      json: boolean;
    }) => {
      const context = createStackContext();
      const seed = options.seed ?? Math.floor(Math.random() * 1_000_000);
      const stop = new AbortController();
      void untilStopSignal().then((signal) => {
        process.stderr.write(`${signal}: stopping the traffic and the faults, restoring every node…\n`);
        stop.abort();
      });
      const report = await runChaos(
        context,
        {
          seed,
          durationMs: options.duration,
          ratePerSecond: options.rate,
          warehouse: options.warehouse,
          reportFile: options.report ?? join(context.paths.root, 'chaos', `seed-${seed}.json`),
          drainTimeoutMs: options.drainTimeout,
          keep: options.keep,
          signal: stop.signal,
        },
        options.json ? (line) => process.stderr.write(`${line}\n`) : say,
      );
      if (options.json) say(JSON.stringify(report, null, 2));
      process.exitCode = report.verdict.ok ? EXIT.OK : EXIT.FAILED;
    },
  );

await runCli(program);
