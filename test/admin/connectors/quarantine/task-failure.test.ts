import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyFailure, failureLine, rootCause } from '../../../../admin/connectors/quarantine/task-failure.js';
import { REPO_ROOT } from '../../../../lib/repo-root.js';

/** Traces of real FAILED tasks of the Debezium JDBC sink on the native stack (status API), kept as fixtures. */
const trace = (name: string) => readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'connectors', 'traces', `${name}.txt`), 'utf8');

describe('why a sink task FAILED', () => {
  it('a value the column refuses is the record’s fault: quarantine', () => {
    const failure = classifyFailure(trace('postgres-value-too-long'));
    expect(failure).toEqual({
      kind: 'record',
      exceptionClass: 'org.postgresql.util.PSQLException',
      message: 'ERROR: value too long for type character(3)',
      evidence: 'value too long for type',
    });
    expect(failureLine('ecom-postgres-sales', 0, failure)).toBe(
      'ecom-postgres-sales task 0 FAILED: PSQLException: ERROR: value too long for type character(3) (a record the table refuses: npm run connectors:quarantine -- ecom-postgres-sales)',
    );
  });

  it('PostgreSQL stopped is the environment’s: restart once it is back', () => {
    const failure = classifyFailure(trace('postgres-down'));
    expect(failure).toMatchObject({ kind: 'environment', exceptionClass: 'java.net.ConnectException', message: 'Connection refused' });
    expect(failureLine('ecom-postgres-sales', 0, failure)).toBe(
      'ecom-postgres-sales task 0 FAILED: ConnectException: Connection refused (fix the warehouse, then npm run connectors:restart -- ecom-postgres-sales --failed)',
    );
  });

  it('a task started while PostgreSQL was down (Hibernate finds no dialect) is the environment’s too', () => {
    // From the chaos run: the worker restarted the task while PostgreSQL was killed.
    const failure = classifyFailure(trace('postgres-starting-dialect'));
    expect(failure).toMatchObject({
      kind: 'environment',
      exceptionClass: 'org.hibernate.HibernateException',
      evidence: 'Unable to determine Dialect without JDBC metadata',
    });
  });

  it('reads the other warehouses’ refusals, and the root cause of any trace', () => {
    const wrap = (cause: string) =>
      `org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask\n\tat x\nCaused by: ${cause}\n\tat y`;
    expect(
      classifyFailure(
        wrap(
          'org.postgresql.util.PSQLException: ERROR: new row for relation "sales_lines" violates check constraint "sales_lines_quantity_ck"',
        ),
      ).kind,
    ).toBe('record');
    expect(
      classifyFailure(
        wrap(
          'com.microsoft.sqlserver.jdbc.SQLServerException: The MERGE statement conflicted with the CHECK constraint "sales_lines_quantity_ck".',
        ),
      ).kind,
    ).toBe('record');
    expect(
      classifyFailure(wrap("com.microsoft.sqlserver.jdbc.SQLServerException: Login failed for user 'warehouse_sink_login'.")).kind,
    ).toBe('environment');
    expect(classifyFailure(wrap('org.postgresql.util.PSQLException: ERROR: relation "public.sales_lines" does not exist')).kind).toBe(
      'environment',
    );
    expect(classifyFailure(wrap('java.lang.IllegalStateException: something else')).kind).toBe('unknown');
    expect(rootCause('java.lang.RuntimeException: only a first line')).toEqual({
      exceptionClass: 'java.lang.RuntimeException',
      message: 'only a first line',
    });
  });
});
