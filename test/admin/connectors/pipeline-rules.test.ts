import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pipelineProblems } from '../../../admin/connectors/pipeline-rules.js';
import type { ConnectorDefinition } from '../../../admin/connectors/validate-connector-files.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { REPO_ROOT } from '../../../lib/repo-root.js';
import { stackPaths } from '../../../stack/stack-paths.js';
import { stackSettingsFrom } from '../../../stack/stack-settings.js';
import { runTsCli } from '../../support/test-env.js';

const FIXTURES = 'test/fixtures/connectors';
const env = { ...process.env, CONNECTOR_PREFIX: 'itc' };
const validate = (dir: string) => runTsCli('admin/connectors-cli.ts', ['validate', '--dir', dir], env);

describe('connectors:validate knows the pipeline the files serve', () => {
  it('refuses topics, tables and secrets that do not exist, feedback loops and two sinks into one table (exit 1)', async () => {
    const at = `${FIXTURES}/pipeline-bad/postgres`;
    const secrets = stackPaths(stackSettingsFrom(loadConfig()).stackDir).secrets;
    const run = await validate(join(REPO_ROOT, FIXTURES, 'pipeline-bad'));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        'error: 6 problem(s) in the connector files:',
        `${at}/itc-postgres-env-typo-bad.json /config/connection.password: \${env:PG_SINK_PASWORD} names no variable of the registry (did you mean PG_SINK_PASSWORD?); the worker would resolve it to nothing`,
        `${at}/itc-postgres-file-ref-bad.json /config/connection.password: \${file:/etc/pipeline/secrets.env:PG_SINK_PASSWORD} reads /etc/pipeline/secrets.env, which the stack does not provide; valid files: ${secrets} (PG_PASSWORD, PG_SINK_PASSWORD, PG_READER_PASSWORD, CLICKHOUSE_PASSWORD, CLICKHOUSE_SINK_PASSWORD, CLICKHOUSE_READER_PASSWORD, SUPERSET_PASSWORD, SUPERSET_SECRET_KEY)`,
        `${at}/itc-postgres-loop-bad.json /config/topics: reads dlq-itc-postgres-sales, the dead-letter topic of ${at}/itc-postgres-sales.json: a feedback loop`,
        `${at}/itc-postgres-twin-bad.json /config/collection.name.format: writes table sales_lines, as ${at}/itc-postgres-sales.json does: two sinks into one table race each other; keep one`,
        `${at}/itc-postgres-unknown-table-bad.json /config/collection.name.format: writes user-events into table "user_event", which the postgres migrations do not create (did you mean user_events?); they create sales_lines, user_events, feedback`,
        `${at}/itc-postgres-unknown-topic-bad.json /config/topics: "sales_event" is no event topic (did you mean sales_events?); the schemas declare sales_events, user-events, feedback (each with {{TOPIC_SUFFIX}})`,
        '',
      ].join('\n'),
    );
  });

  it('refuses what is not a connector file instead of skipping it (README.md is fine)', async () => {
    const at = `${FIXTURES}/strays`;
    const run = await validate(join(REPO_ROOT, at));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      [
        'error: 4 problem(s) in the connector files:',
        `${at}/notes.txt: is not a connector file; connector files lie in <dir>/<warehouse>/<name>.json`,
        `${at}/oracle: is not a warehouse folder; valid folders: mssql, clickhouse, postgres`,
        `${at}/postgres/nested: is a folder; connector files lie directly in ${at}/postgres/`,
        `${at}/postgres/todo.txt: is not a connector file (<name>.json); move it out of the connectors directory`,
        '',
      ].join('\n'),
    );
  });

  const empty = mkdtempSync(join(tmpdir(), 'connectors-empty-'));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it('never says "0 of 0 valid": an empty directory is refused, a file given as --dir is bad usage (exit 2)', async () => {
    const none = await validate(empty);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(
      `error: 1 problem(s) in the connector files:\n${empty}: holds no connector files; expected <warehouse>/<name>.json\n`,
    );
    const file = await validate(join(REPO_ROOT, 'package.json'));
    expect(file.code).toBe(2);
    expect(file.stderr).toBe(
      `error: --dir ${join(REPO_ROOT, 'package.json')} is a file; give the connectors directory (it holds <warehouse>/<name>.json).\n`,
    );
  });
});

describe('pipeline rules for subscriptions by pattern', () => {
  const facts = {
    eventTopics: ['sales_events', 'user-events', 'feedback'],
    tables: { postgres: ['sales_lines', 'user_events', 'feedback'], mssql: [], clickhouse: [] },
    variables: ['PG_SINK_PASSWORD'],
    secretFiles: {},
  };
  const connector = (name: string, config: Record<string, string>): ConnectorDefinition => ({
    path: `${name}.json`,
    warehouse: 'postgres',
    name,
    config: { 'errors.deadletterqueue.topic.name': `dlq-${name}{{TOPIC_SUFFIX}}`, ...config },
  });

  it('a regex must match an event topic and no dead-letter topic', () => {
    const problems = pipelineProblems(
      [
        connector('a', { 'topics.regex': 'sales_events{{TOPIC_SUFFIX}}', 'collection.name.format': 'sales_lines' }),
        connector('b', { 'topics.regex': 'orders.*' }),
        connector('c', { 'topics.regex': 'dlq-.*' }),
        connector('d', { 'topics.regex': '(' }),
      ],
      facts,
    );
    expect(problems.map((problem) => `${problem.file} ${problem.pointer}: ${problem.problem}`)).toEqual([
      'b.json /config/topics.regex: matches no event topic; the schemas declare sales_events, user-events, feedback',
      'c.json /config/topics.regex: matches no event topic; the schemas declare sales_events, user-events, feedback',
      'c.json /config/topics.regex: also matches the dead-letter topic dlq-a of a.json: a feedback loop',
      'c.json /config/topics.regex: also matches the dead-letter topic dlq-b of b.json: a feedback loop',
      'c.json /config/topics.regex: also matches the dead-letter topic dlq-c of c.json: a feedback loop',
      'c.json /config/topics.regex: also matches the dead-letter topic dlq-d of d.json: a feedback loop',
      'd.json /config/topics.regex: "(" is not a regular expression (Invalid regular expression: /^(?:()$/: Unterminated group)',
    ]);
  });

  it('the ClickHouse sink names its tables in topic2TableMap', () => {
    const problems = pipelineProblems(
      [connector('ch', { topics: 'sales_events{{TOPIC_SUFFIX}}', topic2TableMap: 'sales_events{{TOPIC_SUFFIX}}=sales' })],
      facts,
    );
    expect(problems.map((problem) => problem.problem)).toEqual([
      'writes sales_events into table "sales", which the postgres migrations do not create; they create sales_lines, user_events, feedback',
    ]);
  });
});
