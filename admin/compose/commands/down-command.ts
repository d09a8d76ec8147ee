import { existsSync, readFileSync, rmSync } from 'node:fs';
import { Command } from 'commander';
import { EXIT } from '../../../lib/cli/run-cli.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { stackPaths } from '../../../stack/stack-paths.js';
import { stackSettingsFrom } from '../../../stack/stack-settings.js';
import { COMPOSE_ENDPOINTS_MARK, composeEnv } from '../compose-up.js';
import { requireCompose, runCompose } from '../docker-compose-command.js';

export const downCommand = () =>
  new Command('down')
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
