import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config/load-config.js';
import { resolveConfig } from '../../../lib/config/resolve-config.js';
import { PipelineError } from '../../../lib/errors.js';

const layer = (origin: string, values: Record<string, string>, rejectUnknownKeys = true) => ({ origin, values, rejectUnknownKeys });

describe('resolveConfig', () => {
  it('takes the first layer that sets a value, then the registry default', () => {
    const config = resolveConfig([
      layer('the environment', { KAFKA_BROKERS: 'env:1' }, false),
      layer('.env', { KAFKA_BROKERS: 'dotenv:2', CONNECT_URL: 'http://dotenv:8083' }),
      layer('.stack/endpoints.env', { KAFKA_BROKERS: 'stack:3', CONNECT_URL: 'http://stack:8083', WAREHOUSE: 'postgres' }),
    ]);
    expect(config.values.KAFKA_BROKERS).toBe('env:1');
    expect(config.values.CONNECT_URL).toBe('http://dotenv:8083');
    expect(config.values.WAREHOUSE).toBe('postgres');
    expect(config.origins.WAREHOUSE).toBe('.stack/endpoints.env');
    expect(config.values.STACK_PG_PORT).toBe(54329);
    expect(config.origins.STACK_PG_PORT).toBe('default');
  });

  it('types each value from the registry: integers, booleans, enum members, text', () => {
    const config = resolveConfig([layer('.env', { CLICKHOUSE_SINK_SSL: 'true', STACK_KAFKA_PORT: '19092', WAREHOUSE: 'clickhouse' })]);
    expect(config.values.CLICKHOUSE_SINK_SSL).toBe(true);
    expect(config.values.STACK_KAFKA_PORT).toBe(19092);
    expect(config.text.STACK_KAFKA_PORT).toBe('19092');
    expect(config.values.WAREHOUSE).toBe('clickhouse');
    expect(config.values.DLQ_REPLICATION_FACTOR).toBe(3);
  });

  it('refuses an empty value where a default exists, instead of silently using the default', () => {
    expect(() => resolveConfig([layer('the environment', { KAFKA_BROKERS: '' }, false)])).toThrow(
      'Invalid configuration: KAFKA_BROKERS is empty in the environment; an empty value is not "use the default": remove the line to get "localhost:9092", or set host:port[,host:port…] with ports from 1 to 65535. Fix the values and run again.',
    );
  });

  it('takes an empty value as "unset" where there is no default, and lower layers do not fill it in', () => {
    const config = resolveConfig([
      layer('the environment', { CLICKHOUSE_URL: '' }, false),
      layer('.stack/endpoints.env', { CLICKHOUSE_URL: 'http://127.0.0.1:8123' }),
    ]);
    expect(config.values.CLICKHOUSE_URL).toBeUndefined();
    expect(config.origins.CLICKHOUSE_URL).toBe('the environment');
  });

  it('keeps an empty value where empty is valid (no topic suffix)', () => {
    expect(resolveConfig([layer('.env', { TOPIC_SUFFIX: '' })]).values.TOPIC_SUFFIX).toBe('');
  });

  it('checks hosts and ports inside URLs and broker lists', () => {
    expect(() =>
      resolveConfig([layer('.env', { KAFKA_BROKERS: 'localhost:99999', CONNECT_URL: 'http://localhost:99999', PG_URL: 'mysql://x' })]),
    ).toThrow(
      'Invalid configuration: KAFKA_BROKERS="localhost:99999" from .env is not valid: expected host:port[,host:port…] with ports from 1 to 65535; CONNECT_URL="http://localhost:99999" from .env is not valid: expected an http:// or https:// URL; PG_URL="mysql://x" from .env is not valid: expected a postgresql://user@host:port/database URL. Fix the values and run again.',
    );
  });

  it('reports every invalid value and unknown key together, naming origin, value and what is valid', () => {
    let caught: unknown;
    try {
      resolveConfig([
        layer('the environment', { WAREHOUSE: 'oracle', STACK_KAFKA_PORT: '70000', PATH: '/bin' }, false),
        layer('.env', { STACK_CONNECT_HEAP: 'lots', TYPO_VAR: 'x' }),
      ]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PipelineError);
    const error = caught as PipelineError;
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('.env sets unknown variable TYPO_VAR');
    expect(error.message).toContain('WAREHOUSE="oracle" from the environment is not valid: expected one of mssql, clickhouse, postgres');
    expect(error.message).toContain('STACK_KAFKA_PORT="70000" from the environment is not valid: expected a port number from 1 to 65535');
    expect(error.message).toContain('STACK_CONNECT_HEAP="lots" from .env is not valid: expected a JVM size such as 512m or 1g');
    expect(error.message).not.toContain('PATH');
  });

  it('never prints a secret value in an error', () => {
    expect(() => resolveConfig([layer('.env', { PG_URL: 'not a url', PG_SINK_PASSWORD: 's3cret' })])).toThrow(/PG_URL="not a url"/);
  });
});

describe('loadConfig', () => {
  it('reads .env over the stack endpoints file, with the process env on top', () => {
    const repo = mkdtempSync(join(tmpdir(), 'config-'));
    writeFileSync(join(repo, '.env'), 'STACK_DIR=custom-stack\nCONNECT_URL=http://from-dotenv:8083\n');
    const stackDir = join(repo, 'custom-stack');
    mkdirSync(stackDir);
    writeFileSync(join(stackDir, 'endpoints.env'), 'WAREHOUSE=postgres\nCONNECT_URL=http://from-stack:8083\nKAFKA_BROKERS=stack:9092\n');
    writeFileSync(join(stackDir, 'secrets.env'), 'PG_PASSWORD=from-secrets\n');
    const config = loadConfig({ repoRoot: repo, env: { KAFKA_BROKERS: 'env:9092' } });
    expect(config.values.WAREHOUSE).toBe('postgres');
    expect(config.values.CONNECT_URL).toBe('http://from-dotenv:8083');
    expect(config.values.KAFKA_BROKERS).toBe('env:9092');
    expect(config.values.PG_PASSWORD).toBe('from-secrets');
    expect(config.origins.PG_PASSWORD).toBe('custom-stack/secrets.env');
  });

  it('reports .env lines that are not KEY=value, with the file and line (exit 2)', () => {
    const repo = mkdtempSync(join(tmpdir(), 'config-'));
    writeFileSync(
      join(repo, '.env'),
      '# ok\nWAREHOUSE=postgres\nKAFKA_BROKERS localhost:9092\nexport TOPIC_SUFFIX=-a\nPG_PASSWORD="multi\nline"\n  just words\n',
    );
    expect(() => loadConfig({ repoRoot: repo, env: {} })).toThrow(
      '.env has line(s) that are not KEY=value: line 3 "KAFKA_BROKERS localhost:9092", line 7 "just words". Write them as NAME=value or comment them out with #.',
    );
  });
});
