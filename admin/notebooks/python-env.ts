import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeCause, PipelineError } from '../../lib/errors.js';
import { REPO_ROOT } from '../../lib/repo-root.js';

export const NOTEBOOKS_DIR = join(REPO_ROOT, 'notebooks');
export const VENV_DIR = join(REPO_ROOT, '.venv-notebooks');
const REQUIREMENTS = join(NOTEBOOKS_DIR, 'requirements.txt');
const STAMP = join(VENV_DIR, '.requirements.sha256');

export const venvPython = (venvDir = VENV_DIR): string => join(venvDir, 'bin', 'python');

/** What the environment was built from: the requirements file and the interpreter that built it. */
export function environmentStamp(requirements: string, python: string): string {
  return createHash('sha256').update(requirements).update('\0').update(python).digest('hex');
}

function run(command: string, args: readonly string[], quiet = false): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (!quiet) process.stderr.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => resolvePromise({ code: -1, output: describeCause(error) }));
    child.on('exit', (code) => resolvePromise({ code: code ?? 1, output }));
  });
}

/**
 * Makes `.venv-notebooks/` match `notebooks/requirements.txt`: created when missing, rebuilt when the
 * requirements (or the Python that built it) changed, left alone otherwise. Returns its python.
 */
export async function ensurePythonEnv(python: string, say: (line: string) => void): Promise<string> {
  const version = await run(
    python,
    ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3]); assert sys.version_info >= (3, 10)'],
    true,
  );
  if (version.code !== 0) {
    throw new PipelineError(
      'PREREQUISITE_MISSING',
      `${python} is not a usable Python 3.10 or newer (${version.output.trim().split('\n').pop() || `exit ${version.code}`}). Install Python 3.10+ or set NOTEBOOKS_PYTHON to one.`,
    );
  }
  const stamp = environmentStamp(readFileSync(REQUIREMENTS, 'utf8'), `${python} ${version.output.trim()}`);
  if (existsSync(venvPython()) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === stamp) {
    say(`Notebook environment up to date (${VENV_DIR}, Python ${version.output.trim()}).`);
    return venvPython();
  }
  say(
    `${existsSync(VENV_DIR) ? 'Rebuilding' : 'Creating'} the notebook environment ${VENV_DIR} from notebooks/requirements.txt (Python ${version.output.trim()}; about a minute)…`,
  );
  rmSync(VENV_DIR, { recursive: true, force: true });
  const steps: Array<[string, string[]]> = [
    [python, ['-m', 'venv', VENV_DIR]],
    [venvPython(), ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', '-r', REQUIREMENTS]],
  ];
  for (const [command, args] of steps) {
    const result = await run(command, args);
    if (result.code !== 0) {
      rmSync(VENV_DIR, { recursive: true, force: true });
      throw new PipelineError(
        'COMMAND_FAILED',
        `Could not build the notebook environment: \`${[command, ...args].join(' ')}\` failed (exit ${result.code}); its output is above. Check that the Python package index is reachable (or a mirror is set in pip.conf), then run npm run notebooks:setup again.`,
      );
    }
  }
  writeFileSync(STAMP, `${stamp}\n`);
  say(`Notebook environment ready: ${VENV_DIR}.`);
  return venvPython();
}
