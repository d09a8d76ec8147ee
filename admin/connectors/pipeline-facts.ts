import { stackDirOf } from '../../lib/config/load-config.js';
import type { ResolvedConfig } from '../../lib/config/resolve-config.js';
import { VARIABLES } from '../../lib/config/variables.js';
import { eventTopics, ROLLUP_TABLES } from '../../lib/streams.js';
import { DIALECTS, type Dialect } from '../../lib/warehouses.js';
import { stackPaths } from '../../stack/stack-paths.js';
import { STACK_SECRET_KEYS } from '../../stack/stack-secrets.js';
import { readMigrations } from '../warehouse/sql-files.js';
import type { PipelineFacts } from './pipeline-rules.js';

const CREATE_TABLE = /CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:\w+\.)?(\w+)/gi;

/**
 * The tables a sink may write: those a dialect's migrations create (read from sql/<dialect>/migrations),
 * without the rollups, which only rollups:refresh writes.
 */
export function tablesCreatedBy(dialect: Dialect): string[] {
  const created = readMigrations(dialect).flatMap((migration) => [...migration.sql.matchAll(CREATE_TABLE)].map((m) => m[1] as string));
  return [...new Set(created)].filter((table) => !(ROLLUP_TABLES as readonly string[]).includes(table));
}

/** The facts the connector files are checked against: schemas, migrations, registry, the stack's secrets file. */
export function pipelineFacts(config: ResolvedConfig): PipelineFacts {
  return {
    eventTopics: eventTopics(),
    tables: Object.fromEntries(DIALECTS.map((dialect) => [dialect, tablesCreatedBy(dialect)])) as Record<Dialect, string[]>,
    variables: VARIABLES.map((spec) => spec.name),
    secretFiles: { [stackPaths(stackDirOf(config)).secrets]: [...STACK_SECRET_KEYS] },
  };
}
