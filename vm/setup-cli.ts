import { Command } from 'commander';
import { runCli, say } from '../lib/cli/run-cli.js';
import { loadConfig } from '../lib/config/load-config.js';
import { ensurePythonVenv } from '../lib/python-venv.js';
import { OCI_CLI_VENV } from './provision/oci-cli-venv.js';

const program = new Command('vm:setup')
  .description(
    'Builds .venv-oci with the OCI CLI (oci-cli from PyPI, pinned in vm/requirements-oci.txt) for npm run vm:provision; does nothing when it is up to date.',
  )
  .addHelpText('after', '\nThen: .venv-oci/bin/oci setup config   (an API key for your OCI user; see vm/README.md)')
  .action(async () => {
    await ensurePythonVenv(OCI_CLI_VENV, loadConfig().values.OCI_PYTHON, say);
  });

await runCli(program);
