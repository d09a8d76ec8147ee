import Table from 'cli-table3';
import { Command, Option } from 'commander';
import { EXIT, runCli } from '../lib/cli/run-cli.js';
import { duration, positiveInteger } from '../lib/cli/value-parsers.js';
import { loadConfig } from '../lib/config/load-config.js';
import { PipelineError } from '../lib/errors.js';
import { createKafka } from '../lib/kafka/kafka-client.js';
import type { Dialect } from '../lib/warehouses.js';
import { warehouseOption } from './cli-options.js';
import { ConnectClient } from './connect/connect-client.js';
import { applyPlan, planAgainstWorker } from './connectors/apply-connectors.js';
import { readConnectorStatuses } from './connectors/connector-status.js';
import { readDeadLetters } from './connectors/dead-letters.js';
import { loadConnectorDefinitions } from './connectors/load-connectors.js';
import type { PlanAction } from './connectors/plan-connectors.js';
import { hasChanges } from './connectors/plan-connectors.js';
import { CONNECTORS_DIR } from './connectors/read-connector-files.js';
import { renderConnectors } from './connectors/render-connectors.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

interface Common {
  warehouse?: Dialect;
  dir: string;
}

/** Reads and validates offline; throws with every problem listed. */
function loadDefinitions(options: Common, onlyWarehouse: Dialect | undefined, config = loadConfig()) {
  return { config, ...loadConnectorDefinitions(options.dir, onlyWarehouse, config) };
}

/** Files of one warehouse (the --warehouse option or WAREHOUSE), rendered, plus the Connect client. */
function prepare(options: Common, onWrite?: (method: string, path: string) => void) {
  const config = loadConfig();
  const warehouse = options.warehouse ?? config.values.WAREHOUSE;
  const { prefix, connectors } = loadDefinitions(options, warehouse, config);
  const rendered = renderConnectors(connectors, config.text);
  const client = new ConnectClient(config.values.CONNECT_URL, { onWrite });
  return { warehouse, config, rendered, client, scope: `${prefix}-${warehouse}-` };
}

function describeAction(action: PlanAction, prune: boolean): string[] {
  switch (action.action) {
    case 'create':
      return [`+ create ${action.name}`];
    case 'update':
      return [
        `~ update ${action.name}`,
        ...action.changes.map((change) => `    ${change.key}: ${JSON.stringify(change.before)} → ${JSON.stringify(change.after)}`),
      ];
    case 'unchanged':
      return [`= unchanged ${action.name}`];
    case 'delete':
      return [`- ${prune ? 'delete' : 'would delete (with --prune)'} ${action.name}`];
  }
}

const dirOption = () => new Option('--dir <path>', 'connectors directory').default(CONNECTORS_DIR, 'connectors/');
const program = new Command('connectors').description(
  'Kafka Connect sinks kept as files in connectors/<warehouse>/: validate, plan, apply, operate.',
);

program
  .command('validate')
  .description('Check every connector file offline (no services): JSON, shape, name, class schema, secrets, placeholders.')
  .addOption(warehouseOption())
  .addOption(dirOption())
  .action((options: Common) => {
    const { files, connectors } = loadDefinitions(options, options.warehouse);
    say(`${connectors.length} of ${files.length} connector file(s) valid.`);
  });

program
  .command('plan')
  .description('Validate with the worker, then show what apply would do. Exit 0 nothing to do, 3 changes pending.')
  .addOption(warehouseOption())
  .addOption(dirOption())
  .option('--json', 'print the plan as JSON', false)
  .action(async (options: Common & { json: boolean }) => {
    const { client, rendered, scope } = prepare(options);
    const actions = await planAgainstWorker(client, rendered, scope);
    if (options.json)
      say(
        JSON.stringify(
          actions.map((action) => ('config' in action ? { ...action, config: undefined } : action)),
          null,
          2,
        ),
      );
    else for (const action of actions) for (const line of describeAction(action, true)) say(line);
    process.exitCode = hasChanges(actions, true) ? EXIT.PENDING : EXIT.OK;
  });

program
  .command('apply')
  .description('Plan, write only what changed, optionally prune, then wait until every connector and task is RUNNING.')
  .addOption(warehouseOption())
  .addOption(dirOption())
  .option('--prune', 'delete live <prefix>-<warehouse>-… connectors that no file defines', false)
  .option('--dry-run', 'print the plan and change nothing', false)
  .addOption(new Option('--timeout <time>', 'how long to wait for RUNNING').default(120_000, '120s').argParser(duration('--timeout')))
  .addOption(new Option('--settle <time>', 'keep watching this long after RUNNING').default(5_000, '5s').argParser(duration('--settle')))
  .action(async (options: Common & { prune: boolean; dryRun: boolean; timeout: number; settle: number }) => {
    const { client, rendered, scope } = prepare(options);
    const actions = await planAgainstWorker(client, rendered, scope);
    for (const action of actions) for (const line of describeAction(action, options.prune)) say(line);
    if (options.dryRun) {
      say('Dry run: nothing was changed.');
      process.exitCode = hasChanges(actions, options.prune) ? EXIT.PENDING : EXIT.OK;
      return;
    }
    await applyPlan(client, actions, rendered, { prune: options.prune, timeoutMs: options.timeout, settleMs: options.settle, report: say });
    say(`All ${rendered.length} connector(s) RUNNING.`);
  });

