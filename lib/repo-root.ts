import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository (this file lives in `<repo>/lib/`). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
