import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { VARIABLES } from '../../lib/config/variables.js';
import { PipelineError } from '../../lib/errors.js';
import { REPO_ROOT } from '../../lib/repo-root.js';
import { EVENT_SCHEMAS, schemaFileOf } from '../../lib/schemas/event-schemas.js';
import { STREAMS, type StreamName } from '../../lib/streams.js';
import { placeholderProblem, placeholdersIn } from '../connectors/connector-placeholders.js';
import { renderIngestSql } from './ingest-sql.js';
import { kafkaEngineProblems } from './kafka-engine-settings.js';

/** sql/clickhouse/ingest/: one file per stream, generated from the schemas. */
export const INGEST_DIR = join(REPO_ROOT, 'sql', 'clickhouse', 'ingest');

export const ingestFileOf = (stream: StreamName, dir = INGEST_DIR): string => join(dir, `${stream}.sql`);

/** What each stream's file must hold: the generator's output for its schema. */
export function expectedIngestFiles(): Record<StreamName, string> {
  return Object.fromEntries(
    STREAMS.map((stream) => [stream, renderIngestSql(stream, EVENT_SCHEMAS[stream], schemaFileOf(stream))]),
  ) as Record<StreamName, string>;
}

export const readIngestFile = (stream: StreamName, dir = INGEST_DIR): string => readFileSync(ingestFileOf(stream, dir), 'utf8');

/**
 * What is wrong with the ingest files, one sentence each (empty when none): a placeholder that names no
 * variable of the registry or names a secret, a setting the Kafka engine does not have, a topic other than
 * the stream's schema declares, and last a file that is not what the schemas generate (edited by hand, or
 * a schema changed without `npm run ingest:sql`).
 */
export function ingestFileProblems(dir = INGEST_DIR): string[] {
  const expected = expectedIngestFiles();
  return STREAMS.flatMap((stream) => {
    const file = relative(REPO_ROOT, ingestFileOf(stream, dir));
    if (!existsSync(ingestFileOf(stream, dir))) return [`${file} is missing: run npm run ingest:sql`];
    const text = readIngestFile(stream, dir);
    const problems = [
      ...placeholdersIn(text).flatMap((name) => {
        const problem = placeholderProblem(name, VARIABLES);
        return problem ? [`${file}: ${problem}`] : [];
      }),
      ...kafkaEngineProblems(file, stream, text),
    ];
    if (text !== expected[stream])
      problems.push(`${file} is not what ${schemaFileOf(stream)} generates: run npm run ingest:sql (never edit it by hand)`);
    return problems;
  });
}

/** Refuses, before anything reaches a warehouse, ingest files that connectors:validate would report. */
export function assertIngestFilesValid(dir = INGEST_DIR): void {
  const problems = ingestFileProblems(dir);
  if (problems.length > 0) {
    throw new PipelineError(
      'CONNECTOR_FILE_INVALID',
      `${problems.length} problem(s) in the ClickHouse ingest files:\n${problems.join('\n')}`,
    );
  }
}
