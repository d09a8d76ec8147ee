import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../lib/config/resolve-config.js';
import { renderEngineConfig } from '../../../stack/clickhouse/engine-config.js';
import { servicesFor } from '../../../stack/services/all-services.js';
import { renderConnectWorkerProperties } from '../../../stack/services/connect-service.js';
import { renderLog4j2 } from '../../../stack/services/jvm.js';
import { renderKafkaServerProperties } from '../../../stack/services/kafka-service.js';
import { renderPostgresSettings, warehouseBootstrapSql } from '../../../stack/services/postgres-service.js';
import { SUPERSET_VENV } from '../../../stack/services/superset-service.js';
import { stackPaths } from '../../../stack/stack-paths.js';
import { stackEndpoints, stackSettingsFrom, stackWarehousesOf } from '../../../stack/stack-settings.js';
import { SINGLE_NODE } from '../../../stack/stack-topology.js';
import { readVersions } from '../../../stack/versions.js';
import { properties } from '../../support/properties-text.js';

const settings = stackSettingsFrom(
  resolveConfig([{ origin: 'test', values: { STACK_KAFKA_PORT: '19092', STACK_CONNECT_PORT: '18083' }, rejectUnknownKeys: true }]),
  '/repo',
);
const paths = stackPaths(settings.stackDir);

