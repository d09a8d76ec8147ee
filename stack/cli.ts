import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Argument, Command, Option } from 'commander';
import { EXIT, runCli, say } from '../lib/cli/run-cli.js';
import { renderTable } from '../lib/cli/table.js';
import { positiveInteger } from '../lib/cli/value-parsers.js';
import { PipelineError } from '../lib/errors.js';
import { serviceNamed } from './services/all-services.js';
import { SERVICE_NAMES, type ServiceName } from './services/service.js';
import { createStackContext, stackDown, stackUp, startService, stopService } from './stack-controller.js';
import { mebibytes, readStackStatus } from './stack-status.js';

const serviceArgument = (command: Command) =>
  command.argument('<service>', `one of ${SERVICE_NAMES.join(', ')}`, (value: string) => serviceNamed(value).name);

const program = new Command('stack')
  .description('Run the native stack (Kafka 4 in KRaft mode, Kafka Connect with the Debezium JDBC sink, PostgreSQL) without Docker.')
  .addHelpText('after', '\nExit codes: 0 done, 1 failed, 2 bad usage.');

program
  .command('up')
  .description('Start every service that is not running and wait until each is healthy (idempotent).')
  .action(async () => {
    const started = Date.now();
    const context = createStackContext();
    const { startedCount } = await stackUp(context, say);
    say(
      startedCount === 0
        ? 'Native stack already running; nothing to do.'
        : `Native stack up in ${((Date.now() - started) / 1000).toFixed(1)} s. Endpoints: ${context.paths.endpoints}`,
    );
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
  .description('Show each service: state, pid, ports, health, version and resident memory.')
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
      `Total RSS: ${mebibytes(status.totalRssBytes)}. Endpoints file: ${status.endpointsFile}${existsSync(status.endpointsFile) ? '' : ' (absent: stack not up)'}`,
    );
  });

program
  .command('logs')
  .description("Print the end of a service's log (kafka, connect, postgres, or maven for the jar download).")
  .addArgument(new Argument('<service>', 'whose log').choices([...SERVICE_NAMES, 'maven']))
  .addOption(new Option('-n, --lines <count>', 'how many lines').default(100).argParser(positiveInteger('--lines')))
  .option('-f, --follow', 'keep printing as the log grows', false)
  .action((name: string, options: { lines: number; follow: boolean }) => {
    const context = createStackContext();
    const file = name === 'maven' ? join(context.paths.logs, 'maven.log') : serviceNamed(name).logFile(context);
    if (!existsSync(file)) {
      throw new PipelineError('SERVICE_NOT_RUNNING', `There is no log at ${file} yet; start the stack with \`npm run stack:up\`.`);
    }
    const result = spawnSync('tail', ['-n', String(options.lines), ...(options.follow ? ['-F'] : []), file], { stdio: 'inherit' });
    process.exitCode = result.status ?? EXIT.FAILED;
  });

for (const [verb, description] of [
  ['start', 'Start one service (its dependencies must be running).'],
  ['stop', 'Stop one service gracefully; the others keep running.'],
  ['restart', 'Stop, then start one service.'],
] as const) {
  serviceArgument(program.command(verb).description(description)).action(async (name: ServiceName) => {
    const context = createStackContext();
    if (verb !== 'start') await stopService(context, name, say);
    if (verb !== 'stop') await startService(context, name, say);
  });
}

await runCli(program);
