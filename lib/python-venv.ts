import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeCause, PipelineError } from './errors.js';
import { REPO_ROOT } from './repo-root.js';

/** A Python virtual environment built from a requirements file (the notebooks', Superset's). */
export interface PythonVenv {
  /** What it is for, in messages: "the notebook environment". */
  readonly title: string;
  readonly dir: string;
  readonly requirements: string;
  /** The variable that names the Python to build it with, for messages. */
  readonly pythonVariable: string;
  /** The command that builds it again, for messages. */
  readonly setupCommand: string;
  /** How long a build takes, for the progress line: "about a minute". */
  readonly buildTime: string;
}

export const venvPython = (venvDir: string): string => join(venvDir, 'bin', 'python');

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
 * Makes the environment match its requirements file: created when missing, rebuilt when the
 * requirements (or the Python that built it) changed, left alone otherwise. Returns its python.
 */
export async function ensurePythonVenv(venv: PythonVenv, python: string, say: (line: string) => void): Promise<string> {
  const stampFile = join(venv.dir, '.requirements.sha256');
  const version = await run(
    python,
    ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3]); assert sys.version_info >= (3, 10)'],
    true,
  );
  if (version.code !== 0) {
    throw new PipelineError(
      'PREREQUISITE_MISSING',
      `${python} is not a usable Python 3.10 or newer (${version.output.trim().split('\n').pop() || `exit ${version.code}`}). Install Python 3.10+ or set ${venv.pythonVariable} to one.`,
    );
  }
  const stamp = environmentStamp(readFileSync(venv.requirements, 'utf8'), `${python} ${version.output.trim()}`);
  if (existsSync(venvPython(venv.dir)) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === stamp) {
    say(`${capitalized(venv.title)} is up to date (${venv.dir}, Python ${version.output.trim()}).`);
    return venvPython(venv.dir);
  }
  say(
    `${existsSync(venv.dir) ? 'Rebuilding' : 'Creating'} ${venv.title} ${venv.dir} from ${venv.requirements.replace(`${REPO_ROOT}/`, '')} (Python ${version.output.trim()}; ${venv.buildTime})…`,
  );
  rmSync(venv.dir, { recursive: true, force: true });
  const steps: Array<[string, string[]]> = [
    [python, ['-m', 'venv', venv.dir]],
    [venvPython(venv.dir), ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', '-r', venv.requirements]],
  ];
  for (const [command, args] of steps) {
    const result = await run(command, args);
    if (result.code !== 0) {
      rmSync(venv.dir, { recursive: true, force: true });
      throw new PipelineError(
        'COMMAND_FAILED',
        `Could not build ${venv.title}: \`${[command, ...args].join(' ')}\` failed (exit ${result.code}); its output is above. Check that the Python package index is reachable (or a mirror is set in pip.conf), then run ${venv.setupCommand} again.`,
      );
    }
  }
  writeFileSync(stampFile, `${stamp}\n`);
  say(`${capitalized(venv.title)} is ready: ${venv.dir}.`);
  return venvPython(venv.dir);
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
