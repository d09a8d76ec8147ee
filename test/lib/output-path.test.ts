import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outputPathProblem, requireOutputPath } from '../../lib/output-path.js';

const dir = mkdtempSync(join(tmpdir(), 'output-path-'));
const file = join(dir, 'taken.txt');
writeFileSync(file, 'x');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('output paths are checked before any work, without creating anything', () => {
  it('accepts a new file in a new folder under a writable one', () => {
    expect(outputPathProblem(join(dir, 'a', 'b', 'report.json'), 'file')).toBeUndefined();
    expect(outputPathProblem(join(dir, 'out'), 'folder')).toBeUndefined();
  });

  it('names why a path cannot be written', () => {
    expect(outputPathProblem(dir, 'file')).toBe(`${dir} is a folder; give a file name`);
    expect(outputPathProblem(file, 'folder')).toBe(`${file} is a file; give a folder`);
    expect(outputPathProblem(join(file, 'inside.json'), 'file')).toBe(`${file} is a file, so nothing can be created inside it`);
    expect(outputPathProblem('/proc/report.html', 'file')).toBe('/proc/report.html lies in a kernel pseudo-filesystem (/proc, /sys, /dev)');
  });

  it('throws OUTPUT_UNWRITABLE with the option, the path and the reason', () => {
    expect(() => requireOutputPath(dir, 'file', '--report')).toThrow(
      `--report ${dir} cannot be written: ${dir} is a folder; give a file name. Choose another path.`,
    );
  });
});
