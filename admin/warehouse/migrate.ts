import { type MigrationPlan, planMigrations } from './migration-plan.js';
import { readMigrations } from './sql-files.js';
import type { WarehouseConnection, WarehouseSchema } from './warehouse-adapter.js';

/** What the migration files and the warehouse's record say is applied and pending. */
export async function migrationPlanOf(warehouse: WarehouseConnection & WarehouseSchema): Promise<MigrationPlan> {
  return planMigrations(readMigrations(warehouse.dialect), await warehouse.appliedMigrations(), warehouse.description);
}

export interface MigrateOutcome {
  readonly plan: MigrationPlan;
  /** The roles created or updated (server dialects only). */
  readonly roles: readonly string[];
}

/**
 * The one migrate sequence (`db:migrate`, benchmarks, tests): plan, apply every pending migration in
 * order, then create or update the sink and read-only roles.
 */
export async function migrateWarehouse(
  warehouse: WarehouseConnection & WarehouseSchema,
  onApplied: (name: string, ms: number) => void = () => undefined,
): Promise<MigrateOutcome> {
  const plan = await migrationPlanOf(warehouse);
  for (const migration of plan.pending) {
    const started = performance.now();
    await warehouse.applyMigration(migration);
    onApplied(migration.name, Math.round(performance.now() - started));
  }
  return { plan, roles: await warehouse.ensureRoles() };
}
