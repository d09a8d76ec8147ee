import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../lib/repo-root.js';

const RESULTS = join(REPO_ROOT, 'bench', 'RESULTS.md');
const HEADER = '# Benchmark results\n\nNewest first. Each entry: figure, machine, date, and a baseline run in the same invocation.\n';

/** Puts a new entry at the top of bench/RESULTS.md (older entries stay, for comparison). */
export function appendResults(entry: string): void {
  const existing = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8').replace(HEADER, '') : '';
  writeFileSync(RESULTS, `${HEADER}\n${entry.trim()}\n\n${existing.trim()}\n`.replace(/\n{3,}/g, '\n\n'));
}
