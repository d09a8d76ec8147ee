import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../lib/repo-root.js';
import type { VmScripts } from './render-user-data.js';

export const VM_SCRIPT_FILES = { setup: 'vm/user-data/setup.sh', update: 'vm/user-data/update.sh' } as const;

/** The scripts the user-data installs, read from the repository. */
export function loadVmScripts(): VmScripts {
  return {
    setup: readFileSync(join(REPO_ROOT, VM_SCRIPT_FILES.setup), 'utf8'),
    update: readFileSync(join(REPO_ROOT, VM_SCRIPT_FILES.update), 'utf8'),
  };
}
