import { Option } from 'commander';
import { EXIT, say } from '../../../lib/cli/run-cli.js';
import { duration } from '../../../lib/cli/value-parsers.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { applyIngestCommand } from '../../ingest/ingest-commands.js';
import { managesKafkaEngine } from '../../ingest/ingest-mode.js';
import { applyPlan, planAgainstWorker } from '../apply-connectors.js';
import { describeAction } from '../describe-plan.js';
import { hasChanges } from '../plan-connectors.js';
import { type FileOptions, fileCommand, prepareConnectors } from './shared.js';

export const applyCommand = () =>
  fileCommand('apply', 'Plan, write only what changed, optionally prune, then wait until every connector and task is RUNNING.')
    .option('--prune', 'delete live <prefix>-<warehouse>-… connectors that no file defines', false)
    .option('--dry-run', 'print the plan and change nothing', false)
    .addOption(new Option('--timeout <time>', 'how long to wait for RUNNING').default(120_000, '120s').argParser(duration('--timeout')))
    .addOption(new Option('--settle <time>', 'keep watching this long after RUNNING').default(5_000, '5s').argParser(duration('--settle')))
    .action(async (options: FileOptions & { prune: boolean; dryRun: boolean; timeout: number; settle: number }) => {
      const config = loadConfig();
      if (managesKafkaEngine(config, options.warehouse)) return applyIngestCommand(config, options);
      const { client, rendered, scope } = prepareConnectors(options);
      const actions = await planAgainstWorker(client, rendered, scope);
      for (const action of actions) for (const line of describeAction(action, options.prune)) say(line);
      if (options.dryRun) {
        say('Dry run: nothing was changed.');
        process.exitCode = hasChanges(actions, options.prune) ? EXIT.PENDING : EXIT.OK;
        return;
      }
      await applyPlan(client, actions, rendered, {
        prune: options.prune,
        timeoutMs: options.timeout,
        settleMs: options.settle,
        report: say,
      });
      say(`All ${rendered.length} connector(s) RUNNING.`);
    });
