import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../lib/repo-root.js';
import type { Dialect } from '../../lib/warehouses.js';

export interface MigrationFile {
  readonly name: string;
  readonly file: string;
  readonly sql: string;
  readonly checksum: string;
}

export const sqlDir = (dialect: Dialect): string => join(REPO_ROOT, 'sql', dialect);

const MIGRATION_NAME = /^(\d{3})_[a-z0-9_]+\.sql$/;

export const checksumOf = (sql: string): string => createHash('sha256').update(sql).digest('hex');

/** The dialect's migrations, in order (NNN_name.sql). */
export function readMigrations(dialect: Dialect): MigrationFile[] {
  const dir = join(sqlDir(dialect), 'migrations');
  return readdirSync(dir)
    .filter((file) => MIGRATION_NAME.test(file))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      return { name: file.replace(/\.sql$/, ''), file: join('sql', dialect, 'migrations', file), sql, checksum: checksumOf(sql) };
    });
}

export function readKpiSql(dialect: Dialect, name: string): string {
  const file = join(sqlDir(dialect), 'kpis', `${name}.sql`);
  if (!existsSync(file)) throw new Error(`missing KPI file ${file}`);
  return readFileSync(file, 'utf8');
}

/** A rollup statement file (sql/<dialect>/rollups/<name>.sql): PostgreSQL and ClickHouse only. */
export function readRollupSql(dialect: Dialect, name: 'refresh' | 'late_hours'): string {
  return readFileSync(join(sqlDir(dialect), 'rollups', `${name}.sql`), 'utf8');
}

/** Splits a migration into statements at semicolons ending a line; `--` comment lines are dropped. */
export function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.trim())
    .filter(Boolean);
}

/**
 * KPI files write their time range once as @from and @to; each dialect's driver wants its own form.
 */
export function bindRange(dialect: Dialect, sql: string): string {
  switch (dialect) {
    case 'postgres':
      return sql.replaceAll(/@from\b/g, '$1').replaceAll(/@to\b/g, '$2');
    case 'clickhouse':
      return sql.replaceAll(/@from\b/g, "{from:DateTime64(3, 'UTC')}").replaceAll(/@to\b/g, "{to:DateTime64(3, 'UTC')}");
    case 'mssql':
      return sql;
  }
}
