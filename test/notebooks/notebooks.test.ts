import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOTEBOOKS } from '../../admin/notebooks/notebook-names.js';
import { environmentStamp } from '../../lib/python-venv.js';
import { REPO_ROOT } from '../../lib/repo-root.js';

interface Cell {
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[] };
  outputs?: unknown[];
  execution_count?: number | null;
}
const read = (name: string) => JSON.parse(readFileSync(join(REPO_ROOT, 'notebooks', `${name}.ipynb`), 'utf8')) as { cells: Cell[] };
const text = (cell: Cell) => (Array.isArray(cell.source) ? cell.source.join('') : cell.source);

describe('committed notebooks', () => {
  it.each(NOTEBOOKS)('%s is committed without outputs or execution counts', (name) => {
    const withOutputs = read(name)
      .cells.map((cell, index) => ({ cell, index }))
      .filter(({ cell }) => cell.cell_type === 'code' && ((cell.outputs?.length ?? 0) > 0 || cell.execution_count != null))
      .map(({ index }) => index);
    expect(withOutputs, `notebooks/${name}.ipynb has outputs in cells ${withOutputs.join(', ')}: clear them before committing`).toEqual([]);
  });

  it.each(NOTEBOOKS)('%s takes warehouse, since and until in a cell tagged parameters, and has chart cells', (name) => {
    const cells = read(name).cells;
    const parameters = cells.filter((cell) => cell.metadata.tags?.includes('parameters'));
    expect(parameters).toHaveLength(1);
    for (const variable of ['warehouse', 'since', 'until'])
      expect(text(parameters[0] as Cell)).toMatch(new RegExp(`^${variable} = ""`, 'm'));
    expect(cells.filter((cell) => cell.metadata.tags?.includes('chart')).length).toBeGreaterThanOrEqual(5);
  });

  it('sales_kpis copies no SQL and asks only for KPIs every dialect defines', () => {
    const code = read('sales_kpis')
      .cells.filter((cell) => cell.cell_type === 'code')
      .map(text)
      .join('\n');
    expect(code).not.toMatch(/\b(SELECT|FROM\s+sales_lines|GROUP BY)\b/i);
    const kpis = [...code.matchAll(/db\.kpi\("([a-z_]+)"/g)].map((match) => match[1] as string);
    expect(new Set(kpis).size).toBe(11);
    for (const dialect of ['postgres', 'mssql', 'clickhouse']) {
      for (const kpi of kpis) expect(existsSync(join(REPO_ROOT, 'sql', dialect, 'kpis', `${kpi}.sql`)), `${dialect}/${kpi}`).toBe(true);
    }
  });

  it('pins every requirement', () => {
    const lines = readFileSync(join(REPO_ROOT, 'notebooks', 'requirements.txt'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const line of lines) expect(line).toMatch(/^[a-z0-9-]+(\[[a-z]+\])?==\d+(\.\d+)*$/);
  });

  it('rebuilds the environment when the requirements or the interpreter change', () => {
    const base = environmentStamp('pandas==3.1.1\n', 'python3 3.11.7');
    expect(environmentStamp('pandas==3.1.1\n', 'python3 3.11.7')).toBe(base);
    expect(environmentStamp('pandas==3.1.2\n', 'python3 3.11.7')).not.toBe(base);
    expect(environmentStamp('pandas==3.1.1\n', 'python3 3.12.1')).not.toBe(base);
  });
});