program
  .command('status')
  .description('Connector, state, tasks running/failed, topics and consumer-group lag.')
  .option('--json', 'print JSON', false)
  .action(async (options: { json: boolean }) => {
    const config = loadConfig();
    const rows = await readConnectorStatuses(
      new ConnectClient(config.values.CONNECT_URL),
      createKafka({ brokers: config.values.KAFKA_BROKERS }),
    );
    if (options.json) {
      say(JSON.stringify(rows, null, 2));
      return;
    }
    const table = new Table({ head: ['connector', 'state', 'tasks running', 'tasks failed', 'topics', 'lag'] });
    for (const row of rows)
      table.push([row.connector, row.state, row.tasksRunning, row.tasksFailed, row.topics.join(', '), row.lag ?? '?']);
    say(rows.length === 0 ? 'No connectors.' : table.toString());
  });

program
  .command('restart')
  .description('Restart a connector and its tasks (all connectors when no name); --failed restarts only failed ones.')
  .argument('[name]', 'connector name')
  .option('--failed', 'only failed connectors and tasks', false)
  .action(async (name: string | undefined, options: { failed: boolean }) => {
    const client = new ConnectClient(loadConfig().values.CONNECT_URL);
    const names = name ? [name] : Object.keys(await client.listExpanded());
    for (const each of names) {
      await client.restart(each, options.failed);
      say(`restart requested for ${each}${options.failed ? ' (failed parts only)' : ''}`);
    }
  });

program
  .command('dlq')
  .description(
    "Count a connector's dead letters and show the first ones with their error headers (stage, exception, original topic/partition/offset).",
  )
  .argument('<name>', 'connector name')
  .addOption(new Option('-n, --limit <count>', 'how many to show').default(10).argParser(positiveInteger('--limit')))
  .option('--json', 'print JSON', false)
  .action(async (name: string, options: { limit: number; json: boolean }) => {
    const config = loadConfig();
    const live = await new ConnectClient(config.values.CONNECT_URL).listExpanded();
    const topic = live[name]?.info.config['errors.deadletterqueue.topic.name'];
    if (!live[name]) throw new PipelineError('CONNECT_NOT_FOUND', `Kafka Connect has no connector ${name}; see npm run connectors:status.`);
    if (!topic)
      throw new PipelineError('USAGE', `Connector ${name} has no dead-letter topic (errors.deadletterqueue.topic.name is not set).`);
    const report = await readDeadLetters(createKafka({ brokers: config.values.KAFKA_BROKERS }), topic, options.limit);
    if (options.json) {
      say(JSON.stringify(report, null, 2));
      return;
    }
    say(`${report.count} dead letter(s) in ${topic}${report.count > report.first.length ? `; the first ${report.first.length}:` : ''}`);
    for (const letter of report.first) {
      const e = letter.errors;
      say(
        `- ${e.topic ?? '?'}[${e.partition ?? '?'}]@${e.offset ?? '?'} key ${letter.key ?? '-'}: stage ${e.stage ?? '?'}, ${e['exception.class.name'] ?? '?'}: ${e['exception.message'] ?? ''}`,
      );
    }
  });

program
  .command('offsets')
  .description("Show a sink's committed offsets; --reset stops it, deletes them and resumes it (a backfill from the start).")
  .argument('<name>', 'connector name')
  .option('--reset', 'stop, delete the offsets, resume', false)
  .option('--yes', 'do not ask for confirmation', false)
  .option('--json', 'print JSON', false)
  .action(async (name: string, options: { reset: boolean; yes: boolean; json: boolean }) => {
    const client = new ConnectClient(loadConfig().values.CONNECT_URL);
    const current = await client.offsets(name);
    if (!options.reset) {
      if (options.json) say(JSON.stringify(current, null, 2));
      else
        for (const entry of current.offsets)
          say(`${String(entry.partition.kafka_topic)}[${String(entry.partition.kafka_partition)}] → ${String(entry.offset.kafka_offset)}`);
      if (!options.json && current.offsets.length === 0) say(`${name} has no committed offsets.`);
      return;
    }
    if (!options.yes) {
      if (!process.stdin.isTTY)
        throw new PipelineError(
          'USAGE',
          `Resetting ${name}'s offsets re-reads its topics from the start; pass --yes to confirm (no terminal to ask on).`,
        );
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      const answer = await rl.question(`Reset ${name}'s offsets and re-read its topics from the start? [y/N] `);
      rl.close();
      if (!/^y(es)?$/i.test(answer.trim())) {
        say('Nothing changed.');
        return;
      }
    }
    await client.stop(name);
    await waitForState(client, name, 'STOPPED');
    await client.deleteOffsets(name);
    await client.resume(name);
    say(
      `Reset ${name}: offsets deleted (${current.offsets.length} partition(s) had offsets); the sink re-reads its topics from the start.`,
    );
  });

for (const [verb, description] of [
  ['pause', 'Pause a connector (it keeps its offsets).'],
  ['resume', 'Resume a paused connector.'],
  ['delete', 'Delete a connector (its consumer group offsets stay in Kafka).'],
] as const) {
  program
    .command(verb)
    .description(description)
    .argument('<name>', 'connector name')
    .action(async (name: string) => {
      const client = new ConnectClient(loadConfig().values.CONNECT_URL);
      if (verb === 'pause') await client.pause(name);
      else if (verb === 'resume') await client.resume(name);
      else await client.deleteConnector(name);
      say(`${verb}d ${name}`);
    });
}

async function waitForState(client: ConnectClient, name: string, state: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await client.status(name)).connector.state === state) return;
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 500));
  }
  throw new PipelineError('SERVICE_TIMEOUT', `Connector ${name} did not reach ${state} within 30 s.`);
}

await runCli(program);
