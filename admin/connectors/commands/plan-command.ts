import { EXIT, say } from '../../../lib/cli/run-cli.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { planIngestCommand } from '../../ingest/ingest-commands.js';
import { managesKafkaEngine } from '../../ingest/ingest-mode.js';
import { planAgainstWorker } from '../apply-connectors.js';
import { describeAction } from '../describe-plan.js';
import { hasChanges } from '../plan-connectors.js';
import { type FileOptions, fileCommand, prepareConnectors } from './shared.js';

export const planCommand = () =>
  fileCommand('plan', 'Validate with the worker, then show what apply would do. Exit 0 nothing to do, 3 changes pending.')
    .option('--json', 'print the plan as JSON', false)
    .action(async (options: FileOptions & { json: boolean }) => {
      const config = loadConfig();
      if (managesKafkaEngine(config, options.warehouse)) return planIngestCommand(config, options);
      const { client, rendered, scope } = prepareConnectors(options);
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
