import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConnectorSchemas } from '../../../admin/connectors/connector-schemas.js';
import { CONNECTORS_DIR, readConnectorFiles } from '../../../admin/connectors/read-connector-files.js';
import { deployedName, renderConnectors } from '../../../admin/connectors/render-connectors.js';
import { validateConnectorFiles } from '../../../admin/connectors/validate-connector-files.js';
import { formatFileProblem } from '../../../admin/file-problem.js';
import { CLICKHOUSE_SINK_STATE } from '../../../admin/warehouse/clickhouse-adapter.js';
import { VARIABLES } from '../../../lib/config/variables.js';
import { REPO_ROOT } from '../../../lib/repo-root.js';
import { connectSchemaOf } from '../../../lib/schemas/connect-envelope.js';
import { EVENT_SCHEMAS } from '../../../lib/schemas/event-schemas.js';

const schemas = loadConnectorSchemas();
const fixtures = join(REPO_ROOT, 'test', 'fixtures', 'connectors');
const validate = (dir: string) => validateConnectorFiles(readConnectorFiles(dir), schemas, VARIABLES);

describe('connector files', () => {
  it('the repository files are valid: three sinks per warehouse, named <prefix>-<warehouse>-<stream>', () => {
    const { connectors, problems } = validate(CONNECTORS_DIR);
    expect(problems.map(formatFileProblem)).toEqual([]);
    expect(connectors.map((connector) => connector.name).sort()).toEqual(
      ['clickhouse', 'mssql', 'postgres'].flatMap((warehouse) =>
        ['clickstream', 'feedback', 'sales'].map((stream) => `ecom-${warehouse}-${stream}`),
      ),
    );
    for (const connector of connectors) {
      expect(connector.config['errors.deadletterqueue.context.headers.enable']).toBe('true');
      expect(connector.config['errors.deadletterqueue.topic.replication.factor']).toBe('{{DLQ_REPLICATION_FACTOR}}');
      expect(
        Object.entries(connector.config)
          .filter(([key]) => /password/.test(key))
          .every(([, value]) => value.startsWith('${env:')),
      ).toBe(true);
    }
  });

  it('the ClickHouse sinks keep their exactly-once state in the table db:migrate creates for them', () => {
    const { connectors } = validate(CONNECTORS_DIR);
    const clickhouse = connectors.filter((connector) => connector.name.startsWith('ecom-clickhouse-'));
    expect(clickhouse).toHaveLength(3);
    for (const connector of clickhouse) {
      expect(connector.config.exactlyOnce).toBe('true');
      expect([connector.config.zkDatabase, connector.config.zkPath]).toEqual([
        CLICKHOUSE_SINK_STATE.table,
        CLICKHOUSE_SINK_STATE.keeperPath,
      ]);
    }
  });

  it('render placeholders from the configuration and leave provider references to the worker', () => {
    const { connectors } = validate(CONNECTORS_DIR);
    const sales = connectors.filter((connector) => connector.name === 'ecom-postgres-sales');
    const [rendered] = renderConnectors(sales, {
      PG_SINK_JDBC_URL: 'jdbc:postgresql://db:5432/w',
      PG_SINK_USER: 'sink',
      DLQ_REPLICATION_FACTOR: '1',
      TOPIC_SUFFIX: '',
    });
    expect(rendered?.config.topics).toBe('sales_events');
    const suffixed = renderConnectors(sales, {
      PG_SINK_JDBC_URL: 'x',
      PG_SINK_USER: 'u',
      DLQ_REPLICATION_FACTOR: '1',
      TOPIC_SUFFIX: '-qa',
    });
    expect(suffixed[0]?.config.topics).toBe('sales_events-qa');
    expect(suffixed[0]?.config['errors.deadletterqueue.topic.name']).toBe('dlq-ecom-postgres-sales-qa');
    expect(rendered?.config['connection.url']).toBe('jdbc:postgresql://db:5432/w');
    expect(rendered?.config['errors.deadletterqueue.topic.replication.factor']).toBe('1');
    expect(rendered?.config['connection.password']).toBe('${env:PG_SINK_PASSWORD}');
    expect(() => renderConnectors(sales, {})).toThrow('No value for TOPIC_SUFFIX, PG_SINK_JDBC_URL, PG_SINK_USER, DLQ_REPLICATION_FACTOR');
  });

  it('{{VALUE_SCHEMA}} becomes the Connect schema of the stream in topics, and needs topics to be one event topic', () => {
    const { connectors } = validate(CONNECTORS_DIR);
    const values = {
      PG_SINK_JDBC_URL: 'x',
      PG_SINK_USER: 'u',
      MSSQL_SINK_JDBC_URL: 'x',
      MSSQL_SINK_USER: 'u',
      DLQ_REPLICATION_FACTOR: '1',
    };
    for (const suffix of ['', '-qa']) {
      const rendered = renderConnectors(
        connectors.filter((connector) => connector.warehouse !== 'clickhouse'),
        { ...values, TOPIC_SUFFIX: suffix },
      );
      expect(rendered).toHaveLength(6);
      for (const connector of rendered) {
        const stream = connector.name.endsWith('-sales') ? 'sales' : connector.name.endsWith('-clickstream') ? 'clickstream' : 'feedback';
        expect(JSON.parse(connector.config['value.converter.schema.content'] ?? '')).toEqual(connectSchemaOf(EVENT_SCHEMAS[stream]));
      }
    }
    const sales = connectors.find((connector) => connector.name === 'ecom-postgres-sales');
    if (!sales) throw new Error('no ecom-postgres-sales');
    expect(() =>
      renderConnectors([{ ...sales, config: { ...sales.config, topics: 'sales_events,feedback' } }], { ...values, TOPIC_SUFFIX: '' }),
    ).toThrow(
      'connectors/postgres/ecom-postgres-sales.json: {{VALUE_SCHEMA}} needs "topics" to be one event topic (sales_events, user-events, feedback), not "sales_events,feedback".',
    );
  });

  it('a file is written with any prefix and deployed under CONNECTOR_PREFIX; a name that is not <prefix>-<warehouse>-<stream> is refused', () => {
    const { connectors, problems } = validate(join(fixtures, 'valid'));
    expect(problems).toEqual([]);
    const values = { PG_SINK_JDBC_URL: 'x', PG_SINK_USER: 'u', DLQ_REPLICATION_FACTOR: '1', TOPIC_SUFFIX: '-t' };
    expect(renderConnectors(connectors, { ...values, CONNECTOR_PREFIX: 'bench' }).map((each) => each.name)).toEqual([
      'bench-postgres-events',
      'bench-postgres-orders',
    ]);
    const deployed = renderConnectors(connectors, { ...values, CONNECTOR_PREFIX: 'bench' })[1];
    expect(deployed?.config['errors.deadletterqueue.topic.name']).toBe('dlq-itc-postgres-orders-t');
    expect(deployedName('ecom-postgres-sales', 'test')).toBe('test-postgres-sales');
    const misnamed = validateConnectorFiles(
      [{ path: 'connectors/postgres/ecom-mssql-sales.json', text: JSON.stringify({ name: 'ecom-mssql-sales', config: {} }) }],
      schemas,
      VARIABLES,
    );
    expect(misnamed.problems.map(formatFileProblem)).toContain(
      'connectors/postgres/ecom-mssql-sales.json /name: "ecom-mssql-sales" is not <prefix>-postgres-<stream> (lower-case letters, digits and dashes, e.g. ecom-postgres-sales)',
    );
  });

  it('each bad fixture is refused with its exact message, naming file, pointer, problem and what is valid', () => {
    const { connectors, problems } = validate(join(fixtures, 'bad'));
    expect(connectors).toEqual([]);
    const at = 'test/fixtures/connectors/bad/postgres';
    expect(problems.map(formatFileProblem)).toEqual([
      `${at}/itc-postgres-enum-bad.json /config/insert.mode: is not allowed; valid: insert, update, upsert`,
      `${at}/itc-postgres-literal-password-bad.json /config/connection.password: holds a literal secret; write a config-provider reference such as \${env:PG_SINK_PASSWORD} instead`,
      `${at}/itc-postgres-malformed-bad.json: is not valid JSON (Expected double-quoted property name in JSON at position 129 (line 5 column 3))`,
      `${at}/itc-postgres-missing-key-bad.json /config/errors.deadletterqueue.topic.name: is required by io.debezium.connector.jdbc.JdbcSinkConnector`,
      `${at}/itc-postgres-name-mismatch-bad.json /name: "itc-postgres-orders" does not match the file name; valid: "itc-postgres-name-mismatch-bad"`,
      `${at}/itc-postgres-placeholder-bad.json /config/connection.url: unknown placeholder {{PG_SINK_JDBC_ULR}}; valid: a variable from the README's configuration table`,
      `${at}/itc-postgres-secret-placeholder-bad.json /config/connection.password: {{PG_SINK_PASSWORD}} names a secret; write \${env:PG_SINK_PASSWORD} so the worker resolves it and no value is stored in Connect`,
      `${at}/itc-postgres-typo-bad.json /config/insert.mod: is not a setting of io.debezium.connector.jdbc.JdbcSinkConnector (a typo?)`,
      `${at}/itc-postgres-unknown-class-bad.json /config/connector.class: "io.confluent.connect.jdbc.JdbcSinkConnector" is not a known connector class; valid: com.clickhouse.kafka.connect.ClickHouseSinkConnector, io.debezium.connector.jdbc.JdbcSinkConnector`,
    ]);
    expect(problems.map(formatFileProblem).join('\n')).not.toContain('hunter2');
  });
});
