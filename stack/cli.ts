import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { EXIT, runCli, say } from '../lib/cli/run-cli.js';
import { renderTable } from '../lib/cli/table.js';
import { choices, positiveInteger } from '../lib/cli/value-parsers.js';
import { PipelineError } from '../lib/errors.js';
import { serviceNamed, servicesNamed } from './services/all-services.js';
import type { ServiceName } from './services/service.js';
import { createStackContext, stackDown, stackUp, startService, stopService } from './stack-controller.js';
import { STACK_EXTRAS, STACK_WAREHOUSES, type StackExtra, type StackWarehouse, stackWarehousesOf } from './stack-settings.js';
import { mebibytes, readStackStatus, runningRssBytes } from './stack-status.js';
import { describeTopology } from './stack-topology.js';

function warehouseList(value: string): StackWarehouse[] {
  const parts = value.split(',').map((part) => part.trim());
  const unknown = parts.filter((part) => !(STACK_WAREHOUSES as readonly string[]).includes(part));
  if (unknown.length > 0 || parts.length === 0) {
    throw new InvalidArgumentError(
      `--warehouse "${value}" names ${unknown.map((u) => `"${u}"`).join(', ') || 'nothing'}; use postgres, clickhouse or postgres,clickhouse.`,
    );
  }
  return stackWarehousesOf(value);
}

/** The names this stack's topology has (kafka-1 … in a cluster); `kafka` and `connect` mean all their nodes. */
const serviceArgument = (command: Command) =>
  command.argument(
    '<service>',
    `a node (postgres, clickhouse, superset, kafka and connect on one node; kafka-N and connect-N in a cluster), or kafka / connect for all their nodes`,
    (value: string) => {
      servicesNamed(createStackContext().topology, value);
      return value;
    },
  );

const nodeCount = (flag: string, max: number) => (value: string) => {
  const count = positiveInteger(flag)(value);
  if (count > max) throw new InvalidArgumentError(`${flag} ${value} is more than ${max}; use 1 to ${max}.`);
  return count;
};

const program = new Command('stack')
  .description(
    'Run the native stack (Kafka 4 in KRaft mode, Kafka Connect with the Debezium JDBC sink, PostgreSQL and/or the embedded ClickHouse engine behind its HTTP interface, and Apache Superset when asked) without Docker.',
  )
  .addHelpText('after', '\nExit codes: 0 done, 1 failed, 2 bad usage.');

program
  .command('up')
  .description('Start Kafka, Connect, the chosen warehouses and extras where not running, and wait until each is healthy (idempotent).')
  .addOption(
    new Option('--warehouse <list>', 'postgres, clickhouse or postgres,clickhouse (default: STACK_WAREHOUSES, postgres)').argParser(
      warehouseList,
    ),
  )
  .addOption(
    new Option('--with <extras>', `also run, comma-separated: ${STACK_EXTRAS.join(', ')} (Apache Superset on STACK_SUPERSET_PORT)`)
      .default([], 'none')
      .argParser(choices('--with', STACK_EXTRAS, 'extra')),
  )
  .addOption(
    new Option(
      '--brokers <count>',
      'Kafka nodes, 1 to 5: 3 gives replication factor 3, min.insync.replicas=2 (default: STACK_BROKERS, 1)',
    ).argParser(nodeCount('--brokers', 5)),
  )
  .addOption(
    new Option('--workers <count>', 'Connect workers in one group, 1 to 4 (default: STACK_CONNECT_WORKERS, 1)').argParser(
      nodeCount('--workers', 4),
    ),
  )
  .addHelpText(
    'after',
    `
A stack keeps the number of brokers and workers it was first started with: changing it needs
\`npm run stack:down -- --purge\` first, or another STACK_DIR and ports for a second stack.

Examples:
  npm run stack:up
  npm run stack:up -- --brokers 3 --workers 2    # a cluster: kafka-1..3, connect-1..2
  npm run stack:up -- --warehouse clickhouse
  npm run stack:up -- --warehouse postgres,clickhouse
  npm run stack:up -- --with superset          # the first time builds .venv-superset (about 3 minutes)`,
  )
  .action(async (options: { warehouse?: StackWarehouse[]; with: StackExtra[]; brokers?: number; workers?: number }) => {
    const started = Date.now();
    const context = createStackContext();
    const asked = {
      ...(options.brokers === undefined ? {} : { brokers: options.brokers }),
      ...(options.workers === undefined ? {} : { workers: options.workers }),
    };
    const { startedCount, topology } = await stackUp(context, say, {
      warehouses: options.warehouse,
      extras: options.with,
      topology: asked,
    });
    const memory = runningRssBytes({ ...context, topology });
    say(
      startedCount === 0
        ? 'Native stack already running; nothing to do.'
        : `Native stack up in ${((Date.now() - started) / 1000).toFixed(1)} s (${describeTopology(topology)}). Endpoints: ${context.paths.endpoints}`,
    );
    say(`Resident memory: ${mebibytes(memory.bytes)} across ${memory.nodes} service process trees (\`npm run stack:status\` shows each).`);
  });

