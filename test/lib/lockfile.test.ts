import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/repo-root.js';

describe('package-lock.json', () => {
  it('lists no optional dependency without its own entry, so `npm ci` accepts it (run node .ci/drop-unreachable-optional-deps.mjs after npm install)', () => {
    const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { optionalDependencies?: Record<string, string> }>;
    };
    const present = new Set(Object.keys(lock.packages).map((path) => path.replace(/^.*node_modules\//, '')));
    const missing = Object.entries(lock.packages).flatMap(([path, entry]) =>
      Object.keys(entry.optionalDependencies ?? {})
        .filter((name) => !present.has(name))
        .map((name) => `${name} (from ${path})`),
    );
    expect(missing).toEqual([]);
  });
});
