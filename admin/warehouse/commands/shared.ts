import { loadConfig } from '../../../lib/config/load-config.js';
import type { Dialect } from '../../../lib/warehouses.js';
import { createWarehouse } from '../create-warehouse.js';
import type { WarehouseAdapter } from '../warehouse-adapter.js';

export async function withWarehouse<T>(dialect: Dialect | undefined, work: (warehouse: WarehouseAdapter) => Promise<T>): Promise<T> {
  const warehouse = createWarehouse(loadConfig(), dialect);
  await warehouse.connect();
  try {
    return await work(warehouse);
  } finally {
    await warehouse.close();
  }
}
