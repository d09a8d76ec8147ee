import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KPI_DEFINITIONS } from '../../../admin/warehouse/kpi-definitions.js';
import { planMigrations } from '../../../admin/warehouse/migration-plan.js';
import { bindRange, checksumOf, readKpiSql, readMigrations, splitStatements } from '../../../admin/warehouse/sql-files.js';
import { REPO_ROOT } from '../../../lib/repo-root.js';
import { DIALECTS } from '../../../lib/warehouses.js';

describe('sql/ files', () => {
  it('hold the same KPI file set in every dialect, each using the @from/@to range', () => {
    const expected = KPI_DEFINITIONS.map((kpi) => `${kpi.name}.sql`).sort();
    for (const dialect of DIALECTS) {
      expect(readdirSync(join(REPO_ROOT, 'sql', dialect, 'kpis')).sort()).toEqual(expected);
      for (const kpi of KPI_DEFINITIONS) {
        const sql = readKpiSql(dialect, kpi.name);
        expect(sql, `${dialect}/${kpi.name}`).toMatch(/@from\b/);
        expect(sql, `${dialect}/${kpi.name}`).toMatch(/@to\b/);
        for (const column of Object.keys(kpi.columns))
          expect(sql, `${dialect}/${kpi.name} must return ${column}`).toMatch(new RegExp(`\\b${column}\\b`));
      }
    }
    expect(readFileSync(join(REPO_ROOT, 'sql', 'KPIS.md'), 'utf8')).toContain('## Revenue');
  });

  it('name migrations NNN_name.sql in the same sequence in every dialect, without role DDL', () => {
    const names = DIALECTS.map((dialect) => readMigrations(dialect).map((migration) => migration.name));
    expect(names[0]?.length).toBeGreaterThan(0);
    expect(names[1]).toEqual(names[0]);
    expect(names[2]).toEqual(names[0]);
    for (const dialect of DIALECTS) {
      for (const migration of readMigrations(dialect)) expect(migration.sql).not.toMatch(/CREATE\s+(USER|ROLE|LOGIN)/i);
    }
  });

  it('bind the time range in each driver’s own form', () => {
    const sql = 'SELECT 1 FROM t WHERE ts >= @from AND ts < @to AND x = @fromage';
    expect(bindRange('postgres', sql)).toBe('SELECT 1 FROM t WHERE ts >= $1 AND ts < $2 AND x = @fromage');
    expect(bindRange('clickhouse', sql)).toBe(
      "SELECT 1 FROM t WHERE ts >= {from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')} AND x = @fromage",
    );
    expect(bindRange('mssql', sql)).toBe(sql);
  });

  it('split statements at semicolons ending a line, dropping comment lines', () => {
    expect(splitStatements('-- a comment; with semicolon\nCREATE TABLE a (x int);\n\nCREATE INDEX i ON a (x);\n')).toEqual([
      'CREATE TABLE a (x int)',
      'CREATE INDEX i ON a (x)',
    ]);
  });
});

describe('planMigrations', () => {
  const files = [
    { name: '001_a', file: 'sql/postgres/migrations/001_a.sql', sql: 'A', checksum: checksumOf('A') },
    { name: '002_b', file: 'sql/postgres/migrations/002_b.sql', sql: 'B', checksum: checksumOf('B') },
  ];

  it('lists what is not applied yet, in order', () => {
    const plan = planMigrations(files, [{ name: '001_a', checksum: checksumOf('A'), appliedAt: 'x' }], 'PG');
    expect(plan.pending.map((file) => file.name)).toEqual(['002_b']);
  });

  it('refuses when an applied migration file changed, naming the file', () => {
    expect(() => planMigrations(files, [{ name: '001_a', checksum: checksumOf('old'), appliedAt: 'x' }], 'PostgreSQL at h/db')).toThrow(
      /^sql\/postgres\/migrations\/001_a\.sql changed after it was applied to PostgreSQL at h\/db/,
    );
  });

  it('refuses when an applied migration file is gone', () => {
    expect(() => planMigrations(files, [{ name: '000_gone', checksum: 'c', appliedAt: 'x' }], 'PG')).toThrow(
      'PG has migration 000_gone applied, but its file is gone from sql/.',
    );
  });
});
