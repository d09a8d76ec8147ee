import { Command } from 'commander';
import { say } from '../../../lib/cli/run-cli.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { warehouseOption } from '../../cli-options.js';
import { loadConnectorDefinitions } from '../load-connectors.js';
import { dirOption, type FileOptions } from './shared.js';

export const validateCommand = () =>
  new Command('validate')
    .description('Check every connector file offline (no services): JSON, shape, name, class schema, secrets, placeholders.')
    .addOption(warehouseOption())
    .addOption(dirOption())
    .action((options: FileOptions) => {
      const { files, connectors } = loadConnectorDefinitions(options.dir, options.warehouse, loadConfig());
      say(`${connectors.length} of ${files.length} connector file(s) valid.`);
    });
