import { join } from 'node:path';
import type { PythonVenv } from '../../lib/python-venv.js';
import { REPO_ROOT } from '../../lib/repo-root.js';

export const OCI_VENV = join(REPO_ROOT, '.venv-oci');

/** The OCI CLI's environment: `.venv-oci/` from `vm/requirements-oci.txt`. */
export const OCI_CLI_VENV: PythonVenv = {
  title: 'the OCI CLI environment',
  dir: OCI_VENV,
  requirements: join(REPO_ROOT, 'vm', 'requirements-oci.txt'),
  pythonVariable: 'OCI_PYTHON',
  setupCommand: 'npm run vm:setup',
  buildTime: 'about a minute, ~800 MB',
};
