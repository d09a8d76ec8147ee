import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PipelineError } from '../../lib/errors.js';
import { REPO_ROOT } from '../../lib/repo-root.js';
import type { Dialect } from '../../lib/warehouses.js';
import type { ConnectorFileText } from './validate-connector-files.js';

export const CONNECTORS_DIR = join(REPO_ROOT, 'connectors');

/** The JSON files under `<dir>/<warehouse>/` (every warehouse folder when none is given). */
export function readConnectorFiles(dir: string, warehouse?: Dialect): ConnectorFileText[] {
  if (!existsSync(dir)) throw new PipelineError('USAGE', `There is no connectors directory at ${dir}.`);
  const folders = warehouse ? [warehouse] : readdirSync(dir).filter((entry) => statSync(join(dir, entry)).isDirectory());
  const files: ConnectorFileText[] = [];
  for (const folder of folders.sort()) {
    const folderPath = join(dir, folder);
    if (!existsSync(folderPath)) continue;
    for (const file of readdirSync(folderPath)
      .filter((name) => name.endsWith('.json'))
      .sort()) {
      const full = join(folderPath, file);
      const shown = relative(process.cwd(), full);
      files.push({ path: shown.startsWith('..') ? full : shown, text: readFileSync(full, 'utf8') });
    }
  }
  return files;
}
