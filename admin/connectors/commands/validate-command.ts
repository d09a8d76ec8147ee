import { say } from '../../../lib/cli/run-cli.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { loadConnectorDefinitions } from '../load-connectors.js';
import { type FileOptions, fileCommand } from './shared.js';

export const validateCommand = () =>
  fileCommand(
    'validate',
    'Check every connector file offline (no services): JSON, shape, name, class schema, secrets, placeholders.',
  ).action((options: FileOptions) => {
    const { files, connectors } = loadConnectorDefinitions(options.dir, options.warehouse, loadConfig());
    say(`${connectors.length} of ${files.length} connector file(s) valid.`);
  });
