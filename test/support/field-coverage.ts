import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConnectorFiles } from '../../admin/connectors/read-connector-files.js';
import { readIngestFile } from '../../admin/ingest/ingest-files.js';
import { ingestObjectsOf } from '../../admin/ingest/ingest-sql.js';
import { generateDataset } from '../../admin/warehouse/dataset.js';
import { feedbackOf, userEventOf } from '../../collector/build-events.js';
import { userAgentFacts } from '../../lib/enrichment/user-agent.js';
import { REPO_ROOT } from '../../lib/repo-root.js';
import type { EventSchema } from '../../lib/schemas/event-schemas.js';
import { STREAMS, type StreamName, TABLE_OF_STREAM } from '../../lib/streams.js';
import { DIALECTS, type Dialect } from '../../lib/warehouses.js';
import { migratedColumnsOf } from './migration-columns.js';

/**
 * The places a schema field must reach, read from the repository: the check behind the README's
 * "Adding a field end to end". Each problem names the step that was forgotten.
 */
export interface FieldArtifacts {
  /** schemas/generated/event-types.ts */
  readonly typesText: string;
  /** Column names of a table after every migration of a dialect. */
  readonly columns: (dialect: Dialect, table: string) => ReadonlySet<string>;
  /** The columns the Kafka-engine ingest of a stream lands (its land view's select list). */
  readonly ingestLanded: (stream: StreamName) => readonly string[];
  /** Events of a stream as the generator makes them. */
  readonly generated: (stream: StreamName) => readonly Record<string, unknown>[];
  /** An event of a stream as the collector builds it from a page's request (none for sales: no page sends those). */
  readonly collected: (stream: StreamName) => Record<string, unknown> | undefined;
  /** Every connector file's config. */
  readonly connectors: readonly { readonly file: string; readonly config: Readonly<Record<string, string>> }[];
}

/** Connector settings that limit the fields a sink writes: a field left out of them never reaches the table. */
const FIELD_LISTS = ['field.include.list', 'fields.whitelist'];

export function fieldCoverageProblems(schemas: Readonly<Record<StreamName, EventSchema>>, artifacts: FieldArtifacts): string[] {
  const problems: string[] = [];
  for (const stream of STREAMS) {
    const schema = schemas[stream];
    const table = TABLE_OF_STREAM[stream];
    const typeBlock = new RegExp(`export interface ${schema.title} \\{([\\s\\S]*?)\\n\\}`).exec(artifacts.typesText)?.[1] ?? '';
    const landed = new Set(artifacts.ingestLanded(stream));
    const events = artifacts.generated(stream);
    for (const field of Object.keys(schema.properties)) {
      const where = `${stream}.${field}`;
      if (!new RegExp(`^${field}\\??:`, 'm').test(typeBlock))
        problems.push(`${where}: schemas/generated/event-types.ts has no ${field} in ${schema.title}; run npm run schemas:types (step 2)`);
      for (const dialect of DIALECTS)
        if (!artifacts.columns(dialect, table).has(field))
          problems.push(
            `${where}: no migration of sql/${dialect}/migrations adds column ${field} to ${table}; write the next NNN_….sql (step 3)`,
          );
      if (!landed.has(field))
        problems.push(`${where}: sql/clickhouse/ingest/${stream}.sql does not land ${field}; run npm run ingest:sql (step 4)`);
      if (events.length === 0 || events.some((event) => !(field in event)))
        problems.push(
          `${where}: the generator's ${stream} events lack ${field}; set it in producer/generator/ (null when it cannot know it) (step 5)`,
        );
      const collected = artifacts.collected(stream);
      if (collected && !(field in collected))
        problems.push(`${where}: the collector's ${stream} events lack ${field}; set it in collector/build-events.ts (step 6)`);
      for (const { file, config } of artifacts.connectors)
        for (const list of FIELD_LISTS)
          if (config[list] !== undefined && config.topics?.startsWith(schema['x-topic']) && !config[list].split(',').includes(field))
            problems.push(`${where}: ${file} writes only the fields in ${list}, which lacks ${field}; add it (step 7)`);
    }
  }
  return problems;
}

/** The repository's artifacts, as a fresh clone has them. */
export function repositoryArtifacts(): FieldArtifacts {
  const dataset = generateDataset({ orders: 40, seed: 7, startMs: Date.parse('2025-01-01T00:00:00.000Z') });
  return {
    typesText: readFileSync(join(REPO_ROOT, 'schemas', 'generated', 'event-types.ts'), 'utf8'),
    columns: (dialect, table) => new Set(migratedColumnsOf(dialect, table).keys()),
    ingestLanded: (stream) => {
      const land = ingestObjectsOf(stream).land;
      const select = new RegExp(`VIEW IF NOT EXISTS ${land} TO \\w+ AS\\nSELECT (.*)\\n`).exec(readIngestFile(stream))?.[1] ?? '';
      return select.split(',').map((column) => column.trim());
    },
    generated: (stream) => dataset[TABLE_OF_STREAM[stream]] as unknown as Record<string, unknown>[],
    collected: (stream) => {
      const receivedAt = new Date('2026-01-01T00:00:00.000Z');
      if (stream === 'feedback')
        return {
          ...feedbackOf({ feedback_id: '00000000-0000-4000-8000-000000000000', feature: 'search', rating: 5, comment: '' }, receivedAt),
        };
      if (stream === 'sales') return undefined;
      return userEventOf(
        {
          event_id: '00000000-0000-4000-8000-000000000000',
          event_type: 'page_view',
          page_view_id: 'pv',
          page_url: 'https://x/',
          client_ts: receivedAt.toISOString(),
        },
        {
          receivedAt,
          idsOf: () => ({ partyId: 'p', sessionId: 's' }),
          customerId: null,
          userAgent: 'ua',
          agent: userAgentFacts('ua'),
          country: 'ZZ',
        },
      ) as unknown as Record<string, unknown>;
    },
    connectors: readConnectorFiles(join(REPO_ROOT, 'connectors')).map((file) => ({
      file: file.path,
      config: (JSON.parse(file.text) as { config: Record<string, string> }).config,
    })),
  };
}
