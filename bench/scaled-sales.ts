import pg from 'pg';
import { createBenchWarehouse } from '../admin/warehouse/create-warehouse.js';
import { pgClientConfig } from '../admin/warehouse/postgres-connection.js';
import type { WarehouseAdapter, WarehouseMaintenance } from '../admin/warehouse/warehouse-adapter.js';
import { loadConfig } from '../lib/config/load-config.js';

/**
 * A PostgreSQL database and a ClickHouse database of one name for a benchmark (created now, dropped by
 * `drop`), and the environment that points the warehouse adapters at them.
 */
export async function createBenchDatabases(prefix: string) {
  const config = loadConfig();
  const database = `${prefix}_${Date.now()}`;
  const admin = new pg.Client(pgClientConfig(config.values.PG_URL, config.values.PG_PASSWORD));
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const pgUrl = new URL(config.values.PG_URL);
  pgUrl.pathname = `/${database}`;
  return {
    database,
    env: { ...process.env, PG_URL: pgUrl.toString(), CLICKHOUSE_DATABASE: database },
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
      const clickhouse = createBenchWarehouse(loadConfig(), 'clickhouse');
      await clickhouse.connect();
      await clickhouse.execute(`DROP DATABASE IF EXISTS ${database} SYNC`);
      await clickhouse.close();
    },
  };
}

const COLUMNS =
  'event_id, %ORDER%, line_no, order_ts, customer_id, is_returning_customer, country, city, channel, device, payment_method, currency, product_id, sku, product_name, category, brand, quantity, unit_price, discount, line_total, utm_source, ingested_at';

/**
 * Copies the generated base lines (`baseLines` of them) inside the database until `target` lines exist;
 * the running line count suffixes the copied order ids, so copies never collide. Returns the new count.
 */
export async function growSalesLines(
  warehouse: WarehouseAdapter & WarehouseMaintenance,
  baseLines: number,
  target: number,
  current: number,
): Promise<number> {
  let lines = current;
  while (lines < target) {
    const take = Math.min(baseLines, target - lines);
    const suffix = `-c${lines}`;
    await warehouse.execute(
      warehouse.dialect === 'postgres'
        ? `INSERT INTO sales_lines SELECT ${COLUMNS.replace('%ORDER%', `order_id || '${suffix}'`)} FROM sales_lines WHERE order_id NOT LIKE '%-c%' ORDER BY order_id, line_no LIMIT ${take}`
        : `INSERT INTO sales_lines SELECT ${COLUMNS.replace('%ORDER%', `concat(order_id, '${suffix}')`)} FROM sales_lines WHERE position(order_id, '-c') = 0 ORDER BY order_id, line_no LIMIT ${take}`,
    );
    lines += take;
  }
  return lines;
}

/** user_events' columns, in table order (the copy names every one). */
async function userEventColumns(warehouse: WarehouseAdapter): Promise<string[]> {
  const rows = await warehouse.queryRange(
    warehouse.dialect === 'postgres'
      ? "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'user_events' AND column_name <> '' AND @from < @to ORDER BY ordinal_position"
      : "SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 'user_events' AND @from < @to ORDER BY position",
    { from: new Date(0), to: new Date(1) },
  );
  return rows.map((row) => String(row.name));
}

/**
 * Copies the generated clickstream inside the database until about `target` events exist: each copy
 * gets new event ids and its sessions, parties and orders a copy suffix, so sessions stay sessions.
 * Returns the new count.
 */
export async function growUserEvents(
  warehouse: WarehouseAdapter & WarehouseMaintenance,
  baseEvents: number,
  target: number,
  current: number,
): Promise<number> {
  const copies = Math.floor((target - current) / baseEvents);
  if (copies <= 0) return current;
  const columns = await userEventColumns(warehouse);
  const first = Math.round((current - baseEvents) / baseEvents) + 1;
  const postgres = warehouse.dialect === 'postgres';
  const suffixed = (column: string) => (postgres ? `${column} || '-c' || n` : `concat(${column}, '-c', toString(n))`);
  const select = columns.map((column) => {
    if (column === 'event_id') return postgres ? 'gen_random_uuid()' : 'generateUUIDv4()';
    if (column === 'session_id' || column === 'party_id') return suffixed(column);
    if (column === 'order_id')
      return postgres
        ? `CASE WHEN order_id IS NULL THEN NULL ELSE order_id || '-c' || n END`
        : `if(isNull(order_id), NULL, concat(order_id, '-c', toString(n)))`;
    return column;
  });
  await warehouse.execute(
    postgres
      ? `INSERT INTO user_events (${columns.join(', ')}) SELECT ${select.join(', ')} FROM user_events, generate_series(${first}, ${first + copies - 1}) AS n WHERE session_id NOT LIKE '%-c%'`
      : `INSERT INTO user_events (${columns.join(', ')}) SELECT ${select.join(', ')} FROM user_events, (SELECT number AS n FROM numbers(${first}, ${copies})) AS copies WHERE position(session_id, '-c') = 0`,
  );
  return current + copies * baseEvents;
}

/**
 * Rewrites PostgreSQL's grown tables in time order (CLUSTER over a temporary B-tree index), as a table
 * the pipeline fills over time is. The copies above are appended in copy order, which leaves their
 * times uncorrelated with the table's order; PostgreSQL's planner then does not trust the BRIN
 * indexes on time and reads the whole table for the KPIs' few table rows (at 10M lines: 1.3–3.3 s per
 * Sales KPI from the rollups instead of 14–174 ms). ClickHouse keeps its parts in sorting-key order
 * itself, so this is PostgreSQL only.
 */
export async function keepTimeOrder(warehouse: WarehouseAdapter & WarehouseMaintenance): Promise<void> {
  if (warehouse.dialect !== 'postgres') return;
  for (const [table, column] of [
    ['sales_lines', 'order_ts'],
    ['user_events', 'ts'],
  ] as const) {
    await warehouse.execute(`CREATE INDEX bench_time_order ON ${table} (${column})`);
    await warehouse.execute(`CLUSTER ${table} USING bench_time_order`);
    await warehouse.execute('DROP INDEX bench_time_order');
  }
}
