import { PipelineError } from '../../lib/errors.js';
import type { MigrationFile } from './sql-files.js';

export interface AppliedMigration {
  readonly name: string;
  readonly checksum: string;
  readonly appliedAt: string;
}

export interface MigrationPlan {
  readonly applied: readonly AppliedMigration[];
  readonly pending: readonly MigrationFile[];
}

/**
 * Compares the migration files with what the warehouse recorded. An applied migration whose file
 * changed (or vanished) is refused: migrations are append-only.
 */
export function planMigrations(files: readonly MigrationFile[], applied: readonly AppliedMigration[], warehouse: string): MigrationPlan {
  const byName = new Map(files.map((file) => [file.name, file]));
  for (const record of applied) {
    const file = byName.get(record.name);
    if (!file) {
      throw new PipelineError(
        'WAREHOUSE_ERROR',
        `${warehouse} has migration ${record.name} applied, but its file is gone from sql/. Restore the file; applied migrations are never removed.`,
      );
    }
    if (file.checksum !== record.checksum) {
      throw new PipelineError(
        'WAREHOUSE_ERROR',
        `${file.file} changed after it was applied to ${warehouse} (checksum ${record.checksum.slice(0, 12)}… recorded, ${file.checksum.slice(0, 12)}… now). Restore the file and put the change in a new migration.`,
      );
    }
  }
  const done = new Set(applied.map((record) => record.name));
  return { applied, pending: files.filter((file) => !done.has(file.name)) };
}
