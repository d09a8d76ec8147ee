import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PipelineError } from '../../lib/errors.js';
import { REPO_ROOT } from '../../lib/repo-root.js';
import { DIALECTS, type Dialect, isDialect } from '../../lib/warehouses.js';
import type { FileProblem } from '../file-problem.js';
import type { ConnectorFileText } from './validate-connector-files.js';
import { parsePolicy, WATCH_POLICY_NAME } from './watch/watch-policy.js';

export const CONNECTORS_DIR = join(REPO_ROOT, 'connectors');

const shown = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
};
const isDir = (path: string) => statSync(path).isDirectory();
/** Notes beside connector files are fine; everything else that is not `<name>.json` is a mistake. */
const isDoc = (name: string) => name.toLowerCase().endsWith('.md');

function requireDirectory(dir: string): void {
  if (!existsSync(dir)) throw new PipelineError('USAGE', `--dir ${dir}: there is no such directory; give the connectors directory.`);
  if (!isDir(dir))
    throw new PipelineError('USAGE', `--dir ${dir} is a file; give the connectors directory (it holds <warehouse>/<name>.json).`);
}

/** The warehouse folders to read: the one asked for, or every one present. */
function foldersOf(dir: string, warehouse: Dialect | undefined): Dialect[] {
  if (warehouse) return [warehouse];
  return readdirSync(dir)
    .filter((entry): entry is Dialect => isDialect(entry) && isDir(join(dir, entry)))
    .sort();
}

/** The JSON files under `<dir>/<warehouse>/` (every warehouse folder when none is given). */
export function readConnectorFiles(dir: string, warehouse?: Dialect): ConnectorFileText[] {
  requireDirectory(dir);
  const files: ConnectorFileText[] = [];
  for (const folder of foldersOf(dir, warehouse)) {
    const folderPath = join(dir, folder);
    if (!existsSync(folderPath) || !isDir(folderPath)) continue;
    for (const file of readdirSync(folderPath)
      .filter((name) => name.endsWith('.json') && !isDir(join(folderPath, name)))
      .sort()) {
      const full = join(folderPath, file);
      files.push({ path: shown(full), text: readFileSync(full, 'utf8') });
    }
  }
  return files;
}

/**
 * What in the directory is not a connector file: stray files, nested folders, folders that are no
 * warehouse, or no connector file at all. Reported with the other problems, never skipped quietly.
 */
export function connectorDirProblems(dir: string, warehouse?: Dialect): FileProblem[] {
  requireDirectory(dir);
  const problems: FileProblem[] = [];
  const problem = (path: string, text: string) => problems.push({ file: shown(path), pointer: '', problem: text });
  if (!warehouse) {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (isDir(path) && !isDialect(entry)) problem(path, `is not a warehouse folder; valid folders: ${DIALECTS.join(', ')}`);
      else if (entry === WATCH_POLICY_NAME) {
        try {
          parsePolicy(readFileSync(path, 'utf8'), shown(path));
        } catch (error) {
          problem(path, (error as Error).message.replace(`${shown(path)} `, ''));
        }
      } else if (!isDir(path) && !isDoc(entry))
        problem(path, 'is not a connector file; connector files lie in <dir>/<warehouse>/<name>.json');
    }
  }
  let count = 0;
  for (const folder of foldersOf(dir, warehouse)) {
    const folderPath = join(dir, folder);
    if (!existsSync(folderPath) || !isDir(folderPath)) continue;
    for (const entry of readdirSync(folderPath).sort()) {
      const path = join(folderPath, entry);
      if (isDir(path)) problem(path, `is a folder; connector files lie directly in ${shown(folderPath)}/`);
      else if (entry.endsWith('.json')) count += 1;
      else if (!isDoc(entry)) problem(path, 'is not a connector file (<name>.json); move it out of the connectors directory');
    }
  }
  if (count === 0)
    problem(
      warehouse ? join(dir, warehouse) : dir,
      `holds no connector files; expected ${warehouse ? `${shown(join(dir, warehouse))}/<name>.json` : '<warehouse>/<name>.json'}`,
    );
  return problems;
}
