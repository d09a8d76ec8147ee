import { readMigrations } from '../../admin/warehouse/sql-files.js';
import type { Dialect } from '../../lib/warehouses.js';

/**
 * Column name → type text after every migration of a dialect: the CREATE TABLE statement, then the
 * columns each later `ALTER TABLE … ADD` adds (PostgreSQL and ClickHouse `ADD COLUMN …`, SQL Server `ADD a …, b …`).
 */
export function migratedColumnsOf(dialect: Dialect, table: string): Map<string, string> {
  const sql = readMigrations(dialect)
    .map((migration) => migration.sql)
    .join('\n');
  const match = new RegExp(`CREATE TABLE (?:IF NOT EXISTS )?(?:dbo\\.)?${table} \\(([\\s\\S]*?)\\n\\)`, 'm').exec(sql);
  if (!match) throw new Error(`${dialect}: no CREATE TABLE ${table}`);
  const added = [...sql.matchAll(new RegExp(`ALTER TABLE (?:dbo\\.)?${table}\\b([\\s\\S]*?);`, 'g'))].map((alter) => alter[1] ?? '');
  const columns = new Map<string, string>();
  for (const line of [match[1] as string, ...added].join('\n').split('\n')) {
    const column = /^\s{2}(?:ADD COLUMN (?:IF NOT EXISTS )?)?([a-z_]+) (.+?),?$/.exec(line);
    if (column && !/^(CONSTRAINT|PRIMARY)/i.test(column[1] as string)) columns.set(column[1] as string, column[2] as string);
  }
  return columns;
}
