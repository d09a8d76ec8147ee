import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PipelineError } from '../../lib/errors.js';
import { REPO_ROOT } from '../../lib/repo-root.js';

/** Runs one of the project's commands (as `npm run` does) with its output shown; throws when it fails. */
export function runProjectCommand(label: string, script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, script), ...args], { cwd: REPO_ROOT, env, stdio: 'inherit' });
    child.on('error', (error) =>
      reject(new PipelineError('COMMAND_FAILED', `Could not start ${label}: ${error.message}.`, { cause: error })),
    );
    child.on('exit', (code, signal) => {
      if (code === 0) resolvePromise();
      else {
        reject(
          new PipelineError(
            'COMMAND_FAILED',
            `${label} failed (${signal ? `signal ${signal}` : `exit ${code}`}); its output above says why. Fix that and run the demo again: finished steps are skipped or repeated harmlessly.`,
          ),
        );
      }
    });
  });
}
