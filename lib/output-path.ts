import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PipelineError } from './errors.js';

/** Kernel pseudo-filesystems: writing or even creating folders there can block, so nothing is tried. */
const PSEUDO = /^\/(proc|sys|dev)(\/|$)/;

const writable = (path: string) => {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/** The nearest existing folder above `path` (`path`'s own folder when it exists). */
function nearestExisting(path: string): string {
  let folder = dirname(path);
  while (!existsSync(folder)) folder = dirname(folder);
  return folder;
}

/**
 * Why a file (`kind: 'file'`) or folder (`'folder'`) cannot be written at `path`, found without
 * creating anything; undefined when it can. Checked before any work that has effects.
 */
export function outputPathProblem(path: string, kind: 'file' | 'folder'): string | undefined {
  const full = resolve(path);
  if (PSEUDO.test(full)) return `${full} lies in a kernel pseudo-filesystem (/proc, /sys, /dev)`;
  if (existsSync(full)) {
    const isFolder = statSync(full).isDirectory();
    if (kind === 'file' && isFolder) return `${full} is a folder; give a file name`;
    if (kind === 'folder' && !isFolder) return `${full} is a file; give a folder`;
    return writable(full) ? undefined : `${full} is not writable`;
  }
  const folder = nearestExisting(full);
  if (!statSync(folder).isDirectory()) return `${folder} is a file, so nothing can be created inside it`;
  return writable(folder) ? undefined : `${folder} is not writable`;
}

/** Throws OUTPUT_UNWRITABLE naming the option, the path and the reason. */
export function requireOutputPath(path: string, kind: 'file' | 'folder', option: string): void {
  const problem = outputPathProblem(path, kind);
  if (problem) throw new PipelineError('OUTPUT_UNWRITABLE', `${option} ${path} cannot be written: ${problem}. Choose another path.`);
}
