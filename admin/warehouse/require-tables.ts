import type { ResolvedConfig } from '../../lib/config/resolve-config.js';
import { PipelineError } from '../../lib/errors.js';
import { ROLLUP_TABLES, TABLE_NAMES } from '../../lib/streams.js';
import type { Dialect } from '../../lib/warehouses.js';
import { createWarehouse } from './create-warehouse.js';
import type { WarehouseAdapter, WarehouseConnection, WarehouseInventory } from './warehouse-adapter.js';

/** Pure: the message for a warehouse that lacks the pipeline's tables, naming the command that creates them. */
export function missingTablesMessage(description: string, dialect: string, missing: readonly string[]): string {
  return `${description} has no table${missing.length > 1 ? 's' : ''} ${missing.join(', ')} yet: run npm run db:migrate -- --warehouse ${dialect} first (it creates the tables and roles).`;
}

/** Refuses to go on (TABLES_MISSING, exit 1) before `db:migrate` has created the pipeline's tables (and rollups, where the dialect has them). */
export async function requireTables(warehouse: WarehouseConnection & WarehouseInventory): Promise<void> {
  const existing = new Set((await warehouse.existingTables()).map((name) => name.toLowerCase()));
  const expected = [...TABLE_NAMES, ...(warehouse.dialect === 'mssql' ? [] : ROLLUP_TABLES)];
  const missing = expected.filter((table) => !existing.has(table));
  if (missing.length > 0)
    throw new PipelineError('TABLES_MISSING', missingTablesMessage(warehouse.description, warehouse.dialect, missing));
}

/** The warehouse (`dialect`, default WAREHOUSE), connected, once its tables are known to exist; closed again if they are not. */
export async function openMigratedWarehouse(config: ResolvedConfig, dialect?: Dialect): Promise<WarehouseAdapter> {
  const warehouse = createWarehouse(config, dialect);
  await warehouse.connect();
  try {
    await requireTables(warehouse);
  } catch (error) {
    await warehouse.close();
    throw error;
  }
  return warehouse;
}
