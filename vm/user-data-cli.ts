import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command } from 'commander';
import { runCli } from '../lib/cli/run-cli.js';
import { requireOutputPath } from '../lib/output-path.js';
import { addDeploymentOptions, type DeploymentFlags, deploymentFrom } from './deployment-options.js';
import { renderUserData } from './user-data/render-user-data.js';
import { loadVmScripts } from './user-data/vm-scripts.js';

/** `npm run vm:user-data`: the cloud-init user-data vm:provision would give the instance, to read or use elsewhere. */
const program = addDeploymentOptions(
  new Command('vm:user-data').description(
    "Prints the cloud-init user-data of the pipeline's VM (what npm run vm:provision launches it with): deploy user, security upgrades, swap, Docker, the project at its tag, the systemd unit. No secret is in it.",
  ),
)
  .option('--out <file>', 'write it to a file instead of stdout')
  .addHelpText(
    'after',
    `
Examples:
  npm run vm:user-data -- --tag v1.0.0 --repo https://example.org/you/pipeline.git > user-data.yaml
  npm run vm:user-data -- --shape x86 --warehouse mssql --with web --domain shop.example.com --tag v1.0.0
  cloud-init schema --config-file user-data.yaml     # check it (Debian/Ubuntu package cloud-init)`,
  )
  .action((flags: DeploymentFlags & { out?: string }) => {
    const { deployment } = deploymentFrom(flags);
    const text = renderUserData(deployment, loadVmScripts());
    if (!flags.out) {
      process.stdout.write(text);
      return;
    }
    requireOutputPath(flags.out, 'file', '--out');
    mkdirSync(dirname(flags.out), { recursive: true });
    writeFileSync(flags.out, text);
    process.stderr.write(`Wrote ${flags.out}.\n`);
  });

await runCli(program);
