import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { say } from '../../lib/cli/run-cli.js';
import { REPO_ROOT } from '../../lib/repo-root.js';

/**
 * `npm run tag:build`: collector/tag/tag.ts → collector/public/tag.js and the demo shop's script
 * collector/shop/shop.ts → collector/public/shop/shop.js, each one minified file; prints the tag's size.
 */
export const TAG_OUTPUT = join(REPO_ROOT, 'collector', 'public', 'tag.js');
export const SHOP_OUTPUT = join(REPO_ROOT, 'collector', 'public', 'shop', 'shop.js');

export const buildShop = (outfile = SHOP_OUTPUT) => bundle(join(REPO_ROOT, 'collector', 'shop', 'shop.ts'), outfile);
export const buildTag = (outfile = TAG_OUTPUT) => bundle(join(REPO_ROOT, 'collector', 'tag', 'tag.ts'), outfile);

async function bundle(entry: string, outfile: string): Promise<{ bytes: number; gzipBytes: number }> {
  await build({
    entryPoints: [entry],
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
  const shop = await buildShop();
  say(`Wrote collector/public/shop/shop.js: ${shop.bytes} bytes.`);
}
