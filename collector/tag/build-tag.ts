import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { say } from '../../lib/cli/run-cli.js';
import { REPO_ROOT } from '../../lib/repo-root.js';

/** `npm run tag:build`: collector/tag/tag.ts → collector/public/tag.js, one minified file; prints its size. */
export const TAG_OUTPUT = join(REPO_ROOT, 'collector', 'public', 'tag.js');

export async function buildTag(outfile = TAG_OUTPUT): Promise<{ bytes: number; gzipBytes: number }> {
  await build({
    entryPoints: [join(REPO_ROOT, 'collector', 'tag', 'tag.ts')],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2021',
    legalComments: 'none',
    logLevel: 'silent',
  });
  return { bytes: statSync(outfile).size, gzipBytes: gzipSync(readFileSync(outfile)).length };
}

if (process.argv[1]?.endsWith('build-tag.ts')) {
  const { bytes, gzipBytes } = await buildTag();
  say(`Wrote collector/public/tag.js: ${bytes} bytes, ${gzipBytes} bytes gzipped (goal ≤ 5120).`);
}
