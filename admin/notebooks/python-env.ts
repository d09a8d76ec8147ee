import { join } from 'node:path';
import { ensurePythonVenv, type PythonVenv, venvPython } from '../../lib/python-venv.js';
import { REPO_ROOT } from '../../lib/repo-root.js';

export const NOTEBOOKS_DIR = join(REPO_ROOT, 'notebooks');
export const VENV_DIR = join(REPO_ROOT, '.venv-notebooks');

/** The notebooks' environment: `.venv-notebooks/` from `notebooks/requirements.txt`. */
export const NOTEBOOKS_VENV: PythonVenv = {
  title: 'the notebook environment',
  dir: VENV_DIR,
  requirements: join(NOTEBOOKS_DIR, 'requirements.txt'),
  pythonVariable: 'NOTEBOOKS_PYTHON',
  setupCommand: 'npm run notebooks:setup',
  buildTime: 'about a minute',
};

/** The notebooks' python, building or rebuilding `.venv-notebooks/` first when needed. */
export const ensurePythonEnv = (python: string, say: (line: string) => void): Promise<string> =>
  ensurePythonVenv(NOTEBOOKS_VENV, python, say);

export const notebooksPython = (): string => venvPython(VENV_DIR);
