import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { REPO_ROOT } from '../../lib/repo-root.js';
import { STREAMS } from '../../lib/streams.js';
import { expectedIngestFiles, ingestFileOf } from './ingest-files.js';

/** `npm run ingest:sql`: regenerates sql/clickhouse/ingest/*.sql from the event schemas. */
const files = expectedIngestFiles();
for (const stream of STREAMS) {
  writeFileSync(ingestFileOf(stream), files[stream]);
  process.stdout.write(`Wrote ${relative(REPO_ROOT, ingestFileOf(stream))}\n`);
}