program
  .command('down')
  .description('Stop the processes this stack started (graceful, then forced).')
  .option('--purge', 'also delete data, logs and generated secrets (jars stay)', false)
  .action(async (options: { purge: boolean }) => {
    await stackDown(createStackContext(), options, say);
    say(options.purge ? 'Native stack stopped and purged.' : 'Native stack stopped.');
  });

program
  .command('status')
  .description('Show each service (each node of a cluster): state, pid, ports, health, version and resident memory.')
  .option('--json', 'print JSON instead of a table', false)
  .action(async (options: { json: boolean }) => {
    const status = await readStackStatus(createStackContext());
    if (options.json) {
      say(JSON.stringify(status, null, 2));
      return;
    }
    say(
      renderTable(
        ['service', 'state', 'pid', 'ports', 'health', 'version', 'RSS'],
        status.services.map((s) => [
          s.service,
          s.state,
          s.pid ?? '-',
          s.ports.join(','),
          s.healthy ? 'ok' : s.detail,
          s.version ?? '-',
          mebibytes(s.rssBytes),
        ]),
      ),
    );
    say(
      `${describeTopology(status.topology)}. Total RSS: ${mebibytes(status.totalRssBytes)}. Endpoints file: ${status.endpointsFile}${existsSync(status.endpointsFile) ? '' : ' (absent: stack not up)'}`,
    );
  });

program
  .command('logs')
  .description(
    "Print the end of a service's log (kafka, connect, postgres, clickhouse, superset, clickhouse-engine for the engine's own log, or maven for the jar download).",
  )
  .addArgument(new Argument('<service>', 'whose log: a node (kafka-2 in a cluster), clickhouse-engine or maven'))
  .addOption(new Option('-n, --lines <count>', 'how many lines').default(100).argParser(positiveInteger('--lines')))
  .option('-f, --follow', 'keep printing as the log grows', false)
  .action((name: string, options: { lines: number; follow: boolean }) => {
    const context = createStackContext();
    const file =
      name === 'maven' || name === 'clickhouse-engine'
        ? join(context.paths.logs, `${name === 'maven' ? 'maven' : 'clickhouse'}.log`)
        : serviceNamed(context.topology, name).logFile(context);
    if (!existsSync(file)) {
      throw new PipelineError('SERVICE_NOT_RUNNING', `There is no log at ${file} yet; start the stack with \`npm run stack:up\`.`);
    }
    const result = spawnSync('tail', ['-n', String(options.lines), ...(options.follow ? ['-F'] : []), file], { stdio: 'inherit' });
    process.exitCode = result.status ?? EXIT.FAILED;
  });

for (const [verb, description] of [
  ['start', 'Start one service or node (its dependencies must be running); kafka or connect alone means all their nodes.'],
  ['stop', 'Stop one service or node gracefully; the others keep running.'],
  ['restart', 'Stop, then start one service or node.'],
] as const) {
  serviceArgument(program.command(verb).description(description)).action(async (name: ServiceName) => {
    const context = createStackContext();
    if (verb !== 'start') await stopService(context, name, say);
    if (verb !== 'stop') await startService(context, name, say);
  });
}

await runCli(program);