describe('native stack configuration files', () => {
  it('runs Kafka as one KRaft node in combined mode on localhost with replication factor 1', () => {
    const props = properties(renderKafkaServerProperties(settings, SINGLE_NODE, 1, '/data/kafka'));
    expect(props.get('process.roles')).toBe('broker,controller');
    expect(props.get('controller.quorum.voters')).toBe('1@127.0.0.1:9093');
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:9093');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19092');
    expect(props.get('offsets.topic.replication.factor')).toBe('1');
    expect(props.get('transaction.state.log.min.isr')).toBe('1');
    expect(props.get('log.dirs')).toBe('/data/kafka');
  });

  it('configures a distributed Connect worker with restricted config providers, string keys, JSON values and fault-test timings', () => {
    const references = { env: ['PG_SINK_PASSWORD'], files: ['/repo/.stack/secrets.env'], dirs: [] };
    const props = properties(renderConnectWorkerProperties(settings, paths, references));
    expect(props.get('bootstrap.servers')).toBe('127.0.0.1:19092');
    expect(props.get('listeners')).toBe('http://127.0.0.1:18083');
    expect(props.get('key.converter')).toBe('org.apache.kafka.connect.storage.StringConverter');
    expect(props.get('value.converter')).toBe('org.apache.kafka.connect.json.JsonConverter');
    expect(props.get('config.providers')).toBe('env,file');
    expect(props.get('config.providers.env.class')).toBe('org.apache.kafka.common.config.provider.EnvVarConfigProvider');
    expect(props.get('config.providers.env.param.allowlist.pattern')).toBe('^(PG_SINK_PASSWORD)$');
    expect(props.get('config.providers.file.param.allowed.paths')).toBe('/repo/.stack/secrets.env');
    expect(props.has('config.providers.dir.class')).toBe(false);
    expect(props.get('plugin.path')).toBe('/repo/.stack/plugins');
    expect(props.get('offset.flush.interval.ms')).toBe('5000');
    expect(props.get('consumer.session.timeout.ms')).toBe('10000');
    for (const topic of ['config', 'offset', 'status']) expect(props.get(`${topic}.storage.replication.factor`)).toBe('1');
  });

  it('pins PostgreSQL to localhost, its port and UTC, and records commit times (bench:freshness)', () => {
    const text = renderPostgresSettings(settings);
    expect(text).toContain('port = 54329');
    expect(text).toContain("listen_addresses = '127.0.0.1'");
    expect(text).toContain("timezone = 'UTC'");
    expect(text).toContain('track_commit_timestamp = on');
  });

  it('gives the sink role data rights only (no DDL) and quotes its name', () => {
    const sql = warehouseBootstrapSql('odd"name');
    expect(sql.inWarehouse).toContain('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "odd""name"');
    expect(sql.inWarehouse.join(';')).not.toMatch(/GRANT (ALL|CREATE)/);
    expect(sql.inServer.join(';')).toContain("rolname = 'odd\"name'");
  });

  it('logs through log4j2 into the given file', () => {
    expect(renderLog4j2('/logs/kafka.log')).toContain('appender.file.fileName = /logs/kafka.log');
  });

  it('publishes endpoints that default the warehouse to PostgreSQL', () => {
    expect(stackEndpoints(settings, ['postgres'])).toEqual({
      WAREHOUSE: 'postgres',
      KAFKA_BROKERS: '127.0.0.1:19092',
      CONNECT_URL: 'http://127.0.0.1:18083',
      PG_URL: 'postgresql://postgres@127.0.0.1:54329/warehouse',
      PG_SINK_JDBC_URL: 'jdbc:postgresql://127.0.0.1:54329/warehouse',
      DLQ_REPLICATION_FACTOR: '1',
    });
  });

  it("adds ClickHouse's URL when its service runs, and keeps WAREHOUSE=postgres while PostgreSQL runs too", () => {
    const both = stackEndpoints(settings, ['postgres', 'clickhouse']);
    expect(both.WAREHOUSE).toBe('postgres');
    expect(both.CLICKHOUSE_URL).toBe('http://127.0.0.1:18123');
    expect(both.PG_URL).toBe('postgresql://postgres@127.0.0.1:54329/warehouse');
    const clickhouseOnly = stackEndpoints(settings, ['clickhouse']);
    expect(clickhouseOnly.WAREHOUSE).toBe('clickhouse');
    expect(clickhouseOnly.PG_URL).toBeUndefined();
  });

  it("adds Superset's URL when it runs (stack:up -- --with superset), and starts it only when asked", () => {
    expect(stackEndpoints(settings, ['postgres'], ['superset']).SUPERSET_URL).toBe('http://127.0.0.1:18088');
    expect(stackEndpoints(settings, ['postgres']).SUPERSET_URL).toBeUndefined();
    expect(servicesFor(SINGLE_NODE, ['postgres']).map((service) => service.name)).toEqual(['postgres', 'kafka', 'connect']);
    expect(servicesFor(SINGLE_NODE, ['clickhouse'], ['superset']).map((service) => service.name)).toEqual([
      'clickhouse',
      'kafka',
      'connect',
      'superset',
    ]);
  });

  it("pins Superset in its requirements at stack/versions.json's version", () => {
    const requirements = readFileSync(SUPERSET_VENV.requirements, 'utf8');
    expect(requirements).toMatch(new RegExp(`^apache_superset==${readVersions().superset.replaceAll('.', '\\.')}$`, 'm'));
    // A full lock: every line a pin, so a rebuild installs the same environment.
    const pins = requirements.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
    expect(pins.filter((line) => !/^[A-Za-z0-9_.-]+(\[[a-z,]+\])?==[A-Za-z0-9_.+-]+$/.test(line))).toEqual([]);
    expect(pins.length).toBeGreaterThan(100);
  });

  it('reads STACK_WAREHOUSES in start order without repeats, and refuses other names at load', () => {
    expect(stackWarehousesOf('clickhouse,postgres')).toEqual(['postgres', 'clickhouse']);
    expect(settings.warehouses).toEqual(['postgres']);
    expect(() => resolveConfig([{ origin: '.env', values: { STACK_WAREHOUSES: 'mssql' }, rejectUnknownKeys: true }])).toThrow(
      /STACK_WAREHOUSES.*postgres, clickhouse or postgres,clickhouse/,
    );
  });

  it("writes the ClickHouse engine's config: its log, Kafka session timeouts for fast restarts, escaped paths", () => {
    const xml = renderEngineConfig({ logFile: '/logs/clickhouse.log', userFilesDir: '/data/a&b' });
    expect(xml).toContain('<log>/logs/clickhouse.log</log>');
    expect(xml).toContain('<session_timeout_ms>6000</session_timeout_ms>');
    expect(xml).toContain('<user_files_path>/data/a&amp;b/</user_files_path>');
    expect(xml).toContain('<background_message_broker_schedule_pool_size>16</background_message_broker_schedule_pool_size>');
  });
});
