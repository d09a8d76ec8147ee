import { describe, expect, it } from 'vitest';
import { joinQuery, mayChangeSession, planStatement, splitInsertBody } from '../../../stack/clickhouse/statement-plan.js';

describe('how a request becomes one engine statement', () => {
  it('reads an INSERT … FORMAT with the rows in the body from a file, in the same format, decompressed by the engine', () => {
    const plan = planStatement('INSERT INTO warehouse.t (a, `b c`) FORMAT JSONEachRow', true);
    expect(plan.kind).toBe('insert-from-body');
    if (plan.kind !== 'insert-from-body') return;
    expect(plan.sqlFor("/up/q'1", undefined)).toBe("INSERT INTO warehouse.t (a, `b c`) FROM INFILE '/up/q\\'1' FORMAT JSONEachRow");
    expect(plan.sqlFor('/up/q2', 'lz4')).toBe(
      "INSERT INTO warehouse.t (a, `b c`) FROM INFILE '/up/q2' COMPRESSION 'lz4' FORMAT JSONEachRow",
    );
  });

  it('puts FROM INFILE before a SETTINGS clause, as the grammar wants', () => {
    const plan = planStatement('INSERT INTO t SETTINGS async_insert=0 FORMAT Native', true);
    if (plan.kind !== 'insert-from-body') throw new Error('expected an insert');
    expect(plan.sqlFor('/f', undefined)).toBe("INSERT INTO t FROM INFILE '/f' SETTINGS async_insert=0 FORMAT Native");
  });

  it('joins the query parameter and a body that is not rows with a line feed, as the server does', () => {
    expect(planStatement('INSERT INTO t VALUES', true)).toEqual({ kind: 'query', bodyIsPartOfQuery: true });
    expect(planStatement('INSERT INTO t FORMAT CSV', false)).toEqual({ kind: 'query', bodyIsPartOfQuery: false });
    expect(joinQuery('INSERT INTO t VALUES', '(1),(2)')).toBe('INSERT INTO t VALUES\n(1),(2)');
    expect(joinQuery(undefined, 'SELECT 1')).toBe('SELECT 1');
    expect(joinQuery('SELECT 1', '')).toBe('SELECT 1');
  });

  it('splits a body that starts with the INSERT (clickhouse-connect) into the statement and the binary rows after one line feed', () => {
    const rows = Buffer.from([0x01, 0x0a, 0x00, 0xff]);
    const split = splitInsertBody(Buffer.concat([Buffer.from('INSERT INTO w.t (`a`) FORMAT Native\n'), rows]));
    expect(split?.statement).toBe('INSERT INTO w.t (`a`) FORMAT Native');
    expect(split?.rows.equals(rows)).toBe(true);
    expect(splitInsertBody(Buffer.from('SELECT 1'))).toBeUndefined();
    expect(splitInsertBody(Buffer.from('INSERT INTO t FORMAT Native\n'))).toBeUndefined();
  });

  it('knows which statements may change the session (so it is reset for the next request)', () => {
    expect(mayChangeSession('SET max_threads = 1')).toBe(true);
    expect(mayChangeSession('use system')).toBe(true);
    expect(mayChangeSession('SELECT 1')).toBe(false);
  });
});
