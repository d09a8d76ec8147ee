import { describe, expect, it } from 'vitest';
import { EVENT_SCHEMAS, type EventSchema } from '../../lib/schemas/event-schemas.js';
import { fieldCoverageProblems, repositoryArtifacts } from '../support/field-coverage.js';

/** The README's "Adding a field end to end": every schema field reaches every place that knows the schema. */
describe('every event schema field is carried end to end', () => {
  const artifacts = repositoryArtifacts();

  it("reaches the generated types, every dialect's migrations, the ClickHouse ingest, the generator and the sinks", () => {
    expect(fieldCoverageProblems(EVENT_SCHEMAS, artifacts)).toEqual([]);
  });

  it('names each forgotten step for a field added to a schema only', () => {
    const clickstream: EventSchema = {
      ...EVENT_SCHEMAS.clickstream,
      properties: { ...EVENT_SCHEMAS.clickstream.properties, landing_page: { type: ['string', 'null'], maxLength: 2000 } },
    };
    expect(fieldCoverageProblems({ ...EVENT_SCHEMAS, clickstream }, artifacts)).toEqual([
      'clickstream.landing_page: schemas/generated/event-types.ts has no landing_page in UserEvent; run npm run schemas:types (step 2)',
      'clickstream.landing_page: no migration of sql/mssql/migrations adds column landing_page to user_events; write the next NNN_….sql (step 3)',
      'clickstream.landing_page: no migration of sql/clickhouse/migrations adds column landing_page to user_events; write the next NNN_….sql (step 3)',
      'clickstream.landing_page: no migration of sql/postgres/migrations adds column landing_page to user_events; write the next NNN_….sql (step 3)',
      'clickstream.landing_page: sql/clickhouse/ingest/clickstream.sql does not land landing_page; run npm run ingest:sql (step 4)',
      "clickstream.landing_page: the generator's clickstream events lack landing_page; set it in producer/generator/ (null when it cannot know it) (step 5)",
      "clickstream.landing_page: the collector's clickstream events lack landing_page; set it in collector/build-events.ts (step 6)",
    ]);
  });

  it('names a sink that lists the fields it writes without the new one', () => {
    const withList = {
      ...artifacts,
      connectors: [
        { file: 'connectors/postgres/x.json', config: { topics: 'user-events{{TOPIC_SUFFIX}}', 'field.include.list': 'event_id,ts' } },
      ],
    };
    const problems = fieldCoverageProblems(EVENT_SCHEMAS, withList);
    expect(problems).toContain(
      'clickstream.session_id: connectors/postgres/x.json writes only the fields in field.include.list, which lacks session_id; add it (step 7)',
    );
    expect(problems.some((problem) => problem.startsWith('clickstream.event_id:'))).toBe(false);
    expect(problems.some((problem) => problem.startsWith('sales.'))).toBe(false);
  });
});
