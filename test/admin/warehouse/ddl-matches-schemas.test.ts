import { describe, expect, it } from 'vitest';
import { readMigrations } from '../../../admin/warehouse/sql-files.js';
import { EVENT_SCHEMAS, type FieldSchema, STREAMS } from '../../../lib/schemas/event-schemas.js';
import { TABLE_OF_STREAM } from '../../../lib/streams.js';
import { DIALECTS, type Dialect } from '../../../lib/warehouses.js';
import { migratedColumnsOf } from '../../support/migration-columns.js';

function expectedType(dialect: Dialect, field: FieldSchema): RegExp {
  const nullable = Array.isArray(field.type) && field.type.includes('null');
  const base = Array.isArray(field.type) ? field.type.find((type) => type !== 'null') : field.type;
  const pick = (postgres: string, mssql: string, clickhouse: string) => ({ postgres, mssql, clickhouse })[dialect];
  let type: string;
  if (field['x-decimal']) type = pick('numeric\\(18,2\\)', 'DECIMAL\\(18,2\\)', 'Decimal\\(18, 2\\)');
  else if (field['x-timestamp']) type = pick('timestamptz', 'DATETIME2\\(3\\)', "DateTime64\\(3, 'UTC'\\)");
  else if (base === 'boolean') type = pick('boolean', 'BIT', 'Bool');
  else if (base === 'integer') type = pick('integer', 'INT', '(U?Int(8|16|32|64))');
  else
    type = pick(
      '(uuid|varchar\\(\\d+\\)|char\\(\\d+\\))',
      '(UNIQUEIDENTIFIER|NVARCHAR\\(\\d+\\)|NCHAR\\(\\d+\\))',
      '(UUID|String|LowCardinality\\(String\\))',
    );
  if (dialect === 'clickhouse')
    return new RegExp(nullable ? `^(Nullable\\(${type}\\)|LowCardinality\\(Nullable\\(String\\)\\))$` : `^${type}$`);
  if (dialect === 'mssql') return new RegExp(nullable ? `^${type} NULL$` : `^${type} NOT NULL$`);
  return new RegExp(nullable ? `^${type}$` : `^${type} NOT NULL$`);
}

describe('warehouse DDL matches the event schemas', () => {
  for (const dialect of DIALECTS) {
    for (const stream of STREAMS) {
      const table = TABLE_OF_STREAM[stream];
      it(`${dialect}: ${table} has every ${stream} field with a matching type and nullability, plus ingested_at`, () => {
        const columns = migratedColumnsOf(dialect, table);
        const fields = Object.entries(EVENT_SCHEMAS[stream].properties);
        // Fields added later come after ingested_at in the table (ALTER … ADD appends): compare without it.
        expect([...columns.keys()].filter((name) => name !== 'ingested_at')).toEqual(fields.map(([name]) => name));
        expect(columns.has('ingested_at'), 'ingested_at').toBe(true);
        for (const [name, field] of fields) expect(columns.get(name), `${dialect}.${table}.${name}`).toMatch(expectedType(dialect, field));
      });
    }
  }

  it('keys each table on its idempotency key (ClickHouse: inside ORDER BY)', () => {
    const ddl = Object.fromEntries(
      DIALECTS.map((dialect) => [
        dialect,
        readMigrations(dialect)
          .map((m) => m.sql)
          .join('\n'),
      ]),
    );
    for (const stream of STREAMS) {
      const table = TABLE_OF_STREAM[stream];
      const key = EVENT_SCHEMAS[stream]['x-idempotency-key'].join(', ');
      expect(ddl.postgres).toContain(`CONSTRAINT ${table}_pk PRIMARY KEY (${key})`);
      expect(ddl.mssql).toMatch(new RegExp(`CONSTRAINT ${table}_pk PRIMARY KEY (NONCLUSTERED )?\\(${key}\\)`));
      expect(ddl.clickhouse).toMatch(new RegExp(`ORDER BY \\(toDate\\(\\w+\\), ${key}\\);`));
    }
  });

  it('puts the schema rules into CHECK constraints in every dialect', () => {
    for (const dialect of DIALECTS) {
      const ddl = readMigrations(dialect)
        .map((m) => m.sql)
        .join('\n');
      expect(ddl, dialect).toMatch(/CHECK \(?quantity > 0/);
      expect(ddl, dialect).toMatch(/CHECK \(?unit_price >= 0 AND discount >= 0 AND line_total >= 0/);
      expect(ddl, dialect).toMatch(/CHECK \(?rating BETWEEN 1 AND 5/);
    }
  });
});
